/**
 * Keyboard helpers shared by every page that has its own keys (the player, lessons, the
 * playground's and the MNIST page's step-into views).
 */

/**
 * Whether a key press is typing into a field (a text box, a list to choose from, editable text),
 * which page shortcuts must leave alone. A slider counts as typing unless `rangeIsTyping` is false,
 * for views where the arrows should step the view even while a slider has the focus.
 */
export function isTyping(target: EventTarget | null, { rangeIsTyping = true }: { rangeIsTyping?: boolean } = {}): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return rangeIsTyping || target.type !== 'range';
  return target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}
