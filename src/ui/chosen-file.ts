/**
 * Reading the file a person picks in an `<input type="file">`. The input is read and cleared before
 * anything is awaited: the browser sets `event.currentTarget` to null once a handler has yielded,
 * so a handler that cleared it after `await file.text()` threw "Cannot set properties of null".
 * Clearing it lets the same file be chosen again after it was fixed (otherwise no `change` fires).
 */
import { LIMITS, checkLimit } from '../data/limits';

/** The chosen file (or none), with the input emptied for the next choice. */
export function takeChosenFile(event: Event): File | undefined {
  const input = event.currentTarget;
  if (!(input instanceof HTMLInputElement)) return undefined;
  const file = input.files?.[0];
  input.value = '';
  return file;
}

/** The file's text (a leading byte-order mark dropped, as `Blob.text` does); a file over the page's limit is refused (LimitError) before it is read. */
export async function readChosenText(file: File): Promise<string> {
  checkLimit(LIMITS.pageFileBytes, file.size, 'the file');
  return file.text();
}
