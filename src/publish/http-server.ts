// The HTTP face of feedmerge: the published documents (with validators and encodings), the pages
// for people, /healthz, /readyz and /metrics. Building the server is separate from listening.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';
import type { Config } from '../config/schema.js';
import type { Log } from '../log.js';
import { createDocumentResponder, PAGE_POLICY, type DocumentResponder } from './document-responses.js';
import { serveConnection } from './fast-http.js';
import type { Publication } from './render-publication.js';

export { negotiateEncoding } from './document-responses.js';

/** Whether this instance should get traffic: `ready` false answers 503. `facts` are shown either way. */
export interface Readiness {
  ready: boolean;
  /** Why not ready, in fixed words (it is answered to anyone who asks); null when ready. */
  reason: string | null;
  /**
   * The whole story behind `reason`, for the log only: a store's error may name the database
   * server's host and port or the file's path, which /readyz does not tell whoever asks.
   */
  detail?: string;
  facts: Record<string, unknown>;
}

/** What the server asks the rest of the service at request time (the store, the metrics). */
export interface ServiceStatus {
  readiness(): Promise<Readiness>;
  /** The Prometheus text exposition of every metric of the service. */
  metrics(): Promise<{ contentType: string; text: string }>;
  /** The search page for a reader's query (rendered from the store per request). */
  search(query: string): Promise<string>;
}

export interface HttpOptions {
  config: Pick<Config, 'schedule'>;
  getPublication: () => Publication;
  status: ServiceStatus;
  /** Where every 5xx answer is logged with its cause, one line each (a refused search excepted). */
  log?: Pick<Log, 'error'>;
}

/** The log line of a 503 from /readyz: the answer's fixed reason, then what the store said (`detail`). */
function unreadyLogLine(readiness: Readiness): string {
  return `GET /readyz: 503: ${readiness.reason ?? 'not ready'}${readiness.detail ? `: ${readiness.detail}` : ''}`;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>, head: boolean): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'content-length': bytes.length, 'cache-control': 'no-store', ...headers });
  res.end(head ? undefined : bytes);
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const HTML = { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_POLICY };
/** The message of the error a service's search throws when it is already running as many searches as it allows. */
export const SEARCH_BUSY = 'search busy';
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/**
 * The node:http request handler: GET/HEAD of /feeds/<output>.xml|.atom|.json (and older pages),
 * the pages, /healthz, /readyz and /metrics; 404 for other paths, 405 for other methods.
 * Documents come from `getPublication()` as rendered at publish time; nothing is rendered per request.
 */
