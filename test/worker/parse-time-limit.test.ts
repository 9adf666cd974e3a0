// The parse time limit (parse.timeoutSeconds): a document that takes too long to parse holds neither
// its thread nor the poll cycle. The thread is terminated and replaced, the source fails with one line
// naming the limit, its stored items stay, and the other sources are polled and stored as usual.
//
// The slow document is an honest one: 20,000 items (~22 MB, so fetch.maxBodyBytes is raised), which
// takes seconds to parse anywhere, against a limit of 0.5 s; small feeds beside it parse in milliseconds,
// so the margin holds both ways on a loaded machine. Everything is real: parse threads, the CLI in a
// child process, the service reloading its config, a loopback HTTP server, SQLite.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLog } from '../../src/log.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { createParsePool, ParseTimeoutError } from '../../src/parse/parse-pool.js';
import { startService } from '../../src/worker/service.js';
import { runCli, writeConfig } from '../store/cli-process.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const options = { url: 'https://nachrichten.example.de/feed.rss', fetchedAt: '2026-02-06T00:00:00.000Z' };

/** An RSS feed of `count` items (~1 KB each, so 100 of them go to a parse thread). */
function feed(tag: string, count: number): Buffer {
  const items = Array.from(
    { length: count },
    (_, i) =>
      `<item><title>${tag} Meldung ${i}</title><link>https://${tag}.example/${i}</link><guid>${tag}-${i}</guid>` +
      `<description>${'Die Gespräche gehen weiter, sagte ein Sprecher. '.repeat(20)}</description></item>`,
  );
  return Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${tag}</title>${items.join('')}</channel></rss>`,
  );
}

/** Seconds to parse anywhere (1.8 s for 8,000 items on the project machine): far past a limit of 0.5 s. */
const SLOW_ITEMS = 20_000;
const slow = feed('slow', SLOW_ITEMS);
/** Room for the slow document (22 MB) under the body cap. */
const maxBodyBytes = 64 * 1024 * 1024;

/** Keeps this thread busy, without yielding, for `ms`. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('parse pool time limit', () => {
  it('terminates a thread busy past the limit, fails its feed with PARSE_TIMEOUT and parses the next on a new thread', async () => {
    const pool = createParsePool({ threads: 1, minBytes: 0, timeoutMs: 500 });
    try {
      const stuck = pool.parse(slow, options).catch((e: unknown) => e);
      // Waiting behind the slow feed on the pool's one thread.
      const next = pool.parse(feed('next', 5), options);
      const error = await stuck;
      expect(error).toBeInstanceOf(ParseTimeoutError);
      expect(error).toMatchObject({ code: 'PARSE_TIMEOUT', message: 'parse took longer than 0.5 s (parse.timeoutSeconds)' });
      expect((await next).items.map((i) => i.key)).toEqual(['next-0', 'next-1', 'next-2', 'next-3', 'next-4']);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('does not fail a feed parsed in time while this thread was blocked past the limit', async () => {
    // The thread's reply and the limit's timer both wait for this thread. After the block, libuv runs
    // the due timer before it delivers the reply: the limit must still see that the parse finished.
    const pool = createParsePool({ threads: 1, minBytes: 0, timeoutMs: 300 });
    try {
      // The thread is started and has loaded the parser (the limit counts from then).
      await pool.parse(feed('warm', 5), options);
      const parsed = pool.parse(feed('fast', 5), options);
      // A 5-item feed parses in milliseconds on the thread while this one is busy in another callback (a
      // store transaction, a placement). Not right here: this runs while the pool's port delivers the
      // warm-up reply, and the port would deliver the next reply in the same turn, before any timer.
      setImmediate(() => block(2_000));
      expect((await parsed).items).toHaveLength(5);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('takes a new limit from configure() for the parses that follow (a reload)', async () => {
    const pool = createParsePool({ threads: 1, minBytes: 0, timeoutMs: 1_000_000 });
    try {
      pool.configure({ timeoutMs: 500 });
      await expect(pool.parse(slow, options)).rejects.toMatchObject({
        code: 'PARSE_TIMEOUT',
        message: 'parse took longer than 0.5 s (parse.timeoutSeconds)',
      });
    } finally {
      await pool.close();
    }
  }, 30_000);

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

describe('a reload (SIGHUP) of parse.timeoutSeconds', () => {
  it('applies to the cycle after it', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-parse-limit-reload-'));
    const slowFile = path.join(folder, 'slow.xml');
    writeFileSync(slowFile, slow);
    writeFileSync(path.join(folder, 'small.xml'), feed('small', 3));
    const write = (timeoutSeconds: number, ids: string[]) =>
      writeConfig(folder, {
        database: 'feedmerge.db',
        publicDir: 'public',
        server: { port: 0 },
        fetch: { maxBodyBytes },
        parse: { timeoutSeconds },
        sources: ids.map((id) => ({ id, url: path.join(folder, `${id}.xml`) })),
      });
    const file = write(30, ['small']);
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const service = await startService(loadConfig(file, {}), createLog(out, 'json'), { poll: true });
    try {
      write(0.5, ['small', 'slow']);
      // Applied between cycles; then the cycle that polls the added source.
      expect(await service.reload()).toBe(true);
    } finally {
      await service.stop();
    }
    const records = text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.find((r) => r['msg'] === 'config reloaded')).toMatchObject({ changes: expect.stringContaining('parse.timeoutSeconds') });
    expect(records.find((r) => r['source'] === 'slow')).toMatchObject({
      outcome: 'failed',
      error: 'parse took longer than 0.5 s (parse.timeoutSeconds)',
    });
  }, 90_000);
});

describe('poll --once with a source that takes too long to parse', () => {
  let server: FixtureServer;
  let config: string;

  beforeAll(async () => {
    server = await startFixtureServer({ '/slow.xml': serveBody(feed('slow', 100), { 'content-type': 'application/rss+xml' }) });
    server.route('/other.xml', serveBody(feed('other', 3), { 'content-type': 'application/rss+xml' }));
    const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-parse-limit-'));
    config = writeConfig(folder, settings(30));
  });
  const settings = (timeoutSeconds: number) => ({
    database: 'feedmerge.db',
    publicDir: 'public',
    fetch: { maxBodyBytes },
    parse: { timeoutSeconds },
    sources: [
      { id: 'slow', url: server.url('/slow.xml') },
      { id: 'other', url: server.url('/other.xml') },
    ],
  });
  afterAll(() => server.close());

  it('fails that source with one line naming the limit, keeps its stored items and stores the others', async () => {
    const first = await runCli('poll', '--once', '--config', config);
    expect(first.stdout).toContain('slow: 100 new');
    expect(first.stdout).toContain('other: 3 new');

    // The slow source's next document takes seconds to parse (on a thread: it is over 64 KB), the limit is 0.5 s.
    writeConfig(path.dirname(config), settings(0.5));
    server.route('/slow.xml', serveBody(slow, { 'content-type': 'application/rss+xml' }));
    server.route('/other.xml', serveBody(feed('other', 4), { 'content-type': 'application/rss+xml' }));
    const second = await runCli('poll', '--once', '--all', '--config', config);
    // A failed source is the feed's fault: the cycle ran, so 0, as for any other failed source (README, poll --once).
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('slow: error: parse took longer than 0.5 s (parse.timeoutSeconds)\n');
    expect(second.stdout).toContain('other: 1 new');

    const sources = JSON.parse((await runCli('sources', '--json', '--config', config)).stdout) as {
      id: string;
      lastErrorCause: string | null;
      items: number;
    }[];
    expect(sources.find((s) => s.id === 'slow')).toMatchObject({ lastErrorCause: 'PARSE_TIMEOUT', items: 100 });
    expect(sources.find((s) => s.id === 'other')).toMatchObject({ lastErrorCause: null, items: 4 });
  }, 90_000);
});
