// The poll cycle against a loopback server: state that must survive between polls.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, expect, it } from 'vitest';
import { printSources } from '../../src/cli/print.js';
import { parseConfig } from '../../src/config/load-config.js';
import { metricsExposition } from '../../src/metrics.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { readServiceFacts } from '../../src/publish/service-facts.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { runPollCycle, type WorkerContext } from '../../src/worker/poll-cycle.js';
import { describeSource, sourceFields, workerContext } from '../../src/worker/service.js';
import { failInserts } from '../store/store-faults.js';
import { describeEachBackend, type TestBackend } from '../support/backends.js';
import { feedItem } from '../support/feed-item.js';
import { serveBody, startFixtureServer } from '../support/fixture-server.js';

const rss = (ttl: number, title: string) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://example.org/</link><description>d</description><ttl>${ttl}</ttl>
<item><title>${title}</title><link>https://example.org/${encodeURIComponent(title)}</link><guid>${title}</guid></item>
</channel></rss>`;

const oneItem = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.org/</link><description>d</description>
<item><title>Eins</title><link>https://example.org/1</link><guid>1</guid></item></channel></rss>`;

let backend: TestBackend;

/** A worker context for one source at `url`, on `store` (a new empty one of the backend by default). */
async function contextFor(url: string, store?: Store, settings: { schedule?: string; fetch?: object } = {}): Promise<WorkerContext> {
  const config = parseConfig(
    { database: ':memory:', sources: [{ id: 'a', url, schedule: settings.schedule ?? '*/5 * * * *' }], fetch: settings.fetch ?? {} },
    '/tmp/config.json',
  );
  return workerContext(config, store ?? (await openStore(await backend.database())));
}

const ingest = (context: WorkerContext, items: ReturnType<typeof feedItem>[], now: string) =>
  context.store.transaction((s) => s.items.ingest('a', 'de', items, now));
const storyOf = async (context: WorkerContext, id: number) => (await context.store.items.byIds([id]))[0]!.storyId;

/** What `feedmerge sources` prints for `context`, as text or as JSON. */
async function sourcesListing(context: WorkerContext, json: boolean): Promise<string> {
  let out = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((out += chunk.toString()), done()) });
  await printSources(context.store, context.config, { json }, stream);
  return out;
}

