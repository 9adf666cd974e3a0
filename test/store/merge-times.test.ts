// When each story id became an alias, on both backends (story_aliases.absorbed_at, absorbed_published):
// a merge is dated with its batch's decision time and keeps the absorbed story's published time; an id
// merged on (its survivor absorbed in turn) keeps the dates of its own merge; `absorbedSince` lists
// merges newest first from a time and by the absorbed story's sources; an id saved as a story again (an undone
// merge) is not listed; `aliases` reads every row back and `saveAliases` writes rows as given (recluster).
// The Atom tombstones and maxAgeHours outputs read this.
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import type { DedupDecision, Story } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { describeEachBackend } from '../support/backends.js';
import { feedItem } from '../support/feed-item.js';

const T0 = '2026-02-05T12:00:00.000Z';
const T1 = '2026-02-05T13:00:00.000Z';
const T2 = '2026-02-05T14:00:00.000Z';

const story = (id: string, representativeItemId: number): Story => ({
  id,
  representativeItemId,
  title: `story ${id}`,
  url: null,
  published: T0,
  updated: T0,
});
const decision = (itemId: number, storyId: string, decidedAt: string): DedupDecision => ({
  itemId,
  storyId,
  rule: 'near-duplicate',
  score: 0.8,
  matchedItemId: null,
  components: {},
  decidedAt,
});

/** Stories A (source a), B (source b), C (source c), one item each; returns the item ids. */
async function threeStories(store: Store): Promise<[number, number, number]> {
  const ids: number[] = [];
  for (const [source, id] of [
    ['a', 'A'],
    ['b', 'B'],
    ['c', 'C'],
  ] as const) {
    const [itemId] = (await store.transaction((s) => s.items.ingest(source, 'de', [feedItem({ key: id })], T0))).newItemIds;
    await store.placements.apply({
      placements: [{ itemId: itemId!, storyId: id, linkKey: null }],
      stories: [story(id, itemId!)],
      merges: [],
      decisions: [decision(itemId!, id, T0)],
    });
    ids.push(itemId!);
  }
  return ids as [number, number, number];
}

