/**
 * A recording HTTP proxy for the zero-network tests: both browsers are launched with every
 * request sent through it (loopback included), so it sees what any context makes, the
 * extension's service worker or background page, its pages and its content scripts included,
 * whatever the browser's own instrumentation exposes (WebDriver BiDi does not show a Firefox
 * extension's background page). Requests for the test server are forwarded to it; any other
 * destination is refused (403, and CONNECT tunnels closed) and recorded like the rest.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

/** Connection errors (resets by the browser) are expected; see the request handler. */
const ignore = (): void => undefined;
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  /** ms since the proxy started. */
  at: number;
  method: string;
  /** Absolute URL (http://host:port/path), or `host:port` for a CONNECT tunnel. */
  url: string;
  /** Who the browser says made it: Origin, Referer and the Fetch Metadata headers. */
  origin: string | null;
  referer: string | null;
  mode: string | null;
  dest: string | null;
  site: string | null;
  forwarded: boolean;
}

export interface RecordingProxy {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  port: number;
  /** Every request seen so far, in order. */
  requests: ProxiedRequest[];
  /** Requests seen since `mark` (a value of `now()`). */
  since(mark: number): ProxiedRequest[];
  now(): number;
  close(): Promise<void>;
}

const header = (request: IncomingMessage, name: string): string | null => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
};

/** Starts the proxy; requests for `allowedOrigin` ('http://127.0.0.1:PORT') are forwarded. */
export async function startRecordingProxy(allowedOrigin: string): Promise<RecordingProxy> {
  const allowed = new URL(allowedOrigin);
  const started = performance.now();
  const now = () => performance.now() - started;
  const requests: ProxiedRequest[] = [];
  const record = (request: IncomingMessage, url: string, forwarded: boolean) =>
    requests.push({
      at: now(),
      method: request.method ?? '',
      url,
      origin: header(request, 'origin'),
      referer: header(request, 'referer'),
      mode: header(request, 'sec-fetch-mode'),
      dest: header(request, 'sec-fetch-dest'),
      site: header(request, 'sec-fetch-site'),
      forwarded,
    });

  const server: Server = createServer((request, response) => {
    // Browsers reset connections they no longer need: a reset is not a test failure, and an
    // 'error' event with no listener would end the whole run.
    request.on('error', ignore);
    response.on('error', ignore);
    let target: URL | null;
    try {
      target = new URL(request.url ?? '');
    } catch {
      target = null;
    }
    const forward = target !== null && target.host === allowed.host && target.protocol === 'http:';
    record(request, target?.href ?? String(request.url), forward);
    if (!forward || !target) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('refused by the test proxy');
      return;
    }
    const upstream = httpRequest(
      {
        host: allowed.hostname,
        port: allowed.port,
        method: request.method,
        path: `${target.pathname}${target.search}`,
        headers: request.headers,
      },
      (answer) => {
        answer.on('error', ignore);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  // HTTPS and WebSocket tunnels: recorded and refused.
  server.on('clientError', (_error, socket) => socket.destroy());
  server.on('connect', (request: IncomingMessage, socket) => {
    socket.on('error', ignore);
    record(request, String(request.url), false);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('upgrade', (request: IncomingMessage, socket) => {
    socket.on('error', ignore);
    record(request, String(request.url), false);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    since: (mark) => requests.filter((r) => r.at >= mark),
    now,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
