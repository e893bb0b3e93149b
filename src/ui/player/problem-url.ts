/**
 * A problem carried in a link: its JSON in base64url, so a pasted or edited network survives a
 * reload and can be shared. Decoding errors become ProblemErrors with a one-line message.
 */
import { ProblemError, parseProblemText, problemToJson, type Problem } from '../../data/problem';

export function encodeProblem(problem: Problem): string {
  const bytes = new TextEncoder().encode(JSON.stringify(problemToJson(problem)));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeProblem(encoded: string): Problem {
  let text: string;
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    throw new ProblemError('the problem in the link is damaged (it is not valid base64url text)');
  }
  return parseProblemText(text);
}
