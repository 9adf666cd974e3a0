// Re-placement keeps a published story's id. Two outlets carry one wire item: the later-dated copy
// is polled first and published; the earlier-dated one comes a poll later, sorts before it and is
// placed first when the placements are done again. The story it founds in that run takes the id
// readers already have (as the older id survives a merge), so they never see the story twice.
// Through the real SQLite store and placer; a restart between the polls (a new engine built from
// the store) gives the same ids, and so do a later take-back and a recluster. The copies are dated
// in different 10-minute steps: within a step the placement order is by source, not by minutes
// (story-engine.ts `orderTimeMs`).
import { describe, expect, it } from 'vitest';
import { recluster } from '../../src/dedup/recluster.js';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine, SUGGESTED_MAX_REPLACED } from '../../src/dedup/story-engine.js';
import { storyIdFor } from '../../src/dedup/story-id.js';
import type { FeedItem } from '../../src/model.js';
import type { Store } from '../../src/store/store.js';
import { feedItem, harness, source } from './dedup-harness.js';

const TITLE = 'Hochwasser in Passau: Pegel der Donau steigt auf zwölf Meter';
const LEAD = 'Die Stadt Passau ruft den Katastrophenfall aus, die Altstadt wird geräumt, teilte das Landratsamt mit.';

/** The wire item as outlet `sourceId` carries it, dated `published`. */
const copy = (sourceId: string, published: string, key = 'wire-1', title = TITLE, summary = LEAD): FeedItem =>
  feedItem({ key, title, summary, url: `https://${sourceId}.example/${key}`, published });

/** Every story in the outputs: id → members (source/key), and id → the ids it lists as absorbed. */
async function outputs(store: Store): Promise<{ members: Map<string, string[]>; absorbed: Map<string, string[]> }> {
  const stories = await store.stories.list({ limit: 1_000 });
  return {
    members: new Map(stories.map((s) => [s.id, s.items.map((i) => `${i.sourceId}/${i.key}`).sort()])),
    absorbed: new Map(stories.filter((s) => s.absorbedIds.length).map((s) => [s.id, [...s.absorbedIds].sort()])),
  };
}

/** Every id the outputs show: stories and the ids they list as absorbed. */
const shownIds = (o: { members: Map<string, string[]>; absorbed: Map<string, string[]> }): Set<string> =>
  new Set([...o.members.keys(), ...[...o.absorbed.values()].flat()]);

const settingsOn = (h: { settings: object }) => ({ ...h.settings, maxReplaced: SUGGESTED_MAX_REPLACED }) as never;

