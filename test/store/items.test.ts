// The items side of the store: idempotent ingest by (source, key), updates in place, pending placement.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { describeEachBackend, postgresBackend, describeBackend } from '../support/backends.js';
import { feedItem } from '../support/feed-item.js';

function item(key: string, title: string, extra: Partial<FeedItem> = {}): FeedItem {
  const url = `https://news.example/${key}`;
  return feedItem({
    key,
    url,
    canonicalUrl: url,
    title,
    summary: `${title} – Zusammenfassung`,
    published: '2026-02-05T12:00:00.000Z',
    ...extra,
  });
}

const ingest = (store: Store, sourceId: string, items: FeedItem[], now: string) =>
  store.transaction((s) => s.items.ingest(sourceId, 'de', items, now));

describeEachBackend('items.ingest', (backend) => {
  it('inserts new keys, updates changed items in place and keeps their first-seen time', async () => {
    const store = await openStore(await backend.database());
    const first = await ingest(store, 'dpa', [item('a', 'Gefangenenaustausch'), item('b', 'Verhandlungen')], '2026-02-05T12:00:00.000Z');
    expect(first.newItemIds).toHaveLength(2);
    const second = await ingest(
      store,
      'dpa',
      [item('a', 'Gefangenenaustausch (aktualisiert)'), item('b', 'Verhandlungen')],
      '2026-02-05T13:00:00.000Z',
    );
    expect(second).toMatchObject({ newItemIds: [], updatedItemIds: [first.newItemIds[0]], unchanged: 1 });
    const [updated] = await store.items.byIds([first.newItemIds[0]!]);
    expect(updated!.title).toBe('Gefangenenaustausch (aktualisiert)');
    expect(updated!.firstSeen).toBe('2026-02-05T12:00:00.000Z');
    expect(updated!.lastSeen).toBe('2026-02-05T13:00:00.000Z');
  });

  // A feed that writes local time as +0000 dates its items an hour or two ahead. Judged against each
  // fetch, such a date was dropped at first sight and taken once it was no longer ahead: the item then
  // counted as updated and was re-dated by the skew. It is judged against the item's first sight.
  it.each([
    ['within the skew tolerance: kept from first sight', 55, '2026-02-05T12:55:00.000Z'],
    ['beyond it: no date, the item stays dated by its first sight', 90, null],
  ])('reads a date ahead of first sight the same at every poll (%s)', async (_, minutesAhead, published) => {
    const store = await openStore(await backend.database());
    const t0 = Date.parse('2026-02-05T12:00:00.000Z');
    const at = (minutes: number): string => new Date(t0 + minutes * 60_000).toISOString();
    const body = Buffer.from(
      `<rss version="2.0"><channel><title>x</title><item><title>Lokalzeit</title><link>https://lokal.example/1</link><pubDate>${new Date(t0 + minutesAhead * 60_000).toUTCString()}</pubDate></item></channel></rss>`,
    );
    const poll = async (minutes: number) => ingest(store, 'lokal', (await parseFeed(body, { fetchedAt: at(minutes) })).items, at(minutes));
    const first = await poll(0);
    for (const minutes of [10, minutesAhead + 10, minutesAhead + 120]) {
      expect(await poll(minutes)).toMatchObject({ newItemIds: [], updatedItemIds: [], unchanged: 1 });
    }
    const [stored] = await store.items.byIds(first.newItemIds);
    expect(stored).toMatchObject({ published, firstSeen: at(0) });
  });

  // A ticker without guids whose entries all link one page is keyed by link + title + date. The date
  // in that key was the one parsing kept: dropped while it lay beyond the skew tolerance, taken once
  // the clock had passed it, so the same unchanged entry came back under a second key, stored twice.
  it('keeps a ticker entry dated ahead of first sight under one key at every poll', async () => {
    const store = await openStore(await backend.database());
    const t0 = Date.parse('2026-02-05T12:00:00.000Z');
    const at = (minutes: number): string => new Date(t0 + minutes * 60_000).toISOString();
    const entry = (title: string, minutesAhead: number): string =>
      `<item><title>${title}</title><link>https://lokal.example/ticker</link><pubDate>${new Date(t0 + minutesAhead * 60_000).toUTCString()}</pubDate></item>`;
    const body = Buffer.from(`<rss version="2.0"><channel><title>x</title>${entry('Vorschau', 90)}${entry('Jetzt', 0)}</channel></rss>`);
    const poll = async (minutes: number) => ingest(store, 'lokal', (await parseFeed(body, { fetchedAt: at(minutes) })).items, at(minutes));
    expect((await poll(0)).newItemIds).toHaveLength(2);
    for (const minutes of [10, 100, 210]) {
      expect(await poll(minutes)).toMatchObject({ newItemIds: [], updatedItemIds: [], unchanged: 2 });
    }
  });

  // Enclosures learned their media:content `medium` after items were stored with them: the content
  // hash leaves it out, or every such stored item would count as updated at the next poll.
  it('counts an item whose enclosure only gains its medium as unchanged', async () => {
    const store = await openStore(await backend.database());
    const enclosure = { url: 'https://cdn.example/bild.jpg', type: null, length: null };
    await ingest(store, 'dpa', [item('m', 'Bild', { enclosures: [enclosure] })], '2026-02-05T12:00:00.000Z');
    const again = await ingest(
      store,
      'dpa',
      [item('m', 'Bild', { enclosures: [{ ...enclosure, medium: 'image' }] })],
      '2026-02-05T13:00:00.000Z',
    );
    expect(again).toMatchObject({ newItemIds: [], updatedItemIds: [], unchanged: 1 });
  });

  it('stores a feed of many new items in its order, a repeated key once (the later copy as its update)', async () => {
    const store = await openStore(await backend.database());
    const many = Array.from({ length: 30 }, (_, n) => item(`k${n}`, `Meldung ${n}`));
    const result = await ingest(store, 'dpa', [...many, item('k3', 'Meldung 3 (neu)')], '2026-02-05T12:00:00.000Z');
    expect(result.newItemIds).toHaveLength(30);
    expect([...result.newItemIds].sort((a, b) => a - b)).toEqual(result.newItemIds);
    expect(result.updatedItemIds).toEqual([result.newItemIds[3]]);
    const stored = await store.items.byIds(result.newItemIds);
    expect(stored.map((i) => i.key)).toEqual(many.map((i) => i.key));
    expect(stored[3]!.title).toBe('Meldung 3 (neu)');
    expect(stored[29]).toMatchObject({ title: 'Meldung 29', language: 'de', firstSeen: '2026-02-05T12:00:00.000Z' });
  });

  it('marks new items pending, and a placed item changed later pending again with the length it replaced', async () => {
    const store = await openStore(await backend.database());
    const { newItemIds } = await ingest(store, 'dpa', [item('a', 'Kurz')], '2026-02-05T12:00:00.000Z');
    expect((await store.items.pending(10)).map((p) => [p.id, p.pending])).toEqual([[newItemIds[0], 'new']]);
    // Placed: nothing pending.
    await store.placements.apply({
      placements: [{ itemId: newItemIds[0]!, storyId: 's1', linkKey: null }],
      stories: [
        {
          id: 's1',
          representativeItemId: newItemIds[0]!,
          title: 'Kurz',
          url: null,
          published: '2026-02-05T12:00:00.000Z',
          updated: '2026-02-05T12:00:00.000Z',
        },
      ],
      merges: [],
      decisions: [],
    });
    expect(await store.items.pending(10)).toEqual([]);
    const before = (await store.items.byIds([newItemIds[0]!]))[0]!.contentLength;
    await ingest(store, 'dpa', [item('a', 'Kurz', { contentHtml: `<p>${'Viel mehr Text. '.repeat(20)}</p>` })], '2026-02-05T13:00:00.000Z');
    const [pending] = await store.items.pending(10);
    expect(pending).toMatchObject({ id: newItemIds[0], pending: 'updated', storyId: 's1', replacedContentLength: before });
    expect(pending!.contentLength).toBeGreaterThan(before);
  });

  it('keeps what the placed version showed until the item is placed again: a second change keeps it, placing forgets it', async () => {
    const store = await openStore(await backend.database());
    const placed = item('a', 'Brücke am Hafen bald dicht', { url: 'https://news.example/a?utm_campaign=x' });
    const { newItemIds } = await ingest(store, 'dpa', [placed], '2026-02-05T12:00:00.000Z');
    const id = newItemIds[0]!;
    const place = () =>
      store.transaction((s) =>
        s.placements.apply({
          placements: [{ itemId: id, storyId: 's1', linkKey: null }],
          stories: [
            {
              id: 's1',
              representativeItemId: id,
              title: 'x',
              url: null,
              published: '2026-02-05T12:00:00.000Z',
              updated: '2026-02-05T12:00:00.000Z',
            },
          ],
          merges: [],
          decisions: [],
        }),
      );
    await place();
    expect(await store.items.pending(10)).toEqual([]);
    await ingest(store, 'dpa', [item('a', 'Hafen: Brücke zu ab Montag')], '2026-02-05T13:00:00.000Z');
    await ingest(
      store,
      'dpa',
      [item('a', 'Hafen: Brücke ab Montag zu', { published: '2026-02-05T12:30:00.000Z' })],
      '2026-02-05T14:00:00.000Z',
    );
    const [pending] = await store.items.pending(10);
    expect(pending).toMatchObject({ id, pending: 'updated', title: 'Hafen: Brücke ab Montag zu', published: '2026-02-05T12:30:00.000Z' });
    expect(pending!.replaced).toEqual({
      title: 'Brücke am Hafen bald dicht',
      summary: 'Brücke am Hafen bald dicht – Zusammenfassung',
      url: 'https://news.example/a?utm_campaign=x',
      published: '2026-02-05T12:00:00.000Z',
    });
    await place();
    await ingest(store, 'dpa', [item('a', 'Hafenbrücke zu')], '2026-02-05T15:00:00.000Z');
    const [again] = await store.items.pending(10);
    expect(again!.replaced).toMatchObject({ title: 'Hafen: Brücke ab Montag zu', published: '2026-02-05T12:30:00.000Z' });
  });

  it('keeps the same key from two sources as two items', async () => {
    const store = await openStore(await backend.database());
    await ingest(store, 'dpa', [item('a', 'X')], '2026-02-05T12:00:00.000Z');
    const other = await ingest(store, 'afp', [item('a', 'X')], '2026-02-05T12:00:00.000Z');
    expect(other.newItemIds).toHaveLength(1);
    expect(await store.items.findByReference('https://news.example/a')).toHaveLength(2);
  });

  it('finds an item by the canonical form of a link as published (no tracking parameters, a fragment)', async () => {
    const store = await openStore(await backend.database());
    const stored = 'https://news.example/a?utm_source=rss&id=7#kommentare';
    await ingest(store, 'dpa', [item('a', 'X', { url: stored, canonicalUrl: 'https://news.example/a?id=7' })], '2026-02-05T12:00:00.000Z');
    const published = 'https://news.example/a?id=7#kommentare';
    expect(await store.items.findByReference(published)).toHaveLength(0);
    expect(await store.items.findByReference(published, 'https://news.example/a?id=7')).toHaveLength(1);
    expect(await store.items.findByReference(stored, null)).toHaveLength(1);
    expect(await store.items.findByReference('https://news.example/a?id=7')).toHaveLength(1);
  });

  it('writes a feed and its source state all or nothing', async () => {
    const store = await openStore(await backend.database());
    const broken = [item('a', 'ok'), { ...item('b', 'broken'), title: null as unknown as string }];
    await expect(
      store.transaction(async (s) => {
        await s.sources.save({ ...(await s.sources.get('dpa')), etag: '"v2"' });
        await s.items.ingest('dpa', null, broken, '2026-02-05T12:00:00.000Z');
      }),
    ).rejects.toThrow();
    expect(await store.items.findByReference('a')).toHaveLength(0);
    expect((await store.sources.get('dpa')).etag).toBeNull();
  });

  it('lets no other call land inside an open transaction', async () => {
    const store = await openStore(await backend.database());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = store.transaction(async (s) => {
      await s.items.ingest('dpa', null, [item('a', 'in the transaction')], '2026-02-05T12:00:00.000Z');
      await gate;
      throw new Error('rolled back');
    });
    // Queued behind the transaction: it must neither see nor be rolled back with its write.
    const outside = store.transaction((s) => s.items.ingest('afp', null, [item('b', 'outside')], '2026-02-05T12:00:00.000Z'));
    release();
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect((await store.items.findByReference('a')).length).toBe(0);
    expect((await store.items.findByReference('b')).length).toBe(1);
  });

  it('keeps what was stored across a reopen', async () => {
    const file = await backend.database();
    const store = await openStore(file);
    await ingest(store, 'dpa', [item('a', 'Bleibt')], '2026-02-05T12:00:00.000Z');
    await store.close();
    const reopened = await openStore(file);
    expect((await reopened.items.findByReference('a'))[0]?.title).toBe('Bleibt');
    await reopened.close();
  });
});

