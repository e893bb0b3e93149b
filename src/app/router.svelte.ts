/**
 * Hash-based routing: `#/player?step=3` is path `/player` with query `step=3`.
 *
 * Hash URLs need no server rewrites, so the static `dist/` works from any server and
 * sub-path. The current location is one piece of reactive state that every view reads;
 * views change it only by linking to `href(path)`, so the URL stays the single source.
 */

export interface HashLocation {
  /** Always starts with `/`, never ends with one (except the home path `/` itself). */
  path: string;
  query: URLSearchParams;
}

/** Reads a `location.hash`; `''`, `'#'` and `'#/'` are all the home page. */
export function parseHash(hash: string): HashLocation {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const queryStart = fragment.indexOf('?');
  const rawPath = queryStart === -1 ? fragment : fragment.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? '' : fragment.slice(queryStart + 1);
  const segments = rawPath.split('/').filter((segment) => segment !== '');
  return { path: `/${segments.join('/')}`, query: new URLSearchParams(rawQuery) };
}

/** The link target for an app path, e.g. `href('/player')` is `#/player`. */
export function href(path: string): string {
  return `#${path}`;
}

class HashRouter {
  /** Replaced as a whole on every hash change, never mutated. */
  location: HashLocation = $state.raw(parseHash(''));

  /** Follows the window's hash from now on; call once, before mounting the app. */
  start(win: Window): void {
    const update = (): void => {
      this.location = parseHash(win.location.hash);
    };
    update();
    win.addEventListener('hashchange', update);
  }
}

export const router = new HashRouter();
