// Stories of one time are listed as their feeds list them (feed_position), and paging walks that same
// order: no story skipped or repeated across pages. Ties are the rule for an undated feed (one poll's
// items share its time) and common for feeds that date by the day. Items placed by the real engine.
import { expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import type { FeedItem } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { settingsFor, source } from '../dedup/dedup-harness.js';
import { describeEachBackend } from '../support/backends.js';
import { feedItem } from '../support/feed-item.js';

// Unrelated headlines: each founds its own story.
const TITLES: Record<string, string> = {
  a0: 'Kürbissuppe mit Ingwer',
  a1: 'Neue Bienenstöcke im Schulgarten',
  a2: 'Fahrradtour entlang der Mosel',
  a3: 'Jahreshauptversammlung des Chors',
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
  let before: { published: string; id: string } | undefined;
  for (;;) {
    const page = await store.stories.list({ before, limit: pageSize });
    keys.push(...page.map((s) => s.representative.key));
    const last = page.at(-1);
    if (!last || page.length < pageSize) return keys;
    before = { published: last.published, id: last.id };
  }
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

    // Among ties: place in the feed's latest document first (b0 is second in b's now), then story id.
    const all = (await store.stories.list({ limit: 1000 })).map((s) => s.representative.key);
    expect(all[0]).toBe('b2');
    expect(all.slice(1, 7).filter((k) => k.startsWith('a'))).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(all.slice(1, 7).filter((k) => k.startsWith('b'))).toEqual(['b0', 'b1']);
    expect([all[1], all[6]]).toEqual(['a0', 'a3']);
    expect(all.slice(7)).toEqual(['d1', 'd0', 'c0', 'c1']);
    for (const pageSize of [1, 2, 3, 5]) expect(await keysInPages(store, pageSize)).toEqual(all);
    await store.close();
  });
});
