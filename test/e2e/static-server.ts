import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export interface StaticServer {
  /** URL of the mounted directory, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `dir` at `mountPath` (e.g. `/some/sub/path/`) on a free localhost port, the way a
 * plain static host would: no rewrites, a directory means its index.html, anything outside
 * the mount or missing is a 404. `headers` go with every file (a host's Content-Security-Policy, say).
 */
export async function serveStatic(dir: string, mountPath: string, headers: Readonly<Record<string, string>> = {}): Promise<StaticServer> {
  const root = normalize(dir) + sep;

  /** The file a request path names, or undefined if it is outside the mount. */
  const fileFor = (pathname: string): string | undefined => {
    if (!pathname.startsWith(mountPath)) return undefined;
    let relative = decodeURIComponent(pathname.slice(mountPath.length));
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = normalize(join(root, relative));
    return file.startsWith(root) ? file : undefined;
  };

  const server = createServer((request, response) => {
    const file = fileFor(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
        response.writeHead(200, { ...headers, 'content-type': type }).end(body);
      },
      () => response.writeHead(404).end(),
    );
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server has no TCP port');
  return {
    url: `http://127.0.0.1:${address.port}${mountPath}`,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
