import type { Component } from 'svelte';
import HomePage from './pages/HomePage.svelte';
import PlayerPage from './pages/PlayerPage.svelte';

export interface Route {
  /** Shown in the browser tab, before "· tracegrad". */
  title: string;
  page: Component;
  /** Pages of pictures and formulas side by side use the whole window width. */
  wide?: boolean;
}

/** Every page by hash path: add an entry here and the page is reachable at `#<path>`. */
export const routes: ReadonlyMap<string, Route> = new Map([
  ['/', { title: 'Backpropagation, replayed', page: HomePage }],
  ['/player', { title: 'Step-through player', page: PlayerPage, wide: true }],
]);
