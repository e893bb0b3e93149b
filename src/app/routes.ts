import type { Component } from 'svelte';
import CheckPage from './pages/CheckPage.svelte';
import EmbedPage from './pages/EmbedPage.svelte';
import HomePage from './pages/HomePage.svelte';
import MnistPage from './pages/MnistPage.svelte';
import LessonPage from './pages/LessonPage.svelte';
import LessonsPage from './pages/LessonsPage.svelte';
import PlayerPage from './pages/PlayerPage.svelte';
import PlaygroundPage from './pages/PlaygroundPage.svelte';
import ProblemSetPage from './pages/ProblemSetPage.svelte';

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
  ['/lessons', { title: 'Lessons', page: LessonsPage }],
  ['/lesson', { title: 'Lesson', page: LessonPage, wide: true }],
  ['/playground', { title: 'Playground', page: PlaygroundPage, wide: true }],
  ['/check', { title: 'Check my answers', page: CheckPage }],
  ['/problem-set', { title: 'Make a problem set', page: ProblemSetPage }],
  ['/mnist', { title: 'MNIST: backprop on real digits', page: MnistPage, wide: true }],
  // The player alone, for an iframe in a slide deck; it hides the site's header and footer itself.
  ['/embed', { title: 'Player', page: EmbedPage, wide: true }],
]);