describeEachBackend('runPollCycle', (current) => {
  beforeAll(() => {
    backend = current;
  });

  it('keeps the publisher ttl from the last parsed body when the next poll answers 304', async () => {
    const server = await startFixtureServer({
      '/feed.rss': serveBody(rss(120, 'Eins'), { etag: '"v1"', 'content-type': 'application/rss+xml' }),
    });
    const context = await contextFor(server.url('/feed.rss'));
    const t0 = new Date('2026-02-05T12:00:00Z');
    await runPollCycle(context, t0, { force: true });
    expect((await context.store.sources.get('a')).nextPollAt).toBe('2026-02-05T14:00:00.000Z');

    const t1 = new Date('2026-02-05T14:00:00Z');
    const report = await runPollCycle(context, t1);
    expect(report.sources[0]!.status).toBe('not-modified');
    // The schedule says every 5 minutes; the feed asked for 120 and said so only in the body.
    expect((await context.store.sources.get('a')).nextPollAt).toBe('2026-02-05T16:00:00.000Z');
    await server.close();
  });

  // The scheduler's cycle starts a little after its minute tick. A wait counted from that moment
  // ("12:00:00.040 + 5 min") ended just after the 12:05 tick, so the 12:05 cycle found the source not
  // due and a `*/5` schedule with the default 5-minute minimum, or a publisher's max-age equal to the
  // schedule's period, polled every 10 minutes.
  it.each([
    ['the 5-minute minimum interval', {}],
    ["the publisher's max-age of 300 s", { 'cache-control': 'max-age=300' }],
  ])('polls a */5 schedule at the next tick despite %s, though each cycle starts late', async (_label, headers) => {
    const server = await startFixtureServer({ '/feed.rss': serveBody(oneItem, { 'content-type': 'application/rss+xml', ...headers }) });
    const context = await contextFor(server.url('/feed.rss'));
    await runPollCycle(context, new Date('2026-02-05T12:00:00.040Z'), { force: true, tick: new Date('2026-02-05T12:00:00Z') });
    expect((await context.store.sources.get('a')).nextPollAt).toBe('2026-02-05T12:05:00.000Z');
    const report = await runPollCycle(context, new Date('2026-02-05T12:05:00.010Z'), { tick: new Date('2026-02-05T12:05:00Z') });
    expect(report.sources[0]!.status).not.toBe('not-due');
    expect((await context.store.sources.get('a')).lastFetchAt).toBe('2026-02-05T12:05:00.010Z');
    await context.store.close();
    await server.close();
  });

  // A poll no tick started (the cycle at start or after a reload, one queued behind a long cycle, a
  // poller's, `poll --once`) can run anywhere in its minute. Counted from the minute's start, a poll at
  // 12:05:59.9 with a 1-minute minimum came due at 12:06:00, 0.1 s later: the minimum counts from it.
  it('keeps the minimum interval after a poll no tick started, late in its minute', async () => {
    const server = await startFixtureServer({ '/feed.rss': serveBody(oneItem, { 'content-type': 'application/rss+xml' }) });
    const context = await contextFor(server.url('/feed.rss'), undefined, { schedule: '* * * * *', fetch: { minIntervalMinutes: 1 } });
    await runPollCycle(context, new Date('2026-02-05T12:05:59.900Z'), { force: true });
    expect((await context.store.sources.get('a')).nextPollAt).toBe('2026-02-05T12:06:59.900Z');
    const report = await runPollCycle(context, new Date('2026-02-05T12:06:00.010Z'), { tick: new Date('2026-02-05T12:06:00Z') });
    expect(report.sources[0]!.status).toBe('not-due');
    await context.store.close();
    await server.close();
  });

  // Retry-After's seconds count from the response (RFC 9110 §10.2.3). Counted from the poll's start, a
  // 429 that took 35 s to come with `Retry-After: 60` was polled again 25 s after it. Here the 429 takes
  // 1.5 s and asks for 1 s: the next poll must not come before the server's own send time + 1 s.
  it('counts Retry-After from when the slow 429 arrived, not from when the poll started', async () => {
    let sentAt = 0;
    const server = await startFixtureServer({
      '/feed.rss': async (_req, res) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        sentAt = Date.now();
        res.writeHead(429, { 'retry-after': '1' }).end();
      },
    });
    // A schedule by the second and a 60-ms minimum, so that only Retry-After can hold the next poll back.
    const context = await contextFor(server.url('/feed.rss'), undefined, { schedule: '* * * * * *', fetch: { minIntervalMinutes: 0.001 } });
    const polledAt = new Date();
    const report = await runPollCycle(context, polledAt, { force: true });
    expect(report.sources[0]!.httpStatus).toBe(429);
    const nextPollAt = Date.parse((await context.store.sources.get('a')).nextPollAt!);
    expect(sentAt - polledAt.getTime()).toBeGreaterThanOrEqual(1400);
    // From the poll's start it would be polledAt + 1 s, about sentAt - 0.5 s.
    expect(nextPollAt).toBeGreaterThanOrEqual(sentAt + 900);
    await context.store.close();
    await server.close();
  });

  it('says in the poll line that a 410 Gone disabled the source, and how to poll it again', async () => {
    const server = await startFixtureServer({ '/gone.rss': (_req, res) => void res.writeHead(410).end('gone') });
    const context = await contextFor(server.url('/gone.rss'));
    const first = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    expect(describeSource(first.sources[0]!)).toBe('a: error: HTTP 410 Gone; disabled until `feedmerge sources enable a`');
    // Later polls skip it, and say so as they did.
    const next = await runPollCycle(context, new Date('2026-02-05T12:10:00Z'), { force: true });
    expect(describeSource(next.sources[0]!)).toBe('a: disabled: HTTP 410 Gone');
    await context.store.close();
    await server.close();
  });

  it('lets an edited config URL win over a permanent redirect learned for the old one', async () => {
    const server = await startFixtureServer({
      '/old.rss': (_req, res) => void res.writeHead(301, { location: '/moved.rss' }).end(),
      '/moved.rss': serveBody(rss(5, 'Umgezogen'), { 'content-type': 'application/rss+xml' }),
      '/new.rss': serveBody(rss(5, 'Neu'), { 'content-type': 'application/rss+xml' }),
    });
    const old = await contextFor(server.url('/old.rss'));
    for (let i = 0; i < 3; i++) await runPollCycle(old, new Date(Date.UTC(2026, 1, 5, 12, i * 10)), { force: true });
    expect((await old.store.sources.get('a')).currentUrl).toBe(server.url('/moved.rss'));

    const edited = await contextFor(server.url('/new.rss'), old.store);
    const before = server.requests.length;
    await runPollCycle(edited, new Date('2026-02-05T13:00:00Z'), { force: true });
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/new.rss']);
    expect(await old.store.sources.get('a')).toMatchObject({ currentUrl: null, configuredUrl: server.url('/new.rss'), redirectSeen: 0 });
    await server.close();
  });

  it('places items an interrupted earlier poll stored but never collapsed', async () => {
    const server = await startFixtureServer({ '/feed.rss': serveBody(rss(5, 'Zwei'), { 'content-type': 'application/rss+xml' }) });
    const context = await contextFor(server.url('/feed.rss'));
    // What a crash between ingest and collapse leaves behind: a stored item in no story.
    const [orphan] = (
      await ingest(
        context,
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
      )
    ).newItemIds;
    expect(await storyOf(context, orphan!)).toBeNull();
    await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    expect(await storyOf(context, orphan!)).not.toBeNull();
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
    const context = await contextFor(server.url('/feed.json'));
    const report = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    expect(report.sources[0]).toMatchObject({ status: 'ingested', newItems: 1, error: null });
    expect(await context.store.items.pending(10)).toEqual([]);
    await server.close();
  });

  it('places an unplaced item that the next poll updates once, as a new item', async () => {
    const server = await startFixtureServer({ '/feed.rss': serveBody(rss(5, 'Eins'), { 'content-type': 'application/rss+xml' }) });
    const context = await contextFor(server.url('/feed.rss'));
    const original = feedItem({ key: 'Eins', title: 'Eins (alt)', url: 'https://example.org/Eins', published: '2026-02-05T11:00:00.000Z' });
    // Stored but never placed (a crash), and the feed now carries a changed version of it.
    const [orphan] = (await ingest(context, [original], '2026-02-05T11:00:00.000Z')).newItemIds;
    const report = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    expect(report.sources[0]).toMatchObject({ updatedItems: 1 });
    expect(report.placed).toBe(1);
    expect((await context.store.placements.decision(orphan!))!.rule).toBe('new-story');
    await server.close();
  });

  it('keeps the stored items when placing them fails, blames the store (not the source), and places them on the next cycle', async () => {
    const body = rss(5, 'Drei').replace(
      '</channel>',
      '<item><title>Vier</title><link>https://example.org/Vier</link><guid>Vier</guid></item></channel>',
    );
    const server = await startFixtureServer({ '/feed.rss': serveBody(body, { 'content-type': 'application/rss+xml' }) });
    const file = await backend.database();
    const context = await contextFor(server.url('/feed.rss'), await openStore(file));
    const heal = await failInserts(file, 'decisions');
    const failed = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    // The feed was fine: it is stored and the source is not backed off; the cycle says what failed.
    expect(failed.sources[0]).toMatchObject({ status: 'ingested', newItems: 2, error: null });
    expect(failed.error).toMatch(/placing items in stories failed: disk full/);
    expect((await context.store.sources.get('a')).consecutiveFailures).toBe(0);
    const pending = await context.store.items.pending(10);
    expect(pending).toHaveLength(2);
    expect(await context.store.stories.count()).toBe(0);

    await heal();
    const next = await runPollCycle(context, new Date('2026-02-05T12:10:00Z'), { force: true });
    expect(next.error).toBeNull();
    for (const { id } of pending) expect(await storyOf(context, id)).not.toBeNull();
    await context.store.close();
    await server.close();
  });

  // PostgreSQL indexes guid, url and the item key: an incompressible entry over ~2,700 bytes failed the
  // insert, so a feed with one such item stored nothing, its good items neither, at every poll.
  it('stores a feed whose items carry a guid or a link too long for an index, beside its good item', async () => {
    const noise = () => randomBytes(6_000).toString('base64url');
    const body = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://example.org/</link><description>d</description>
<item><title>Gute Meldung</title><link>https://example.org/1</link><guid>1</guid></item>
<item><title>Lange GUID</title><link>https://example.org/2</link><guid isPermaLink="false">urn:${noise()}</guid></item>
<item><title>Langer Link</title><link>https://example.org/${noise()}</link></item>
</channel></rss>`;
    const server = await startFixtureServer({ '/feed.rss': serveBody(body, { 'content-type': 'application/rss+xml' }) });
    const context = await contextFor(server.url('/feed.rss'));
    const report = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    expect(report.sources[0]).toMatchObject({ status: 'ingested', newItems: 3, error: null });
    const ids: number[] = [];
    for await (const item of context.store.items.all()) ids.push(item.id);
    const items = await context.store.items.byIds(ids);
    expect(items.map((i) => i.title).sort()).toEqual(['Gute Meldung', 'Lange GUID', 'Langer Link']);
    expect(items.find((i) => i.title === 'Lange GUID')).toMatchObject({ guid: null, url: 'https://example.org/2' });
    expect(items.find((i) => i.title === 'Langer Link')).toMatchObject({ url: null });
    await context.store.close();
    await server.close();
  });

  it('keeps the whole items of a feed cut off mid-document, warns the operator, and clears the warning on a whole feed', async () => {
    const whole = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://example.org/</link><description>d</description>
<item><title>Eins</title><link>https://example.org/1</link><guid>1</guid></item>
<item><title>Zwei</title><link>https://example.org/2</link><guid>2</guid></item>
<item><title>Drei</title><link>https://example.org/3</link><guid>3</guid><description>Ein Lead, der ganz ist.</description></item>
</channel></rss>`;
    // A server that closes early: the body stops inside the third item's lead, with status 200.
    let body = whole.slice(0, whole.indexOf('der ganz'));
    const server = await startFixtureServer({
      '/feed.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body),
    });
    const context = await contextFor(server.url('/feed.rss'));
    const cut = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    const warning = 'feed cut off after 2 complete items (the document ends inside the next item, which is left out)';
    expect(cut.sources[0]).toMatchObject({ status: 'ingested', httpStatus: 200, newItems: 2, error: null, warning });
    expect(await context.store.sources.get('a')).toMatchObject({ lastStatus: 200, lastError: null, consecutiveFailures: 0, warning });
    // Logged as one warning line naming the source; `poll --once` prints it too.
    expect(sourceFields(cut.sources[0]!)).toMatchObject({ source: 'a', warning });
    expect(describeSource(cut.sources[0]!)).toBe(`a: 2 new, 0 updated, 0 unchanged; warning: ${warning}`);
    expect(await sourcesListing(context, false)).toContain(`    WARNING: ${warning}\n`);
    expect(JSON.parse(await sourcesListing(context, true))).toMatchObject([{ id: 'a', lastError: null, warning }]);
    const exposition = await metricsExposition(await readServiceFacts(context.store, context.config));
    expect(exposition.text).toContain('feedmerge_source_feed_warning{source="a"} 1');
    const page = (await renderPublication(context.store, context.config, new Date(cut.startedAt))).pages.get('/')!.body.toString();
    expect(page).toContain('warning: feed cut off after 2 complete items');

    // The same cut body again is not parsed again: the warning stands, as its items do.
    await runPollCycle(context, new Date('2026-02-05T12:05:00Z'), { force: true });
    expect((await context.store.sources.get('a')).warning).toBe(warning);

    body = whole;
    const clean = await runPollCycle(context, new Date('2026-02-05T12:10:00Z'), { force: true });
    expect(clean.sources[0]).toMatchObject({ status: 'ingested', newItems: 1 });
    expect(clean.sources[0]!.warning).toBeUndefined();
    expect((await context.store.sources.get('a')).warning).toBeNull();
    expect(await sourcesListing(context, false)).not.toContain('WARNING');
    expect((await metricsExposition(await readServiceFacts(context.store, context.config))).text).toContain(
      'feedmerge_source_feed_warning{source="a"} 0',
    );
    await context.store.close();
    await server.close();
  });

  it('keeps the whole items of a JSON Feed cut off mid-document, warns the operator, and clears the warning on a whole feed', async () => {
    let body = readFileSync(path.join(import.meta.dirname, '../fixtures/parse/jsonfeed11-cut-off-in-escaped-quote.json'));
    const server = await startFixtureServer({
      '/feed.json': (_req, res) => void res.writeHead(200, { 'content-type': 'application/feed+json' }).end(body),
    });
    const context = await contextFor(server.url('/feed.json'));
    const cut = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    const warning = 'feed cut off after 2 complete items (the document ends inside the next item, which is left out)';
    expect(cut.sources[0]).toMatchObject({ status: 'ingested', httpStatus: 200, newItems: 2, error: null, warning });
    expect(await context.store.sources.get('a')).toMatchObject({ lastStatus: 200, lastError: null, consecutiveFailures: 0, warning });
    const stored = async (key: string) => (await context.store.items.findByReference(key)).map((item) => item.title);
    expect([await stored('ticker-1'), await stored('ticker-2'), await stored('ticker-3')]).toEqual([
      ['Waffenruhe in der Ostukraine gebrochen'],
      ['Gespräche in Abu Dhabi gehen weiter'],
      [],
    ]);
    expect(await sourcesListing(context, false)).toContain(`    WARNING: ${warning}\n`);

    body = readFileSync(path.join(import.meta.dirname, '../fixtures/parse/jsonfeed11-ticker-whole.json'));
    const clean = await runPollCycle(context, new Date('2026-02-05T12:10:00Z'), { force: true });
    expect(clean.sources[0]).toMatchObject({ status: 'ingested', newItems: 1, error: null });
    expect(clean.sources[0]!.warning).toBeUndefined();
    expect(await stored('ticker-3')).toEqual(['Selenskyj: "Wir sind zu allen Formaten bereit"']);
    expect((await context.store.sources.get('a')).warning).toBeNull();
    await context.store.close();
    await server.close();
  });

  it('does not count a failure to store a fetched feed against the source', async () => {
    const server = await startFixtureServer({ '/feed.rss': serveBody(rss(5, 'Fünf'), { 'content-type': 'application/rss+xml' }) });
    const file = await backend.database();
    const context = await contextFor(server.url('/feed.rss'), await openStore(file));
    const heal = await failInserts(file, 'items');
    const report = await runPollCycle(context, new Date('2026-02-05T12:00:00Z'), { force: true });
    expect(report.sources[0]).toMatchObject({ status: 'store-failed', error: expect.stringMatching(/store error: disk full/) });
    expect(report.error).toMatch(/^a: store error: disk full/);
    // Nothing of that poll was written, not even its validators: the next poll fetches and stores it again.
    const state = await context.store.sources.get('a');
    expect(state).toMatchObject({ consecutiveFailures: 0, lastFetchAt: null, bodyHash: null });
    await heal();
    const next = await runPollCycle(context, new Date('2026-02-05T12:05:00Z'), { force: true });
    expect(next.sources[0]).toMatchObject({ status: 'ingested', newItems: 1 });
    await context.store.close();
    await server.close();
  });
});
