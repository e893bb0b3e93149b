/**
 * A Vite plugin that compiles service-worker.ts on its own and writes it to the root of a build
 * as service-worker.js, where its scope covers the whole app. (Vite's own worker bundling puts
 * files under assets/, whose scope would be assets/ only.) The dev server has no service worker:
 * it would keep serving old files while a person edits them.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transformWithOxc, type Plugin } from 'vite';

export const SERVICE_WORKER_FILE = 'service-worker.js';
const SOURCE = fileURLToPath(new URL('./service-worker.ts', import.meta.url));

export function serviceWorker(): Plugin {
  return {
    name: 'tracegrad-service-worker',
    apply: 'build',
    // After Vite's own plugins, so index.html is in the bundle too.
    enforce: 'post',
    async generateBundle(_options, bundle) {
      // KaTeX's fonts come in three formats; browsers that run this app take woff2, and fetch
      // (and keep) another format only if they need it.
      const files = [...Object.keys(bundle).filter((file) => !/\.(woff|ttf)$/.test(file) && !file.endsWith('.map'))].sort();
      const buildCache = `tracegrad-app-${createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12)}`;
      const compiled = await transformWithOxc(await readFile(SOURCE, 'utf8'), SOURCE, { lang: 'ts' });
      // The worker runs as a classic script, where `export {}` would be a syntax error.
      const body = compiled.code.replace(/^export \{\s*\};?\s*$/m, '');
      const code = `const BUILD_FILES = ${JSON.stringify(files)};\nconst BUILD_CACHE = ${JSON.stringify(buildCache)};\n${body}`;
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: code });
    },
  };
}