export function createHttpHandler(
  options: HttpOptions & { responder?: DocumentResponder },
): (req: IncomingMessage, res: ServerResponse) => void {
  const { getPublication, status } = options;
  const responder = options.responder ?? createDocumentResponder(options.config);

  return (req, res) => {
    // Every 5xx is logged with its cause: an operator must be able to tell why the feeds are down.
    const serverError = (status5xx: number, body: string, cause: unknown, head: boolean): void => {
      const line = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]!;
      options.log?.error(`${req.method ?? 'GET'} ${req.url ?? '/'}: ${status5xx}: ${line}`);
      send(res, status5xx, body, TEXT, head);
    };
    const fail = (error: unknown): void => {
      if (!res.headersSent) serverError(500, 'Internal Server Error\n', error, false);
      else {
        options.log?.error(`${req.method ?? 'GET'} ${req.url ?? '/'}: failed while answering: ${(error as Error).message}`);
        res.destroy(error as Error);
      }
    };
    try {
      const method = req.method ?? 'GET';
      const url = originForm(req.url ?? '/');
      const query = url.indexOf('?');
      const path = query === -1 ? url : url.slice(0, query);
      if (method !== 'GET' && method !== 'HEAD') {
        send(res, 405, 'Method Not Allowed\n', { ...TEXT, allow: 'GET, HEAD' }, false);
        return;
      }
      const head = method === 'HEAD';
      // Nothing published yet (the first render failed): /healthz, /readyz, /metrics and search still answer.
      let publication: Publication | null = null;
      let unpublished: unknown = null;
      try {
        publication = getPublication();
      } catch (error) {
        unpublished = error;
      }
      const document =
        publication &&
        responder.respond(publication, path, {
          ifNoneMatch: req.headers['if-none-match'],
          ifModifiedSince: req.headers['if-modified-since'],
          acceptEncoding: req.headers['accept-encoding'],
        });
      if (document) {
        res.writeHead(document.status, document.headers);
        res.end(head ? undefined : document.body);
        return;
      }
      if (path === '/healthz') {
        // Liveness only: the process answers. Whether it should get traffic is /readyz.
        send(res, 200, `${JSON.stringify({ ok: true })}\n`, JSON_TYPE, head);
        return;
      }
      if (path === '/readyz') {
        status.readiness().then(
          (r) => {
            if (!r.ready) options.log?.error(unreadyLogLine(r));
            send(res, r.ready ? 200 : 503, `${JSON.stringify({ ready: r.ready, reason: r.reason, ...r.facts })}\n`, JSON_TYPE, head);
          },
          (error: unknown) => {
            // The error's text stays in the log, as a store error's does (see Readiness.detail).
            options.log?.error(`GET /readyz: 503: readiness check failed: ${String(error)}`);
            send(res, 503, `${JSON.stringify({ ready: false, reason: 'readiness check failed' })}\n`, JSON_TYPE, head);
          },
        );
        return;
      }
      if (path === '/search') {
        const q = new URLSearchParams(query === -1 ? '' : url.slice(query + 1)).get('q') ?? '';
        status.search(q).then(
          (html) => send(res, 200, html, HTML, head),
          (error: unknown) => {
            if (error instanceof Error && error.message === SEARCH_BUSY) {
              // Not logged, unlike every other 5xx: a refused search is load, not a failure, and a line
              // per refusal would let any client write to the log at will when the process is busiest.
              send(res, 503, 'Too many searches at once; try again in a moment.\n', TEXT, head);
            } else serverError(500, 'search failed\n', error, head);
          },
        );
        return;
      }
      if (path === '/metrics') {
        status.metrics().then(
          (m) => send(res, 200, m.text, { 'content-type': m.contentType }, head),
          (error: unknown) => serverError(500, 'metrics failed\n', error, head),
        );
        return;
      }
      if (!publication) serverError(503, 'Service Unavailable: nothing published yet\n', unpublished, head);
      else send(res, 404, 'Not Found\n', TEXT, head);
    } catch (error) {
      fail(error);
    }
  };
}

export interface FeedServer {
  /** The listening socket server (not yet listening); under node:cluster, workers share its port. */
  server: net.Server;
  /** Stops listening and closes every connection, idle or not. */
  close(): Promise<void>;
}

/**
 * The server: plain GET/HEAD requests for documents take the fast path (fast-http.ts); every
 * other request, and every later one on its connection, goes to node:http with `createHttpHandler`.
 */
export function createFeedServer(options: HttpOptions): FeedServer {
  const responder = createDocumentResponder(options.config);
  const httpServer = http.createServer(createHttpHandler({ ...options, responder }));
  // node:http starts its per-connection checks (headersTimeout, requestTimeout) and the tracking
  // that closeAllConnections() uses on 'listening'. This server never listens itself: its
  // connections come from the socket server below, so it is told here.
  httpServer.emit('listening');
  const sockets = new Set<Socket>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket, {
      responder,
      getPublication: options.getPublication,
      idleTimeoutMs: httpServer.keepAliveTimeout,
      handOff(handed, unread) {
        if (unread.length > 0) handed.unshift(unread);
        httpServer.emit('connection', handed);
      },
    });
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        httpServer.close(() => {});
        httpServer.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * The path and query of a request target. RFC 9112 §3.2.2: a server must accept the absolute form
 * ("GET http://host/feeds/all.json"), which clients talking to a proxy send; before, it answered 404.
 * Only "scheme://host[:port]" is cut off the raw target: no dot segment or %-escape is resolved, so
 * both forms route alike. (Parsed as a URL, "http://x/feeds/../metrics" became "/metrics", and a proxy
 * that lets only /feeds/… through could be walked past to /metrics and /search.)
 */
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  const authority = /^https?:\/\/[^/?#]*/i.exec(target);
  if (!authority) return target;
  const rest = target.slice(authority[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
