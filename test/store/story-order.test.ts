// Stories of one time are listed as their feeds list them (feed_position, written once when the item is
// first stored), newer polls first, and paging walks that same order: no story skipped or repeated across
// pages, also when a poll or a deletion comes between two pages (the cursor carries the place). Ties are the rule for an undated feed (one poll's
// items share its time) and common for feeds that date by the day. Items placed by the real engine.
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import type { FeedItem } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import { cursorAfter, type Store, type StoryCursor } from '../../src/store/store.js';
import { settingsFor, source } from '../dedup/dedup-harness.js';
import { describeEachBackend, type TestBackend } from '../support/backends.js';
import { feedItem } from '../support/feed-item.js';

// Unrelated headlines: each founds its own story.
const TITLES: Record<string, string> = {
  a0: 'Kürbissuppe mit Ingwer',
  a1: 'Neue Bienenstöcke im Schulgarten',
  a2: 'Fahrradtour entlang der Mosel',
  a3: 'Jahreshauptversammlung des Chors',
  A1: 'Neuer Radweg zwischen Saarburg und Konz',
  A2: 'Bäckerei am Markt schließt nach 80 Jahren',
  A3: 'Gemeinderat beschließt Haushalt für 2027',
  A4: 'Freiwillige Feuerwehr übt mit Drehleiter',
  A5: 'Weinfest lockt Tausende an die Saar',
  A6: 'Grundschule erhält neue Turnhalle',
  B1: 'Kita-Gebühren steigen im Frühjahr',
  B2: 'Sternwarte lädt zur Mondnacht ein',
  C1: 'Hochwasserschutz an der Ruwer wird ausgebaut',
  b0: 'Orgelkonzert zum Advent',
  b1: 'Flohmarkt im Gemeindehaus',
  b2: 'Winterreifen richtig lagern',
  c0: 'Lichterfest auf dem Marktplatz',
  c1: 'Tischtennisturnier der Jugend',
  d0: 'Stadtbücherei verlängert Öffnungszeiten',
  d1: 'Seniorentreff plant Ausflug nach Trier',
};
const item = (key: string, published: string | null = null): FeedItem =>
  feedItem({ key, title: TITLES[key]!, url: `https://blog.example/${key}`, published });

/** Stores one poll of a feed (its items in document order) and places it. */
async function poll(store: Store, placer: Placer, sourceId: string, items: FeedItem[], now: string): Promise<void> {
  await store.transaction((s) => s.items.ingest(sourceId, 'de', items, now));
  await placer.placePending(now);
}

/** Every story's representative key, walking the list `pageSize` stories at a time. */
async function keysInPages(store: Store, pageSize: number): Promise<string[]> {
  const keys: string[] = [];
  let before: StoryCursor | undefined;
  for (;;) {
    const page = await store.stories.list({ before, limit: pageSize });
    keys.push(...page.map((s) => s.representative.key));
    const last = page.at(-1);
    if (!last || page.length < pageSize) return keys;
    before = cursorAfter(last);
  }
}

const keysOf = (stories: { representative: { key: string } }[]): string[] => stories.map((s) => s.representative.key);

/** Runs one-parameter SQL statements (`?`) on the test database, the store closed: the SQLite file directly, PostgreSQL by the backend. */
async function rawSql(backend: TestBackend, database: string, statements: [string, string][]): Promise<void> {
  if (backend.name === 'postgres') {
    for (const [text, value] of statements) await backend.sql(database, text.replace('?', '$1'), [value]);
    return;
  }
  const db = new Database(database);
  for (const [text, value] of statements) db.prepare(text).run(value);
  db.close();
}

