/**
 * Makes an element's children equal to a fragment's by changing only what differs: nodes of the
 * same kind and tag in the same place are kept and brought up to date (attributes, text), the
 * rest are replaced. KaTeX lays out a formula as hundreds of spans, and the formula of one step
 * usually has the shape of the last one with other indices and numbers; keeping the spans means
 * the browser styles and lays out the few that changed instead of the whole formula again.
 *
 * Meant for markup without listeners or element state (typeset formulas): a kept node is only
 * compared by tag, attributes and text.
 */
export function morphChildren(target: Element, source: DocumentFragment | Element): void {
  let kept = target.firstChild;
  let incoming = source.firstChild;
  while (incoming !== null) {
    const nextIncoming = incoming.nextSibling;
    if (kept !== null && sameKind(kept, incoming)) {
      if (kept instanceof Element) {
        syncAttributes(kept, incoming as Element);
        morphChildren(kept, incoming as Element);
      } else if (kept.nodeValue !== incoming.nodeValue) {
        kept.nodeValue = incoming.nodeValue;
      }
      kept = kept.nextSibling;
    } else if (kept !== null) {
      const replaced = kept;
      kept = kept.nextSibling;
      target.replaceChild(incoming, replaced);
    } else {
      target.appendChild(incoming);
    }
    incoming = nextIncoming;
  }
  while (kept !== null) {
    const extra = kept;
    kept = kept.nextSibling;
    target.removeChild(extra);
  }
}

/** Markup parsed into nodes that are not in the page yet. */
export function parseFragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

function sameKind(kept: Node, incoming: Node): boolean {
  if (kept.nodeType !== incoming.nodeType) return false;
  return !(kept instanceof Element) || kept.tagName === (incoming as Element).tagName;
}

function syncAttributes(kept: Element, incoming: Element): void {
  const wanted = incoming.attributes;
  for (let i = 0; i < wanted.length; i++) {
    const { name, value } = wanted[i]!;
    if (kept.getAttribute(name) !== value) kept.setAttribute(name, value);
  }
  // Only when the kept element has more attributes than wanted can one of them be stale.
  if (kept.attributes.length === wanted.length) return;
  for (const { name } of [...kept.attributes]) {
    if (!incoming.hasAttribute(name)) kept.removeAttribute(name);
  }
}
