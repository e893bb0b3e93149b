/**
 * Registers the service worker of a built app, so that it works offline after one visit. Not in
 * development (see service-worker-plugin.ts), and not where the browser has no service workers
 * (plain http on another host than localhost): the app then simply needs the network.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // Relative to the page, so a build served under a sub-path registers its own worker.
  navigator.serviceWorker.register('./service-worker.js').catch((error: unknown) => {
    console.warn(`tracegrad works online only: the offline copy could not be set up (${error instanceof Error ? error.message : String(error)})`);
  });
}
