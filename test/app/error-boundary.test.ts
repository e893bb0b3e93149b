// @vitest-environment happy-dom
/**
 * A page whose component throws leaves the app usable: the site's header stays, the page's place
 * shows one line saying so with a way on, and following a link shows the next page.
 */
import { afterEach, expect, test, vi } from 'vitest';
import { flushSync, mount, unmount } from '../ui/svelte-client';
import ThrowingPage from './fixtures/ThrowingPage.svelte';

// The app's own modules import `svelte` too (setContext in ui/links.ts); they must get the same
// client build the component is mounted with, not the server build Node resolution picks.
vi.mock('svelte', () => import('../ui/svelte-client').then(({ clientEntry }) => import(/* @vite-ignore */ clientEntry)));

vi.mock('../../src/app/routes', async () => {
  const { default: NotFound } = await import('../../src/app/pages/NotFoundPage.svelte');
  return {
    loadAllPages: () => Promise.resolve(),
    routes: new Map([
      ['/', { title: 'Broken', page: () => ThrowingPage }],
      ['/fine', { title: 'Fine', page: () => NotFound }],
    ]),
  };
});

afterEach(() => {
  vi.restoreAllMocks();
});

test('a page that throws shows one line with a way on, and the next page shows normally', async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const { default: App } = await import('../../src/app/App.svelte');
  const { router } = await import('../../src/app/router.svelte');
  const target = document.createElement('div');
  document.body.append(target);
  const app = mount(App, { target });
  flushSync();

  const message = target.querySelector('[data-page-error]');
  expect(message?.textContent?.replace(/\s+/g, ' ').trim()).toBe('This page stopped with an error (this page has a bug). Try again or go to the home page.');
  expect(target.querySelector('.site-header')).not.toBeNull();
  // Logged for whoever debugs it, once.
  expect(logged).toHaveBeenCalledTimes(1);

  window.location.hash = '#/fine';
  router.start(window);
  flushSync();
  expect(target.querySelector('[data-page-error]')).toBeNull();
  expect(target.querySelector('main h1')).not.toBeNull();

  void unmount(app);
  target.remove();
});
