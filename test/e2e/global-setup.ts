import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Root URL of the app under test, ending in `/`. */
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Serves the app with the Vite dev server on a free localhost port for the e2e project. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await createServer({
    root,
    configFile: `${root}vite.config.ts`,
    logLevel: 'warn',
    clearScreen: false,
    // Port 0 lets the OS pick a free port, so a running `npm start` does not get in the way.
    // No file watching: tests do not edit sources, and watchers cost CPU on small CI machines.
    server: { host: '127.0.0.1', port: 0, strictPort: true, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (address === null || address === undefined || typeof address === 'string') {
    await server.close();
    throw new Error(`Vite dev server did not report a TCP address (got ${String(address)})`);
  }
  project.provide('baseUrl', `http://127.0.0.1:${address.port}/`);
  return () => server.close();
}
