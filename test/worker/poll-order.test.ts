// The order in which a poll cycle starts its due sources: the one whose last poll took longest first,
// so that a slow source waits beside the fast ones instead of after them (src/worker/poll-order.ts).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { openStore } from '../../src/store/open-store.js';
import { runPollCycle } from '../../src/worker/poll-cycle.js';
import { longestExpectedFirst } from '../../src/worker/poll-order.js';
import { workerContext } from '../../src/worker/service.js';
import { serveBody, startFixtureServer } from '../support/fixture-server.js';

const rss = (title: string) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://example.org/</link><description>d</description>
<item><title>${title} eins</title><link>https://example.org/${title}</link><guid>${title}-1</guid></item>
</channel></rss>`;

describe('longestExpectedFirst', () => {
  const ids = (sources: { id: string }[]) => sources.map((s) => s.id);
  it.each([
    { name: 'no durations known: config order', durations: {}, expected: ['a', 'b', 'c', 'd'] },
    { name: 'longest last poll first', durations: { a: 5, b: 900, c: 40, d: 10_000 }, expected: ['d', 'b', 'c', 'a'] },
    { name: 'unknown (new) sources before known ones', durations: { a: 5, b: 900, d: 10_000 }, expected: ['c', 'd', 'b', 'a'] },
    { name: 'equal durations keep config order', durations: { a: 7, b: 7, c: 7, d: 7 }, expected: ['a', 'b', 'c', 'd'] },
  ])('$name', ({ durations, expected }) => {
    const sources = ['a', 'b', 'c', 'd'].map((id) => ({ id }));
    expect(ids(longestExpectedFirst(sources, new Map(Object.entries(durations))))).toEqual(expected);
  });
});

describe('runPollCycle start order', () => {
  it('starts a source that was slow in the last cycle before the fast ones in the next', async () => {
    // The slow feed answers after a second; the assertions are on the order of requests, never on time.
    const server = await startFixtureServer({
      '/fast-1.rss': serveBody(rss('fast1'), { 'content-type': 'application/rss+xml' }),
      '/fast-2.rss': serveBody(rss('fast2'), { 'content-type': 'application/rss+xml' }),
      '/slow.rss': (_req, res) => {
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('slow')), 1000);
      },
    });
    const config = parseConfig(
      {
        database: ':memory:',
        // One fetch at a time: the limiter starts sources exactly in the order the cycle hands them over.
        fetch: { concurrency: 1, perHostConcurrency: 1 },
        sources: [
          { id: 'fast-1', url: server.url('/fast-1.rss') },
          { id: 'fast-2', url: server.url('/fast-2.rss') },
          { id: 'slow', url: server.url('/slow.rss') },
        ],
      },
      '/tmp/config.json',
    );
    const context = workerContext(config, await openStore(':memory:'));
    const paths = () => server.requests.splice(0).map((r) => r.path);

    // Nothing known after a start: config order.
    const first = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    expect(first.sources.map((s) => s.status)).toEqual(['ingested', 'ingested', 'ingested']);
    expect(paths()).toEqual(['/fast-1.rss', '/fast-2.rss', '/slow.rss']);

    // The slow source's last poll was the longest: it goes first; the reports keep config order.
    const second = await runPollCycle(context, new Date('2026-02-05T12:10:00Z'), { force: true });
    expect(paths()).toEqual(['/slow.rss', '/fast-1.rss', '/fast-2.rss']);
    expect(second.sources.map((s) => s.sourceId)).toEqual(['fast-1', 'fast-2', 'slow']);

    await context.parsePool?.close();
    await context.store.close();
    await server.close();
  });
});