describeEachBackend('merge times of absorbed story ids', (backend) => {
  it('dates a merge by its batch, keeps the first date of an id merged on, and lists by time and source', async () => {
    const store = await openStore(await backend.database());
    const [a, b, c] = await threeStories(store);
    // B into A at T1 (B's item re-decided then), then A (holding B) into C at T2.
    await store.placements.apply({
      placements: [],
      stories: [],
      merges: [{ absorbed: 'B', survivor: 'A' }],
      decisions: [decision(b, 'A', T1)],
    });
    await store.placements.apply({
      placements: [],
      stories: [],
      merges: [{ absorbed: 'A', survivor: 'C' }],
      decisions: [decision(a, 'C', T2)],
    });
    expect(await store.stories.absorbedSince({ since: '', limit: 10 })).toEqual([
      { storyId: 'A', survivorId: 'C', absorbedAt: T2, published: T0, title: 'story A', memberIds: [a, b] },
      { storyId: 'B', survivorId: 'C', absorbedAt: T1, published: T0, title: 'story B', memberIds: [b] },
    ]);
    expect(await store.stories.absorbedSince({ since: T2, limit: 10 })).toEqual([
      { storyId: 'A', survivorId: 'C', absorbedAt: T2, published: T0, title: 'story A', memberIds: [a, b] },
    ]);
    expect(await store.stories.absorbedSince({ since: '', limit: 1 })).toEqual([
      { storyId: 'A', survivorId: 'C', absorbedAt: T2, published: T0, title: 'story A', memberIds: [a, b] },
    ]);
    // By the absorbed story's sources when it was merged (the outputs that carried its entry), not the
    // survivor's: A held a's item and B's, B held b's only, and no absorbed story held c's.
    const bySource = async (source: string): Promise<string[]> =>
      (await store.stories.absorbedSince({ since: '', sourceIds: [source], limit: 10 })).map((m) => m.storyId);
    expect(await bySource('b')).toEqual(['A', 'B']);
    expect(await bySource('a')).toEqual(['A']);
    expect(await bySource('c')).toEqual([]);
    expect(await bySource('elsewhere')).toEqual([]);

    // A re-placement undoes the first merge: B is a story again, so no longer listed.
    await store.placements.apply({
      placements: [{ itemId: b, storyId: 'B', linkKey: null, moved: true }],
      stories: [story('B', b)],
      merges: [],
      decisions: [decision(c, 'C', T2)],
    });
    expect((await store.stories.absorbedSince({ since: '', limit: 10 })).map((m) => m.storyId)).toEqual(['A']);
    await store.close();
  });
  it('lists a story a re-placement retired under its own sources, though its founder moved before the merge', async () => {
    const store = await openStore(await backend.database());
    const [, , c] = await threeStories(store);
    // C's founder re-placed into A: C is left without it and retired into A, in the same batch.
    await store.placements.apply({
      placements: [{ itemId: c, storyId: 'A', linkKey: null, moved: true }],
      stories: [],
      merges: [],
      decisions: [decision(c, 'A', T1)],
      retired: [{ absorbed: 'C', survivor: 'A' }],
    });
    expect(await store.stories.absorbedSince({ since: '', sourceIds: ['c'], limit: 10 })).toEqual([
      { storyId: 'C', survivorId: 'A', absorbedAt: T1, published: T0, title: 'story C', memberIds: [c] },
    ]);
    expect(await store.stories.absorbedSince({ since: '', sourceIds: ['a'], limit: 10 })).toEqual([]);
    await store.close();
  });

  it('lists each story of a chain merged in one batch under its own sources only', async () => {
    const store = await openStore(await backend.database());
    const [a, b] = await threeStories(store);
    // A into B, then B (now holding a's item) into C, in one batch.
    await store.placements.apply({
      placements: [],
      stories: [],
      merges: [
        { absorbed: 'A', survivor: 'B' },
        { absorbed: 'B', survivor: 'C' },
      ],
      decisions: [decision(a, 'C', T1), decision(b, 'C', T1)],
    });
    const bySource = async (source: string): Promise<string[]> =>
      (await store.stories.absorbedSince({ since: '', sourceIds: [source], limit: 10 })).map((m) => m.storyId).sort();
    expect(await bySource('a')).toEqual(['A']);
    expect(await bySource('b')).toEqual(['B']);
    // Each with its title and members as they were before the batch (B's entry never showed a's item).
    const merges = await store.stories.absorbedSince({ since: '', limit: 10 });
    expect(Object.fromEntries(merges.map((m) => [m.storyId, [m.title, m.memberIds]]))).toEqual({
      A: ['story A', [a]],
      B: ['story B', [b]],
    });
    expect((await store.stories.absorbedSince({ since: '', limit: 10 })).map((m) => m.survivorId)).toEqual(['C', 'C']);
    await store.close();
  });

  it('pages through the merges newest first (one time: newest absorbed story first, then by id descending)', async () => {
    const store = await openStore(await backend.database());
    const [a, b] = await threeStories(store);
    // A and B both into C in one batch (one merge time), then nothing else.
    await store.placements.apply({
      placements: [],
      stories: [],
      merges: [
        { absorbed: 'A', survivor: 'C' },
        { absorbed: 'B', survivor: 'C' },
      ],
      decisions: [decision(a, 'C', T1), decision(b, 'C', T1)],
    });
    const first = await store.stories.absorbedSince({ since: '', limit: 1 });
    expect(first.map((m) => m.storyId)).toEqual(['B']);
    const before = { absorbedAt: first[0]!.absorbedAt, published: first[0]!.published, storyId: first[0]!.storyId };
    expect((await store.stories.absorbedSince({ since: '', before, limit: 10 })).map((m) => m.storyId)).toEqual(['A']);
    expect(await store.stories.absorbedSince({ since: '', before: { absorbedAt: T1, published: T0, storyId: 'A' }, limit: 10 })).toEqual(
      [],
    );

    // A recluster's ids, all dated by it: the newest story first whatever its id (an output that must cap keeps
    // the entries it most likely listed), and paging keeps that order.
    const gone = (storyId: string, published: string) => ({
      storyId,
      survivorId: 'C',
      absorbedAt: T2,
      published,
      sources: ['a'],
      title: null,
      memberIds: null,
    });
    await store.placements.saveAliases([gone('Z', T0), gone('M', T1), gone('N', T1)]);
    const page = await store.stories.absorbedSince({ since: T2, limit: 2 });
    expect(page.map((m) => m.storyId)).toEqual(['N', 'M']);
    const rest = await store.stories.absorbedSince({ since: T2, before: page[1]!, limit: 2 });
    expect(rest.map((m) => m.storyId)).toEqual(['Z']);
    await store.close();
  });

  it('lists a merge made before titles and members were kept with neither (null), as a database upgraded to them has it', async () => {
    const database = await backend.database();
    const store = await openStore(database);
    const [a] = await threeStories(store);
    await store.placements.apply({
      placements: [],
      stories: [],
      merges: [{ absorbed: 'A', survivor: 'B' }],
      decisions: [decision(a, 'B', T1)],
    });
    await store.close();
    // What the migration (SQLite 14, PostgreSQL 8) leaves on an alias made before it.
    const forget = 'UPDATE story_aliases SET absorbed_title = NULL, absorbed_items = NULL';
    if (backend.name === 'postgres') await backend.sql(database, forget);
    else {
      const raw = new Database(database);
      raw.exec(forget);
      raw.close();
    }
    const reopened = await openStore(database);
    expect(await reopened.stories.absorbedSince({ since: '', limit: 10 })).toEqual([
      { storyId: 'A', survivorId: 'B', absorbedAt: T1, published: T0, title: null, memberIds: null },
    ]);
    await reopened.close();
  });

  it('reads every alias back with what its merge recorded, and writes rows as given after a clear (recluster)', async () => {
    const store = await openStore(await backend.database());
    const [a, b] = await threeStories(store);
    await store.placements.apply({
      placements: [],
      stories: [],
      merges: [{ absorbed: 'B', survivor: 'A' }],
      decisions: [decision(a, 'A', T1)],
    });
    expect(await store.stories.aliases()).toEqual([
      { storyId: 'B', survivorId: 'A', absorbedAt: T1, published: T0, sources: ['b'], title: 'story B', memberIds: [b] },
    ]);

    await store.transaction(async (session) => {
      await session.placements.clear();
      await session.placements.saveAliases([
        { storyId: 'B', survivorId: 'C', absorbedAt: T1, published: T0, sources: ['b', 'a', 'b'], title: 'story B', memberIds: [b, a, b] },
        // What an earlier version stored: nothing known but the survivor.
        { storyId: 'X', survivorId: 'C', absorbedAt: null, published: null, sources: null, title: null, memberIds: null },
        { storyId: 'A', survivorId: 'C', absorbedAt: T2, published: T0, sources: ['a'], title: 'story A', memberIds: [a] },
        // The same id again: the last row wins.
        { storyId: 'A', survivorId: 'C', absorbedAt: T2, published: T1, sources: ['a'], title: 'story A2', memberIds: [a] },
      ]);
    });
    expect(await store.stories.aliases()).toEqual([
      { storyId: 'A', survivorId: 'C', absorbedAt: T2, published: T1, sources: ['a'], title: 'story A2', memberIds: [a] },
      { storyId: 'B', survivorId: 'C', absorbedAt: T1, published: T0, sources: ['a', 'b'], title: 'story B', memberIds: [a, b] },
      { storyId: 'X', survivorId: 'C', absorbedAt: null, published: null, sources: null, title: null, memberIds: null },
    ]);
    expect(await store.stories.survivorOf('X')).toBe('C');
    // What the tombstones read: B as saved, its title and members (in order, once each).
    expect(await store.stories.absorbedSince({ since: '', sourceIds: ['b'], limit: 10 })).toEqual([
      { storyId: 'B', survivorId: 'C', absorbedAt: T1, published: T0, title: 'story B', memberIds: [a, b] },
    ]);
    await store.close();
  });
});
