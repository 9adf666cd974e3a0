// The parse time limit (parse.timeoutSeconds): a document a reader never finishes holds neither its
// thread nor the poll cycle. The thread is terminated and replaced, the source fails with one line
// naming the limit, its stored items stay, and the other sources are polled and stored as usual.
//
// The stuck reader is parse-worker.ts's test hook: with FEEDMERGE_TEST_PARSE_HANG=1, a body carrying
// its marker makes the thread loop for ever without yielding (no reader path known today does that;
// the hook stands in for the next one). Everything else is real: the CLI in a child process, a loopback
// HTTP server, SQLite.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { createParsePool, ParseTimeoutError } from '../../src/parse/parse-pool.js';
import { runCli, writeConfig } from '../store/cli-process.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const HANG_MARKER = '<!-- feedmerge-test: parse hangs -->';
const options = { url: 'https://nachrichten.example.de/feed.rss', fetchedAt: '2026-02-06T00:00:00.000Z' };

/** An RSS feed of `count` items (~1 KB each, so 100 of them go to a parse thread), optionally carrying the hang marker. */
function feed(tag: string, count: number, marker = ''): Buffer {
  const items = Array.from(
    { length: count },
    (_, i) =>
      `<item><title>${tag} Meldung ${i}</title><link>https://${tag}.example/${i}</link><guid>${tag}-${i}</guid>` +
      `<description>${'Die Gespräche gehen weiter, sagte ein Sprecher. '.repeat(20)}</description></item>`,
  );
  return Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?>${marker}<rss version="2.0"><channel><title>${tag}</title>${items.join('')}</channel></rss>`,
  );
}

beforeAll(() => {
  // Inherited by the pool's threads and by the CLI's child process.
  process.env['FEEDMERGE_TEST_PARSE_HANG'] = '1';
});
afterAll(() => {
  delete process.env['FEEDMERGE_TEST_PARSE_HANG'];
});

describe('parse pool time limit', () => {
  it('terminates a thread stuck past the limit, fails its feed with PARSE_TIMEOUT and parses the next on a new thread', async () => {
    const pool = createParsePool({ threads: 1, minBytes: 0, timeoutMs: 500 });
    try {
      const stuck = pool.parse(feed('stuck', 5, HANG_MARKER), options).catch((e: unknown) => e);
      // Waiting behind the stuck feed on the pool's one thread.
      const next = pool.parse(feed('next', 5), options);
      const error = await stuck;
      expect(error).toBeInstanceOf(ParseTimeoutError);
      expect(error).toMatchObject({ code: 'PARSE_TIMEOUT', message: 'parse took longer than 0.5 s (parse.timeoutSeconds)' });
      expect((await next).items.map((i) => i.key)).toEqual(['next-0', 'next-1', 'next-2', 'next-3', 'next-4']);
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('fails a parse in place that overran once it returns (it cannot be stopped), the feed otherwise fine', async () => {
    // minBytes Infinity: every body is parsed on this thread. 2,000 items (~2 MB) take far more than 1 ms anywhere.
    const pool = createParsePool({ minBytes: Number.POSITIVE_INFINITY, timeoutMs: 1 });
    const body = feed('gross', 2_000);
    expect((await parseFeed(body, options)).items).toHaveLength(2_000);
    await expect(pool.parse(body, options)).rejects.toMatchObject({
      code: 'PARSE_TIMEOUT',
      message: 'parse took longer than 0.001 s (parse.timeoutSeconds)',
    });
    await pool.close();
  });
});

describe('poll --once with a source whose parse never ends', () => {
  let server: FixtureServer;
  let config: string;

  beforeAll(async () => {
    server = await startFixtureServer({ '/slow.xml': serveBody(feed('slow', 100), { 'content-type': 'application/rss+xml' }) });
    server.route('/other.xml', serveBody(feed('other', 3), { 'content-type': 'application/rss+xml' }));
    const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-parse-limit-'));
    config = writeConfig(folder, {
      database: 'feedmerge.db',
      publicDir: 'public',
      parse: { timeoutSeconds: 2 },
      sources: [
        { id: 'slow', url: server.url('/slow.xml') },
        { id: 'other', url: server.url('/other.xml') },
      ],
    });
  });
  afterAll(() => server.close());

  it('fails that source with one line naming the limit, keeps its stored items and stores the others', async () => {
    const first = await runCli('poll', '--once', '--config', config);
    expect(first.stdout).toContain('slow: 100 new');
    expect(first.stdout).toContain('other: 3 new');

    // The slow source's next document never finishes parsing (it is over 64 KB: parsed on a thread).
    server.route('/slow.xml', serveBody(feed('slow', 101, HANG_MARKER), { 'content-type': 'application/rss+xml' }));
    server.route('/other.xml', serveBody(feed('other', 4), { 'content-type': 'application/rss+xml' }));
    const second = await runCli('poll', '--once', '--all', '--config', config);
    // A failed source is the feed's fault: the cycle ran, so 0, as for any other failed source (README, poll --once).
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('slow: error: parse took longer than 2 s (parse.timeoutSeconds)\n');
    expect(second.stdout).toContain('other: 1 new');

    const sources = JSON.parse((await runCli('sources', '--json', '--config', config)).stdout) as {
      id: string;
      lastErrorCause: string | null;
      items: number;
    }[];
    expect(sources.find((s) => s.id === 'slow')).toMatchObject({ lastErrorCause: 'PARSE_TIMEOUT', items: 100 });
    expect(sources.find((s) => s.id === 'other')).toMatchObject({ lastErrorCause: null, items: 4 });
  }, 60_000);
});