describe('a published story keeps its id when an earlier-dated copy comes later', () => {
  for (const restart of [false, true]) {
    it(restart ? 'with a new engine per poll (built from the store)' : 'in one process', async () => {
      const h = await harness([source('a'), source('b')]);
      const settings = settingsOn(h);
      h.placer.engine.configure(settings);
      const placer = (): Placer => (restart ? new Placer(h.store, new StoryEngine(settings)) : h.placer);
      const poll = async (sourceId: string, items: FeedItem[], now: string) => {
        await h.store.transaction((s) => s.items.ingest(sourceId, 'de', items, now));
        await placer().placePending(now);
      };
      const published = storyIdFor('a', 'wire-1');

      await poll('a', [copy('a', '2026-02-05T10:45:00.000Z')], '2026-02-05T11:00:00.000Z');
      expect([...(await outputs(h.store)).members.keys()]).toEqual([published]);

      await poll('b', [copy('b', '2026-02-05T10:15:00.000Z')], '2026-02-05T11:10:00.000Z');
      const after = await outputs(h.store);
      expect(after.members).toEqual(new Map([[published, ['a/wire-1', 'b/wire-1']]]));
      // The id of the earlier copy never was published: no absorbed entry names it.
      expect(after.absorbed).toEqual(new Map());
      // It was placed again (the window rebuilt from the store after a restart, too): b's copy founded the
      // story of this run, and a's, joining it, gave it its id (what `explain` shows of a's item).
      const [itemA, itemB] = await Promise.all(
        ['a', 'b'].map(async (s) => (await h.store.items.findByReference(`https://${s}.example/wire-1`))[0]!),
      );
      expect((await h.store.placements.decision(itemB!.id))?.rule).toBe('new-story');
      expect((await h.store.placements.decision(itemA!.id))?.components).toMatchObject({
        keptStoryId: published,
        renamedStoryId: storyIdFor('b', 'wire-1'),
      });
      // The row follows the new founder (the earlier copy): its date is the story's.
      expect((await h.store.stories.get(published))?.published).toBe('2026-02-05T10:15:00.000Z');

      // A third, still earlier copy takes both placements back: the id stays.
      await poll('c', [copy('c', '2026-02-05T09:45:00.000Z')], '2026-02-05T11:20:00.000Z');
      const third = await outputs(h.store);
      expect(third.members).toEqual(new Map([[published, ['a/wire-1', 'b/wire-1', 'c/wire-1']]]));
      expect(third.absorbed).toEqual(new Map());

      // A copy dated between b's and a's takes back only a's placement, which had given the story its id: undone,
      // the story is b's alone under b's id again (never stored), and a's copy, placed again, gives it the id again.
      await poll('d', [copy('d', '2026-02-05T10:30:00.000Z')], '2026-02-05T11:30:00.000Z');
      const fourth = await outputs(h.store);
      expect(fourth.members).toEqual(new Map([[published, ['a/wire-1', 'b/wire-1', 'c/wire-1', 'd/wire-1']]]));
      expect(fourth.absorbed).toEqual(new Map());

      // A recluster replays the same runs: same ids; its dry run reports nothing gained or lost.
      const at = '2026-02-05T12:00:00.000Z';
      const dry = await recluster(h.store, settings, at, { dryRun: true });
      expect([dry.mergesGained.length, dry.mergesLost.length, dry.storiesAfter]).toEqual([0, 0, 1]);
      await recluster(h.store, settings, at, { dryRun: false });
      expect(await outputs(h.store)).toEqual(fourth);
      await h.store.close();
    });
  }

  for (const restart of [false, true]) {
    it(`keeps the oldest of two published ids one new story takes in; the other is listed as absorbed${restart ? ' (new engine per poll)' : ''}`, async () => {
      const h = await harness([source('a'), source('b'), source('c')]);
      const settings = settingsOn(h);
      h.placer.engine.configure(settings);
      const poll = async (sourceId: string, items: FeedItem[], now: string) => {
        await h.store.transaction((s) => s.items.ingest(sourceId, 'de', items, now));
        await (restart ? new Placer(h.store, new StoryEngine(settings)) : h.placer).placePending(now);
      };
      // a's and b's items have nothing in common and are published as two stories. c's item, dated
      // before both, has a's title and b's link: placed first, it founds a story both join.
      const other = { title: 'Bahnstreik legt Fernverkehr lahm', lead: 'Die GDL bestreikt die Deutsche Bahn bis Freitag.' };
      await poll('a', [copy('a', '2026-02-05T10:25:00.000Z')], '2026-02-05T10:30:00.000Z');
      await poll('b', [copy('b', '2026-02-05T10:27:00.000Z', 'wire-1', other.title, other.lead)], '2026-02-05T10:32:00.000Z');
      const a = storyIdFor('a', 'wire-1');
      const b = storyIdFor('b', 'wire-1');
      expect(new Set((await outputs(h.store)).members.keys())).toEqual(new Set([a, b]));
      const c = feedItem({
        key: 'wire-1',
        title: TITLE,
        summary: LEAD,
        url: 'https://b.example/wire-1',
        published: '2026-02-05T10:00:00.000Z',
      });
      await poll('c', [c], '2026-02-05T10:40:00.000Z');
      const after = await outputs(h.store);
      // a's id is the older (its founder dated first): it is kept; b's is absorbed into it, as in a merge.
      expect(after.members).toEqual(new Map([[a, ['a/wire-1', 'b/wire-1', 'c/wire-1']]]));
      expect(after.absorbed).toEqual(new Map([[a, [b]]]));
      await h.store.close();
    });
  }
});

describe('an id once published', () => {
  it('never leaves the outputs but as an absorbed id of a survivor, whatever order the copies come in', async () => {
    // Four outlets, two wire items each (one of them told in other words by two outlets), polled one
    // outlet at a time, latest-dated first: every poll brings copies dated before what is placed.
    const outlets = ['d', 'c', 'b', 'a'];
    const h = await harness(outlets.map((id) => source(id)));
    h.placer.engine.configure(settingsOn(h));
    const seen = new Set<string>();
    for (const [k, id] of outlets.entries()) {
      const at = (minutes: number) => new Date(Date.parse('2026-02-05T10:00:00.000Z') + minutes * 60_000).toISOString();
      const items = [
        copy(id, at(30 - 5 * k), 'wire-1'),
        copy(
          id,
          at(31 - 5 * k),
          'wire-2',
          'Bahnstreik legt Fernverkehr in ganz Deutschland lahm',
          'Die GDL bestreikt den Fernverkehr der Deutschen Bahn bis Freitag, Millionen Pendler sind betroffen.',
        ),
      ];
      await h.store.transaction((s) => s.items.ingest(id, 'de', items, at(60 + k * 10)));
      await h.placer.placePending(at(60 + k * 10));
      const now = await outputs(h.store);
      const shown = shownIds(now);
      for (const published of seen) expect(shown, `after outlet ${id}: ${published}`).toContain(published);
      for (const story of now.members.keys()) seen.add(story);
    }
    const last = await outputs(h.store);
    expect([...last.members.values()].map((m) => m.length).sort()).toEqual([4, 4]);
    // The two stories keep the ids of the first outlet polled, and nothing is listed as absorbed.
    expect(new Set(last.members.keys())).toEqual(new Set([storyIdFor('d', 'wire-1'), storyIdFor('d', 'wire-2')]));
    expect(last.absorbed).toEqual(new Map());
    await h.store.close();
  });
});
