// The same items make the same stories whatever groups their feeds arrive in (issue 10, goal 4):
// feeds stored and placed in one poll, in blocks of sources, halves or thirds, through the
// real SQLite store and placer, end with identical stories (the same members). Later polls bring
// items dated before ones already placed: the placer takes those placements back and places
// them again among the late items. Ids are not the same across groupings: a story keeps the id
// it was first published under (an id once published stays in the outputs, as a story's or as an
// id absorbed into a survivor's). With re-placement off (dedup.maxReplacedItems = 0) the
// groupings disagree, which is what this test guards.
import { describe, expect, it } from 'vitest';
import { recluster } from '../../src/dedup/recluster.js';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine, SUGGESTED_MAX_REPLACED, type EngineSettings } from '../../src/dedup/story-engine.js';
import type { Store } from '../../src/store/store.js';
import { harness, source, type Harness } from './dedup-harness.js';
import { eventFeed } from '../support/event-feeds.js';

const T = Date.parse('2026-02-05T12:00:00.000Z');
const SOURCES = 24;

const ids = Array.from({ length: SOURCES }, (_, i) => i);
const feeds = new Map(ids.map((i) => [i, eventFeed(i, SOURCES, T)]));

/** Stores the groups as polls a minute apart (each placed after it is stored); `inspect` sees the store after. */
async function storiesAfter(
  groups: number[][],
  maxReplaced: number = SUGGESTED_MAX_REPLACED,
  inspect?: (h: Harness, settings: EngineSettings) => Promise<void>,
  restart = false,
): Promise<string[][]> {
  const h = await harness(ids.map((i) => source(`s${i}`)));
  const published = new Set<string>();
  const settings = { ...h.settings, maxReplaced };
  h.placer.engine.configure(settings);
  for (const [k, group] of groups.entries()) {
    const now = new Date(T + k * 60_000).toISOString();
    for (const i of group) await h.store.transaction((s) => s.items.ingest(`s${i}`, 'de', feeds.get(i)!, now));
    // As a process started per poll (`poll --once`): a new engine builds its window from the store.
    const placer = restart ? new Placer(h.store, new StoryEngine(settings)) : h.placer;
    await placer.placePending(now);
    // Every id published by an earlier poll is still in the outputs, as a story or as an absorbed id.
    const shown = await shownIds(h.store);
    for (const id of published) expect(shown, `poll ${k}: ${id}`).toContain(id);
    for (const id of shown) published.add(id);
  }
  await inspect?.(h, settings);
  const stories = partition(await storyMembers(h.store));
  await h.store.close();
  return stories;
}

/** The stories' member lists, sorted: what stays the same whatever the ids. */
const partition = (stories: Map<string, string[]>): string[][] => [...stories.values()].sort((a, b) => (a[0]! < b[0]! ? -1 : 1));

/** The ids the outputs show: stories' and the ids they list as absorbed. */
async function shownIds(store: Store): Promise<Set<string>> {
  const stories = await store.stories.list({ limit: 10_000 });
  return new Set(stories.flatMap((s) => [s.id, ...s.absorbedIds]));
}

/** Story id → its members (source/key), sorted. */
async function storyMembers(store: Store): Promise<Map<string, string[]>> {
  const stories = await store.stories.list({ limit: 10_000 });
  return new Map(stories.map((s) => [s.id, s.items.map((item) => `${item.sourceId}/${item.key}`).sort()]));
}

const blocks = Array.from({ length: SOURCES / 4 }, (_, k) => ids.slice(4 * k, 4 * k + 4));
const merged = (stories: string[][]) => stories.filter((members) => members.length > 1).length;

describe('placement across polls', () => {
  it('gives the same stories whatever groups the feeds arrive in', async () => {
    const reference = await storiesAfter([ids]);
    expect(merged(reference)).toBeGreaterThan(10);
    const arrivals = {
      'blocks of four sources, each dated before the last': blocks,
      halves: [ids.filter((i) => i % 2 === 1), ids.filter((i) => i % 2 === 0)],
      thirds: [0, 1, 2].map((t) => ids.filter((i) => i % 3 === t)),
    };
    for (const [name, groups] of Object.entries(arrivals)) {
      expect({ name, stories: await storiesAfter(groups) }).toEqual({ name, stories: reference });
    }
  });

  it('gives them when every poll starts a new engine, which builds its window from the store', async () => {
    const reference = await storiesAfter([ids]);
    for (const groups of [blocks, [0, 1, 2].map((t) => ids.filter((i) => i % 3 === t))]) {
      expect(await storiesAfter(groups, undefined, undefined, true)).toEqual(reference);
    }
  });

  it('is what recluster replays from the store', async () => {
    const reference = await storiesAfter([ids]);
    await storiesAfter(
      [2, 1, 0].map((t) => ids.filter((i) => i % 3 === t)),
      undefined,
      async (h, settings) => {
        const before = await storyMembers(h.store);
        const report = await recluster(h.store, settings, new Date(T + 3_600_000).toISOString(), { dryRun: false });
        expect([report.mergesGained.length, report.mergesLost.length]).toEqual([0, 0]);
        // The same stories under the same ids: the replay keeps the published ids as the polls did.
        expect(await storyMembers(h.store)).toEqual(before);
        expect(partition(before)).toEqual(reference);
      },
    );
  });

  it('puts late items in place among what a recluster wrote, in a new engine', async () => {
    const reference = await storiesAfter([ids]);
    const h = await harness(ids.map((i) => source(`s${i}`)));
    const settings = { ...h.settings, maxReplaced: SUGGESTED_MAX_REPLACED };
    h.placer.engine.configure(settings);
    const poll = async (group: number[], k: number, placer: Placer) => {
      const now = new Date(T + k * 60_000).toISOString();
      for (const i of group) await h.store.transaction((s) => s.items.ingest(`s${i}`, 'de', feeds.get(i)!, now));
      await placer.placePending(now);
    };
    // The later-dated half first, then a recluster, then the earlier-dated half placed by a new process.
    await poll(ids.slice(0, SOURCES / 2), 0, h.placer);
    await recluster(h.store, settings, new Date(T + 30_000).toISOString(), { dryRun: false });
    await poll(ids.slice(SOURCES / 2), 1, new Placer(h.store, new StoryEngine(settings)));
    expect(partition(await storyMembers(h.store))).toEqual(reference);
    await h.store.close();
  });

  it('does not without re-placement (what the test above guards)', async () => {
    const reference = await storiesAfter([ids], 0);
    expect(await storiesAfter(blocks, 0)).not.toEqual(reference);
  });
});
