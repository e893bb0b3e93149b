/**
 * Builds the two files a lecturer copies into their own pages, each self-contained (no chunks to
 * carry along): dist/embed/reveal-tracegrad.js (the reveal.js plugin) and
 * dist/embed/tracegrad-player.js (the <tracegrad-player> element). Run by `npm run build` after
 * the app's own build; `buildEmbeds(dir)` is also what the browser tests build. A Node script, so
 * it lives with the other build scripts, outside the runtime folders.
 *
 * The element renders in a shadow root, so its components inject their styles there (Svelte's
 * `css: 'injected'`) instead of into a stylesheet of the document.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

export const EMBED_ENTRIES = {
  'reveal-tracegrad': 'src/app/embed/reveal-tracegrad.ts',
  'tracegrad-player': 'src/app/embed/tracegrad-player.ts',
} as const;

/**
 * A library build inlines every font KaTeX's CSS names; browsers that run this code all read
 * woff2, so the woff and ttf copies (two thirds of the bytes) are dropped before that happens.
 */
const katexWoff2Only: Plugin = {
  name: 'katex-woff2-only',
  enforce: 'pre',
  transform(code, id) {
    if (!id.includes('katex') || !id.includes('.css')) return undefined;
    return { code: code.replace(/,\s*url\([^)]*\.woff\) format\("woff"\)|,\s*url\([^)]*\.ttf\) format\("truetype"\)/g, ''), map: null };
  },
};

export async function buildEmbeds(outDir: string): Promise<void> {
  for (const [name, entry] of Object.entries(EMBED_ENTRIES)) {
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      plugins: [katexWoff2Only, svelte({ configFile: false, emitCss: false, compilerOptions: { css: 'injected' } })],
      build: {
        outDir,
        emptyOutDir: false,
        copyPublicDir: false,
        minify: true,
        lib: { entry: `${root}${entry}`, formats: ['es'], fileName: () => `${name}.js` },
      },
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildEmbeds(`${root}dist/embed`);
}
