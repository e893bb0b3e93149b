import type { Component } from 'svelte';

export interface Route {
  /** Shown in the browser tab, before "· tracegrad". */
  title: string;
  /**
   * The page's component: loaded the first time the page is shown (each page is a chunk of its
   * own, so the first page does not wait for the others), then returned at once.
   */
  page: () => Component | Promise<Component>;
  /** Pages of pictures and formulas side by side use the whole window width. */
  wide?: boolean;
}

/** A page module loaded on first use; later calls return the component itself, not a promise. */
function lazy(load: () => Promise<{ default: Component }>): () => Component | Promise<Component> {
  let loaded: Component | undefined;
  return () => loaded ?? load().then((module) => (loaded = module.default));
}

/** Every page by hash path: add an entry here and the page is reachable at `#<path>`. */
export const routes: ReadonlyMap<string, Route> = new Map([
  ['/', { title: 'Backpropagation, replayed', page: lazy(() => import('./pages/HomePage.svelte')) }],
  ['/player', { title: 'Step-through player', page: lazy(() => import('./pages/PlayerPage.svelte')), wide: true }],
  ['/lessons', { title: 'Lessons', page: lazy(() => import('./pages/LessonsPage.svelte')) }],
  ['/lesson', { title: 'Lesson', page: lazy(() => import('./pages/LessonPage.svelte')), wide: true }],
  ['/playground', { title: 'Playground', page: lazy(() => import('./pages/PlaygroundPage.svelte')), wide: true }],
  ['/check', { title: 'Check my answers', page: lazy(() => import('./pages/CheckPage.svelte')) }],
  ['/problem-set', { title: 'Make a problem set', page: lazy(() => import('./pages/ProblemSetPage.svelte')) }],
  ['/expression', { title: 'Expression lab', page: lazy(() => import('./pages/ExpressionPage.svelte')), wide: true }],
  ['/mnist', { title: 'MNIST: backprop on real digits', page: lazy(() => import('./pages/MnistPage.svelte')), wide: true }],
  // The player alone, for an iframe in a slide deck; it hides the site's header and footer itself.
  ['/embed', { title: 'Player', page: lazy(() => import('./pages/EmbedPage.svelte')), wide: true }],
]);

/** Loads the code of every page (each settles even if one fails to load). */
export async function loadAllPages(): Promise<void> {
  await Promise.allSettled([...routes.values()].map((route) => route.page()));
}
