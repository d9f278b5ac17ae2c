/**
 * A static file server on 127.0.0.1 for the end-to-end tests: serves the test pages
 * (tests/e2e/pages/) and the saved fixture pages (tests/fixtures/html/) from one origin,
 * on a free port. Only GET and HEAD, only files under the roots, nothing cached.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** 'http://127.0.0.1:PORT' */
  origin: string;
  close(): Promise<void>;
}

/** Serves `mounts` (URL prefix → directory) on 127.0.0.1. */
export async function startServer(mounts: Record<string, string>): Promise<StaticServer> {
  const roots = Object.entries(mounts).map(([prefix, dir]) => [prefix, resolve(dir)] as const);
  const server: Server = createServer((request, response) => {
    // A browser may reset a connection it no longer needs: not a failure of the run.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    for (const [prefix, root] of roots) {
      if (!path.startsWith(prefix)) continue;
      let file = normalize(join(root, path.slice(prefix.length)));
      if (!file.startsWith(root + sep) && file !== root) break;
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file)) break;
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      if (request.method === 'HEAD') response.end();
      else
        createReadStream(file)
          .on('error', () => response.destroy())
          .pipe(response);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
