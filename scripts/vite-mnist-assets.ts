/**
 * A Vite plugin that makes sure the gzip MNIST assets exist in the public folder before the dev
 * server serves or a build copies it: a fresh clone needs no extra step, and the generated files
 * stay out of git.
 */
import type { Plugin } from 'vite';
import { ensureMnistAssets } from './build-mnist-assets.ts';

export function mnistAssets(): Plugin {
  return {
    name: 'tracegrad-mnist-assets',
    // configResolved runs for `vite`, `vite build` and the test run's dev server alike.
    async configResolved(config) {
      if (await ensureMnistAssets(config.publicDir)) config.logger.info('tracegrad: wrote the gzip MNIST assets');
    },
  };
}
