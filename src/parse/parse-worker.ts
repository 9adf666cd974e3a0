// The entry of a parse thread (parse-pool.ts): parseFeed on each body it is sent, the feed or the
// error posted back. Nothing else runs here; the thread keeps no state between feeds.
import { parentPort } from 'node:worker_threads';
import { ParseError, parseFeed } from './parse-feed.js';
import type { ParseReply, ParseRequest } from './parse-pool.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs as a worker thread of parse-pool.ts');

/**
 * Test hook, off unless FEEDMERGE_TEST_PARSE_HANG=1 is in the environment the thread starts with (only
 * test/worker/parse-time-limit.test.ts sets it): a body containing HANG_MARKER then never finishes
 * parsing, a loop that never yields, as a reader stuck on a hostile document would. It stands in for
 * a slow reader path that is not known yet (the known ones were removed) so that the pool's time
 * limit is tested against a real stuck thread. Read here, not through the config: the marker must
 * never do anything in a real deployment, and no config key should be able to switch it on.
 */
const HANG_MARKER = Buffer.from('<!-- feedmerge-test: parse hangs -->');
const hangHook = process.env['FEEDMERGE_TEST_PARSE_HANG'] === '1';

port.postMessage({ ready: true } satisfies ParseReply);
port.on('message', (request: ParseRequest) => {
  if (hangHook && Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength).includes(HANG_MARKER)) {
    for (;;);
  }
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
