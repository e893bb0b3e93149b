import type { Component } from 'svelte';
import HomePage from './pages/HomePage.svelte';

export interface Route {
  /** Shown in the browser tab, before "· tracegrad". */
  title: string;
  page: Component;
}

/** Every page by hash path: add an entry here and the page is reachable at `#<path>`. */
export const routes: ReadonlyMap<string, Route> = new Map([
  ['/', { title: 'Backpropagation, replayed', page: HomePage }],
]);