describeEachBackend('stories of one time', (backend) => {
  it('list as their feeds list them, newer polls first, and page in that order', async () => {
    const store = await openStore(await backend.database());
    const placer = new Placer(store, new StoryEngine(settingsFor(['a', 'b', 'c', 'd'].map((id) => source(id)))));
    // Two undated feeds polled at one time (one cycle), then one of them again with two new items on top.
    await poll(store, placer, 'a', [item('a0'), item('a1'), item('a2'), item('a3')], '2026-02-05T10:00:00.000Z');
    await poll(store, placer, 'b', [item('b0'), item('b1')], '2026-02-05T10:00:00.000Z');
    await poll(store, placer, 'b', [item('b2'), item('b0'), item('b1')], '2026-02-05T11:00:00.000Z');
    // A feed dated by the day: its second poll's new item c0 tops the list, and the older c1 moved down.
    const day = '2026-02-04T00:00:00.000Z';
    await poll(store, placer, 'c', [item('c1', day)], '2026-02-05T09:00:00.000Z');
    await poll(store, placer, 'c', [item('c0', day), item('c1', day)], '2026-02-05T09:30:00.000Z');
    // A feed that lists oldest first keeps its own order: the merged feed shows it as the feed does.
    await poll(store, placer, 'd', [item('d1'), item('d0')], '2026-02-05T08:00:00.000Z');

    // Among ties: the place each item had when first stored (b0 stays b's first, not its second), then story id.
    const all = keysOf(await store.stories.list({ limit: 1000 }));
    expect(all[0]).toBe('b2');
    expect(all.slice(1, 7).filter((k) => k.startsWith('a'))).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(all.slice(1, 7).filter((k) => k.startsWith('b'))).toEqual(['b0', 'b1']);
    expect([all.slice(1, 3).sort(), all.slice(3, 5).sort(), all.slice(5, 7)]).toEqual([
      ['a0', 'b0'],
      ['a1', 'b1'],
      ['a2', 'a3'],
    ]);
    expect(all.slice(7)).toEqual(['d1', 'd0', 'c0', 'c1']);
    for (const pageSize of [1, 2, 3, 5]) expect(await keysInPages(store, pageSize)).toEqual(all);
    await store.close();
  });

  it.each([
    ['undated', null],
    ['dated by the day', '2026-02-04T00:00:00.000Z'],
  ])('keep a %s feed in order while its window slides (older stories never move)', async (_, day) => {
    const store = await openStore(await backend.database());
    const placer = new Placer(store, new StoryEngine(settingsFor([source('a')])));
    const feed = (...keys: string[]) => keys.map((k) => item(k, day));
    await poll(store, placer, 'a', feed('A1', 'A2', 'A3', 'A4', 'A5', 'A6'), '2026-02-05T10:00:00.000Z');
    expect(keysOf(await store.stories.list({ limit: 100 }))).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    // A fixed-size feed: two new on top, A5 and A6 fall off; then one more, A4 falls off.
    await poll(store, placer, 'a', feed('B1', 'B2', 'A1', 'A2', 'A3', 'A4'), '2026-02-05T11:00:00.000Z');
    expect(keysOf(await store.stories.list({ limit: 100 }))).toEqual(['B1', 'B2', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    await poll(store, placer, 'a', feed('C1', 'B1', 'B2', 'A1', 'A2', 'A3'), '2026-02-05T12:00:00.000Z');
    const all = keysOf(await store.stories.list({ limit: 100 }));
    expect(all).toEqual(['C1', 'B1', 'B2', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    for (const pageSize of [1, 2, 4]) expect(await keysInPages(store, pageSize)).toEqual(all);
    await store.close();
  });

  it('page on without repeating or skipping when a poll comes between two pages', async () => {
    const store = await openStore(await backend.database());
    const placer = new Placer(store, new StoryEngine(settingsFor(['a', 'b'].map((id) => source(id)))));
    const day = '2026-02-04T00:00:00.000Z';
    await poll(store, placer, 'a', [item('a0', day), item('a1', day), item('a2', day)], '2026-02-04T10:00:00.000Z');
    await poll(store, placer, 'b', [item('b0', day), item('b1', day), item('b2', day)], '2026-02-04T10:00:00.000Z');
    const before = keysOf(await store.stories.list({ limit: 100 }));
    const page1 = await store.stories.list({ limit: 3 });
    // Feed b polled between the pages: two newer items on top (a later day), its older ones listed again.
    const next = '2026-02-05T00:00:00.000Z';
    await poll(
      store,
      placer,
      'b',
      [item('c0', next), item('c1', next), item('b0', day), item('b1', day), item('b2', day)],
      '2026-02-05T10:00:00.000Z',
    );
    const page2 = await store.stories.list({ limit: 100, before: cursorAfter(page1.at(-1)!) });
    expect([...keysOf(page1), ...keysOf(page2)]).toEqual(before);
    expect(keysOf(await store.stories.list({ limit: 100 }))).toEqual(['c0', 'c1', ...before]);
    await store.close();
  });

  it('page on without repeating or skipping when the cursor story is gone', async () => {
    const database = await backend.database();
    let store = await openStore(database);
    const placer = new Placer(store, new StoryEngine(settingsFor([source('a')])));
    await poll(store, placer, 'a', [item('A1'), item('A2'), item('A3'), item('A4'), item('A5'), item('A6')], '2026-02-05T10:00:00.000Z');
    await poll(store, placer, 'a', [item('B1'), item('B2'), item('A1'), item('A2'), item('A3'), item('A4')], '2026-02-05T11:00:00.000Z');
    const page1 = await store.stories.list({ limit: 4 });
    expect(keysOf(page1)).toEqual(['B1', 'B2', 'A1', 'A2']);
    const cursor = page1.at(-1)!;
    await store.close();
    // The cursor story deleted between the pages (as expiry or a merge takes it away).
    await rawSql(backend, database, [
      ['UPDATE items SET story_id = NULL WHERE story_id = ?', cursor.id],
      ['DELETE FROM stories WHERE id = ?', cursor.id],
    ]);
    store = await openStore(database);
    const page2 = await store.stories.list({ limit: 100, before: cursorAfter(cursor) });
    expect(keysOf(page2)).toEqual(['A3', 'A4', 'A5', 'A6']);
    await store.close();
  });
});
