import { svelte } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';
import type { PreprocessorGroup } from 'svelte/compiler';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { contentSecurityPolicy } from './src/app/content-security-policy.ts';
import { serviceWorker } from './src/app/offline/service-worker-plugin.ts';
import { mnistAssets } from './scripts/vite-mnist-assets.ts';
import { preprocessLessonMath } from './src/ui/lesson/math-preprocess.ts';

/** `$…$` in a lesson becomes a Tex component before mdsvex reads the Markdown. */
const lessonMath: PreprocessorGroup = {
  name: 'lesson-math',
  markup: ({ content, filename }) => {
    if (filename === undefined || !filename.endsWith('.md')) return undefined;
    return { code: preprocessLessonMath(content, '/src/ui/Tex.svelte') };
  },
};

const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative asset URLs, so `dist/` works from any static server under any sub-path.
  base: './',
  // Static files served at the root and copied into dist/; kept under src/ so the top level stays
  // small. Its mnist/ folder is generated (gzip MNIST, see scripts/build-mnist-assets.ts).
  publicDir: 'src/app/public',
  // Svelte 5 compiles `lang="ts"` natively, so there is no svelte.config.js to look for.
  // Lessons (lessons/*.md) are Markdown with Svelte components inside, compiled by mdsvex after
  // their `$…$` maths has been moved out of the Markdown's way (see src/ui/lesson/math-preprocess.ts).
  plugins: [
    svelte({
      configFile: false,
      extensions: ['.svelte', '.md'],
      preprocess: [lessonMath, mdsvex({ extensions: ['.md'] })],
      // mdsvex writes the front matter into `<script context="module">`, which Svelte 5 still
      // compiles but warns about; nothing else is filtered.
      onwarn: (warning, handler) => {
        if (warning.code !== 'script_context_deprecated') handler?.(warning);
      },
    }),
    mnistAssets(),
    serviceWorker(),
    contentSecurityPolicy(),
  ],
  // Cross-origin isolation, so the MNIST worker gets SharedArrayBuffer and trains on two cores
  // (src/tensor/kernels/browser-threads.ts). Everything the app loads is same-origin.
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
  resolve: {
    // Lessons import their components and widgets from one place: `import { Step } from '$lesson'`.
    alias: { $lesson: fileURLToPath(new URL('./src/ui/lesson/index.ts', import.meta.url)) },
  },
  test: {
    // `default` for the usual output; the summary reporter adds one machine-readable last line.
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          // A guard against hangs, not a speed check: CLI tests start tsx processes and some
          // layout tests build 500-box graphs, which take several seconds on a busy 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Starts a Vite dev server and provides its URL to the tests (see test/e2e/browser.ts).
          globalSetup: ['test/e2e/global-setup.ts'],
          // A browser per file and a production build are slow on a 2-core machine:
          // run after the unit tests, one file at a time, with generous timeouts.
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
