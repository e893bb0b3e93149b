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

/**
 * How a request is looked up. `ignoreVary`: a server may send `Vary: Origin` (vite preview does),
 * and the page asks for its scripts with CORS (an Origin header) while install fetched them
 * without, so a lookup that honoured Vary found nothing offline. `ignoreSearch`: a `?v=` on a
 * file's address does not make it another file.
 */
const LOOKUP: CacheQueryOptions = { ignoreSearch: true, ignoreVary: true };

/**
 * A server's HTML answer to a request that is not a page: servers with a single-page fallback
 * answer a deleted file (a chunk of an earlier build, after a redeploy) with index.html and 200.
 * Taken for a script, it fails with a MIME-type error; kept, it would stand in for the file offline.
 */
function isFallbackPage(request: Request, response: Response): boolean {
  return request.mode !== 'navigate' && (response.headers.get('content-type') ?? '').startsWith('text/html');
}

async function fromNetworkElseCache(request: Request): Promise<Response> {
  const cache = await caches.open(BUILD_CACHE);
  let response: Response;
  try {
    response = await fetch(request);
  } catch (offline) {
    // Every page of the app is index.html (its routes are in the #fragment), whatever the address;
    // only a page is ever answered with it, never a script or a stylesheet.
    const page = request.mode === 'navigate' ? await cache.match(new URL('index.html', worker.registration.scope).href, LOOKUP) : undefined;
    const cached = (await cache.match(request, LOOKUP)) ?? page;
    if (cached !== undefined) return cached;
    throw offline;
  }
  if (response.ok && !isFallbackPage(request, response)) {
    await cache.put(request, response.clone());
    return response;
  }
  // The server no longer has the file (a tab opened before a redeploy asks for a chunk of its own
  // build): any build's copy is the right one, since file names carry a hash of their content.
  const kept = await caches.match(request, LOOKUP);
  if (kept !== undefined) return kept;
  return isFallbackPage(request, response) ? new Response(null, { status: 404, statusText: 'Not Found' }) : response;
}

/** An entry in each build's cache saying when it was installed, so the builds can be put in order. */
const INSTALLED_AT = new URL('.tracegrad-installed-at', worker.registration.scope).href;

async function keepBuildFiles(): Promise<void> {
  const cache = await caches.open(BUILD_CACHE);
  await cache.addAll(BUILD_FILES.map((file) => new URL(file, worker.registration.scope).href));
  await cache.put(INSTALLED_AT, new Response(String(Date.now())));
}

/**
 * Files of earlier builds are asked for only by tabs opened before a redeploy, nearly always of
 * the build just before this one: keep that one (so such a tab can still open a lesson whose chunk
 * the server has deleted) and drop the rest.
 */
async function dropOlderBuilds(): Promise<void> {
  const older: { name: string; installedAt: number }[] = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(CACHE_PREFIX) || name === BUILD_CACHE) continue;
    const stamp = await (await caches.open(name)).match(INSTALLED_AT);
    older.push({ name, installedAt: stamp === undefined ? 0 : Number(await stamp.text()) });
  }
  older.sort((a, b) => b.installedAt - a.installedAt);
  for (const { name } of older.slice(1)) await caches.delete(name);
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
