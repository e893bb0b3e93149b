/**
 * The Content-Security-Policy of a built tracegrad, written into dist/index.html as a meta tag by
 * the Vite plugin below (README.md's hosting paragraph gives the same policy as a header, which
 * a host can send instead). Everything the app runs and fetches is its own: a problem file, a
 * link or a lesson can carry text but can never bring in a script. The dev server has no policy:
 * its hot reload injects scripts and styles a policy would refuse.
 */
import type { Plugin } from 'vite';

const DIRECTIVES: readonly (readonly [string, ...string[]])[] = [
  ['default-src', "'self'"],
  // 'wasm-unsafe-eval' allows compiling WebAssembly (the MNIST kernels) and nothing else: no eval,
  // no new Function, no inline script.
  ['script-src', "'self'", "'wasm-unsafe-eval'"],
  ['worker-src', "'self'"],
  ['connect-src', "'self'"],
  // 'unsafe-inline' for styles only, because it cannot be avoided: KaTeX's HTML sets heights and
  // offsets in style="" attributes, and Svelte writes style="" and style: directives into its
  // templates. A style cannot run code; scripts stay locked to the app's own files.
  ['style-src', "'self'", "'unsafe-inline'"],
  // data: for an SVG drawn onto a canvas by "Export PNG"; blob: for files the app builds to download.
  ['img-src', "'self'", 'data:', 'blob:'],
  // data: because Vite inlines KaTeX's smallest fonts (under 4 kB) into the stylesheet as data: URLs.
  ['font-src', "'self'", 'data:'],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
];

/** The policy as one header value (or meta content): `default-src 'self'; script-src …`. */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.map((directive) => directive.join(' ')).join('; ');

/** Puts the policy first in the built index.html's head, before anything it governs. */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'tracegrad-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}
