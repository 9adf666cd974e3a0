// The poll cycle against a loopback server: state that must survive between polls.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createFetchLimiter } from '../../src/fetch/fetch-limiter.js';
import { openDatabase } from '../../src/store/database.js';
import { getItem, ingestItems } from '../../src/store/items.js';
import { getSourceState } from '../../src/store/source-state.js';
import { dedupContext, ingestAndCollapse, runPollCycle } from '../../src/worker/poll-cycle.js';
import { feedItem } from '../support/feed-item.js';
import { serveBody, startFixtureServer } from '../support/fixture-server.js';

const rss = (ttl: number, title: string) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://example.org/</link><description>d</description><ttl>${ttl}</ttl>
<item><title>${title}</title><link>https://example.org/${encodeURIComponent(title)}</link><guid>${title}</guid></item>
</channel></rss>`;

function contextFor(url: string) {
  const config = parseConfig({ database: ':memory:', sources: [{ id: 'a', url, schedule: '*/5 * * * *' }] }, '/tmp/config.json');
  return { config, db: openDatabase(':memory:'), limiter: createFetchLimiter({ concurrency: 4, perHostConcurrency: 2 }) };
}

describe('runPollCycle', () => {
  it('keeps the publisher ttl from the last parsed body when the next poll answers 304', async () => {
    const server = await startFixtureServer({
      '/feed.rss': serveBody(rss(120, 'Eins'), { etag: '"v1"', 'content-type': 'application/rss+xml' }),
    });
    const context = contextFor(server.url('/feed.rss'));
    const t0 = new Date('2026-02-05T12:00:00Z');
    await runPollCycle(context, t0, { force: true });
    expect(getSourceState(context.db, 'a').nextPollAt).toBe('2026-02-05T14:00:00.000Z');

    const t1 = new Date('2026-02-05T14:00:00Z');
    const report = await runPollCycle(context, t1);
    expect(report.sources[0]!.status).toBe('not-modified');
    // The schedule says every 5 minutes; the feed asked for 120 and said so only in the body.
    expect(getSourceState(context.db, 'a').nextPollAt).toBe('2026-02-05T16:00:00.000Z');
    await server.close();
  });

  it('lets an edited config URL win over a permanent redirect learned for the old one', async () => {
    const server = await startFixtureServer({
      '/old.rss': (_req, res) => void res.writeHead(301, { location: '/moved.rss' }).end(),
      '/moved.rss': serveBody(rss(5, 'Umgezogen'), { 'content-type': 'application/rss+xml' }),
      '/new.rss': serveBody(rss(5, 'Neu'), { 'content-type': 'application/rss+xml' }),
    });
    const old = contextFor(server.url('/old.rss'));
    for (let i = 0; i < 3; i++) await runPollCycle(old, new Date(Date.UTC(2026, 1, 5, 12, i * 10)), { force: true });
    expect(getSourceState(old.db, 'a').currentUrl).toBe(server.url('/moved.rss'));

    const edited = { ...contextFor(server.url('/new.rss')), db: old.db };
    const before = server.requests.length;
    await runPollCycle(edited, new Date('2026-02-05T13:00:00Z'), { force: true });
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/new.rss']);
    expect(getSourceState(old.db, 'a')).toMatchObject({ currentUrl: null, configuredUrl: server.url('/new.rss'), redirectSeen: 0 });
    await server.close();
  });

  it('places items an interrupted earlier poll stored but never collapsed', async () => {
    const server = await startFixtureServer({ '/feed.rss': serveBody(rss(5, 'Zwei'), { 'content-type': 'application/rss+xml' }) });
    const context = contextFor(server.url('/feed.rss'));
    // What a crash between ingest and collapse leaves behind: a stored item in no story.
    const [orphan] = ingestItems(
      context.db,
      'a',
      'de',
      [
        feedItem({
          key: 'Eins',
          title: 'Eins',
          url: 'https://example.org/Eins',
          canonicalUrl: 'https://example.org/Eins',
          published: '2026-02-05T11:00:00.000Z',
        }),
      ],
      '2026-02-05T11:00:00.000Z',
    ).newItemIds;
    expect(getItem(context.db, orphan!)!.storyId).toBeNull();
    await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    expect(getItem(context.db, orphan!)!.storyId).not.toBeNull();
    await server.close();
  });

  it('places a hostile item (a numeric reference no string can hold) instead of failing its whole feed', async () => {
    // A JSON Feed title is plain text: the reference reaches the matcher as written.
    const body = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      items: [{ id: '1', url: 'https://example.org/1', title: 'Gipfel &#99999999; in Genf', content_text: 'Treffen in Genf.' }],
    });
    const server = await startFixtureServer({ '/feed.json': serveBody(body, { 'content-type': 'application/feed+json' }) });
    const context = contextFor(server.url('/feed.json'));
    const report = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    expect(report.sources[0]).toMatchObject({ status: 'ingested', newItems: 1, error: null });
    expect(context.db.prepare('SELECT COUNT(*) FROM items WHERE story_id IS NULL').pluck().get()).toBe(0);
    await server.close();
  });

  it('places an unplaced item that the next poll updates once, through the update', () => {
    const { config, db } = contextFor('https://example.org/feed.rss');
    const original = feedItem({ key: 'Eins', title: 'Eins (alt)', url: 'https://example.org/Eins', published: '2026-02-05T11:00:00.000Z' });
    // Stored but never placed (a crash), and the feed now carries a changed version of it.
    const [orphan] = ingestItems(db, 'a', 'de', [original], '2026-02-05T11:00:00.000Z').newItemIds;
    const now = new Date('2026-02-05T12:00:00Z');
    const stored = ingestAndCollapse(db, 'a', 'de', [{ ...original, title: 'Eins' }], dedupContext(config, now));
    expect(stored.ingest.updatedItemIds).toEqual([orphan]);
    expect(stored.decisions.map((d) => d.itemId)).toEqual([orphan]);
    expect(stored.rest).toEqual([]);
  });

  it('keeps the stored items when placing them fails in the same transaction, and places them on the next poll', async () => {
    const body = rss(5, 'Drei').replace(
      '</channel>',
      '<item><title>Vier</title><link>https://example.org/Vier</link><guid>Vier</guid></item></channel>',
    );
    const server = await startFixtureServer({ '/feed.rss': serveBody(body, { 'content-type': 'application/rss+xml' }) });
    const context = contextFor(server.url('/feed.rss'));
    context.db.exec("CREATE TRIGGER fail_decisions BEFORE INSERT ON decisions BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const failed = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    expect(failed.sources[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/disk full/) });
    // Ingest and placement shared one transaction; only the placement (a savepoint) rolled back.
    const stored = context.db.prepare('SELECT id, story_id FROM items ORDER BY id').all() as { id: number; story_id: string | null }[];
    expect(stored).toHaveLength(2);
    expect(stored.every((r) => r.story_id === null)).toBe(true);
    expect(context.db.prepare('SELECT COUNT(*) FROM stories').pluck().get()).toBe(0);

    context.db.exec('DROP TRIGGER fail_decisions');
    await runPollCycle(context, new Date('2026-02-05T12:10:00Z'), { force: true });
    for (const { id } of stored) expect(getItem(context.db, id)!.storyId).not.toBeNull();
    await server.close();
  });
});