describe('opening a store', () => {
  it('gives a clear error for a database it cannot open, and refuses to create one for a read-only command', async () => {
    // A regular file where the folder should be: neither mkdir nor open can succeed.
    const notAFolder = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-store-')), 'file');
    writeFileSync(notAFolder, '');
    await expect(openStore(path.join(notAFolder, 'x.db'))).rejects.toThrow(/^Cannot open database ".*file\/x.db": /);
    await expect(openStore(path.join(tmpdir(), 'feedmerge-no-such.db'), { mustExist: true })).rejects.toThrow(/no database at/);
  });
});

describeBackend(postgresBackend, 'a change stored while the placer places the one before it', () => {
  // Several pollers on PostgreSQL: the placer read version B, a poller stored C (B with a rotated
  // tracking parameter) before B's placement was applied. C stays pending, compared with B, the
  // version now placed: compared with A, the version before, it would move the story's `updated` again.
  it('keeps the version the placer placed as what C replaced, not the one before it', async () => {
    const store = await openStore(await postgresBackend.database());
    const { newItemIds } = await ingest(store, 'dpa', [item('a', 'Brücke am Hafen bald dicht')], '2026-02-05T12:00:00.000Z');
    const id = newItemIds[0]!;
    const place = () =>
      store.transaction((s) =>
        s.placements.apply({
          placements: [{ itemId: id, storyId: 's1', linkKey: null }],
          stories: [
            {
              id: 's1',
              representativeItemId: id,
              title: 'x',
              url: null,
              published: '2026-02-05T12:00:00.000Z',
              updated: '2026-02-05T12:00:00.000Z',
            },
          ],
          merges: [],
          decisions: [],
        }),
      );
    await store.items.pending(10);
    await place();
    await ingest(store, 'dpa', [item('a', 'Hafenbrücke ab Montag zu')], '2026-02-05T13:00:00.000Z');
    const [read] = await store.items.pending(10);
    expect(read).toMatchObject({ title: 'Hafenbrücke ab Montag zu', replaced: { title: 'Brücke am Hafen bald dicht' } });
    const rotated = 'https://news.example/a?utm_campaign=y';
    await ingest(store, 'dpa', [item('a', 'Hafenbrücke ab Montag zu', { url: rotated })], '2026-02-05T13:05:00.000Z');
    await place();
    const [again] = await store.items.pending(10);
    expect(again).toMatchObject({ id, pending: 'updated', url: rotated });
    expect(again!.replaced).toEqual({
      title: 'Hafenbrücke ab Montag zu',
      summary: 'Hafenbrücke ab Montag zu – Zusammenfassung',
      url: 'https://news.example/a',
      published: '2026-02-05T12:00:00.000Z',
    });
  });
});

describeBackend(postgresBackend, 'opening a PostgreSQL store', () => {
  it('gives a clear error, without the password, for a server it cannot reach', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    await expect(openStore('postgres://feedmerge:secret@127.0.0.1:1/feedmerge')).rejects.toThrow(
      /^Cannot open database "postgres:\/\/feedmerge:\*\*\*@127\.0\.0\.1:1\/feedmerge": /,
    );
  });

  it('refuses a database without feedmerge tables for a read-only command', async () => {
    await expect(openStore(await postgresBackend.database(), { mustExist: true })).rejects.toThrow(/no feedmerge tables in/);
  });
});
