/**
 * The service worker of a built tracegrad: every file of the app is kept in the Cache API when it
 * is fetched, so a page opened once opens again without a network (a lecture hall's Wi-Fi, a
 * train). It asks the network first, so a new version is picked up whenever there is one; only
 * when the network fails does it answer from the cache. The MNIST digits have a cache of their
 * own (src/data/mnist-fetch.ts) and are not stored twice.
 *
 * Compiled on its own and written to the root of dist/ by the plugin in service-worker-plugin.ts,
 * so its scope is the whole app; it imports nothing, and the empty export below only makes the
 * compiler treat it as a module of its own (the plugin drops it).
 */
export {};

/** The parts of a service worker's global scope and events used here (TypeScript's DOM library has none of them). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}

interface ServiceWorkerScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

/**
 * Written in by the plugin: the build's files (relative to the app's root) and a name for this
 * build's cache. The first visit loads the page before the worker runs, so without this list the
 * files it loaded would not be kept until they were fetched again.
 */
declare const BUILD_FILES: readonly string[];
declare const BUILD_CACHE: string;

const worker = self as unknown as ServiceWorkerScope;

/** Every cache of the app's files is named so; the MNIST cache is not. */
const CACHE_PREFIX = 'tracegrad-app-';

/** Requests this worker answers: the app's own files, read with GET, except the MNIST data. */
function isAppFile(request: Request, scope: string): boolean {
  return request.method === 'GET' && request.url.startsWith(scope) && !new URL(request.url).pathname.includes('/mnist/');
}

async function fromNetworkElseCache(request: Request): Promise<Response> {
  const cache = await caches.open(BUILD_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    // Every page of the app is index.html (its routes are in the #fragment), whatever the address.
    const page = request.mode === 'navigate' ? await cache.match(new URL('index.html', worker.registration.scope).href) : undefined;
    const cached = (await cache.match(request, { ignoreSearch: true })) ?? page;
    if (cached !== undefined) return cached;
    throw offline;
  }
}

async function keepBuildFiles(): Promise<void> {
  const cache = await caches.open(BUILD_CACHE);
  await cache.addAll(BUILD_FILES.map((file) => new URL(file, worker.registration.scope).href));
}

/** Files of earlier builds are never asked for again (their names carry a hash): drop them. */
async function dropOlderBuilds(): Promise<void> {
  for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && name !== BUILD_CACHE) await caches.delete(name);
}

worker.addEventListener('install', (event) => {
  // Take over at once: the page that registered the worker should work offline from now on.
  event.waitUntil(keepBuildFiles().then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(dropOlderBuilds().then(() => worker.clients.claim()));
});

worker.addEventListener('fetch', (event) => {
  if (isAppFile(event.request, worker.registration.scope)) event.respondWith(fromNetworkElseCache(event.request));
});
