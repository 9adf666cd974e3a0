// The entry of a parse thread (parse-pool.ts): parseFeed on each body it is sent, the feed or the
// error posted back. Nothing else runs here; the thread keeps no state between feeds.
import { parentPort } from 'node:worker_threads';
import { ParseError, parseFeed } from './parse-feed.js';
import type { ParseReply, ParseRequest } from './parse-pool.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs as a worker thread of parse-pool.ts');

port.postMessage({ ready: true } satisfies ParseReply);
port.on('message', (request: ParseRequest) => {
  parseFeed(request.body, request.options).then(
    (feed) => port.postMessage({ id: request.id, feed } satisfies ParseReply),
    (error: unknown) => port.postMessage({ id: request.id, error: describeError(error) } satisfies ParseReply),
  );
});

function describeError(error: unknown): Extract<ParseReply, { error: unknown }>['error'] {
  if (error instanceof ParseError) return { name: error.name, message: error.message, code: error.code, feedUrl: error.feedUrl };
  if (error instanceof Error) return { name: error.name, message: error.message, code: null, feedUrl: null };
  return { name: 'Error', message: String(error), code: null, feedUrl: null };
}
