/**
 * Svelte's browser build for DOM component tests. Vitest resolves `svelte` through Node, which
 * picks the server build (where mount() throws); the unit project keeps Node resolution for
 * everything else, so component tests load the client entry by path.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as SvelteApi from 'svelte';

export const clientEntry = pathToFileURL(resolve(process.cwd(), 'node_modules/svelte/src/index-client.js')).href;
export const { flushSync, mount, unmount } = (await import(/* @vite-ignore */ clientEntry)) as typeof SvelteApi;
