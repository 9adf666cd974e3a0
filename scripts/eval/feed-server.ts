// The feeds of a run, served by a real HTTP server on 127.0.0.1 (one path per source), as a
// deployment fetches them: the poller sees status, Content-Type with charset, and the body bytes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FeedDocument } from './feed-document.js';

export interface FeedServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Serves `document` at `path` from now on (replacing what was there). */
  set(path: string, document: FeedDocument): void;
  /** Forgets every path (the next run starts empty). */
  clear(): void;
  /** Requests answered so far. */
  requests(): number;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port; unknown paths answer 404. */
export async function startFeedServer(): Promise<FeedServer> {
  const documents = new Map<string, FeedDocument>();
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const document = documents.get((req.url ?? '/').split('?')[0]!);
    if (!document) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': document.contentType, 'content-length': document.body.length }).end(document.body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (path, document) => void documents.set(path, document),
    clear: () => documents.clear(),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
