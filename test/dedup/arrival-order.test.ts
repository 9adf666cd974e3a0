// The same items make the same stories whatever groups their feeds arrive in (issue 10, goal 4):
// feeds stored and placed in one poll, source by source in reverse, or in halves, through the
// real SQLite store and placer, end with identical stories (ids and members). Later polls bring
// items dated before ones already placed: the placer takes those placements back and places
// them again among the late items. With re-placement off (dedup.maxReplacedItems = 0) the
// groupings disagree, which is what this test guards.
import { describe, expect, it } from 'vitest';
import { recluster } from '../../src/dedup/recluster.js';
import type { EngineSettings } from '../../src/dedup/story-engine.js';
import type { FeedItem } from '../../src/model.js';
import type { Store } from '../../src/store/store.js';
import { harness, source, type Harness } from './dedup-harness.js';
import { feedItem } from '../support/feed-item.js';

const T = Date.parse('2026-02-05T12:00:00.000Z');
const SOURCES = 24;

// Pseudo-German words from syllables (as the soak feeds), so no stopword or prior knows them.
const syllables = 'be ge ver an auf aus ein bahn haus streik wahl rat markt preis land stadt recht zins lohn werk'.split(' ');
const endings = 'en er ung heit lich isch e'.split(' ');
const words = syllables.flatMap((a) => syllables.flatMap((b) => endings.map((c) => `${a[0]!.toUpperCase()}${a.slice(1)}${b}${c}`)));
function sentence(seed: number, n: number): string {
  let state = (seed * 2654435761) >>> 0;
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out.push(words[(state >>> 8) % words.length]!);
  }
  return out.join(' ');
}

/** Source i's 12 items over the three hours before T: every third one an event that sources i, i+4, …, i+20 tell (title words rotated, own lead). */
function feed(i: number): FeedItem[] {
  return Array.from({ length: 12 }, (_, n) => {
    const shared = n % 3 === 0;
    const base = sentence(shared ? n * 1000 + (i % 4) : i * 1_000_003 + n, 9).split(' ');
    const shift = shared ? Math.floor(i / 4) % 3 : 0;
    return feedItem({
      key: `s${i}-${n}`,
      url: `https://s${i}.example/${n}`,
      canonicalUrl: `https://s${i}.example/${n}`,
      title: [...base.slice(shift), ...base.slice(0, shift)].join(' '),
      summary: sentence(i * 7919 + n, 30),
      // Sources differ in when their items appeared: later sources' items are earlier.
      published: new Date(T - 3 * 3_600_000 + n * 900_000 + (SOURCES - i) * 20_000).toISOString(),
    });
  });
}

const ids = Array.from({ length: SOURCES }, (_, i) => i);
const feeds = new Map(ids.map((i) => [i, feed(i)]));

/** Stores the groups as polls a minute apart (each placed after it is stored); `inspect` sees the store after. */
async function storiesAfter(
  groups: number[][],
  maxReplaced?: number,
  inspect?: (h: Harness, settings: EngineSettings) => Promise<void>,
): Promise<Map<string, string[]>> {
  const h = await harness(ids.map((i) => source(`s${i}`)));
  const settings = { ...h.settings, ...(maxReplaced === undefined ? {} : { maxReplaced }) };
  h.placer.engine.configure(settings);
  for (const [k, group] of groups.entries()) {
    const now = new Date(T + k * 60_000).toISOString();
    for (const i of group) await h.store.transaction((s) => s.items.ingest(`s${i}`, 'de', feeds.get(i)!, now));
    await h.placer.placePending(now);
  }
  await inspect?.(h, settings);
  const stories = await storyMembers(h.store);
  await h.store.close();
  return stories;
}

/** Story id → its members (source/key), sorted. */
async function storyMembers(store: Store): Promise<Map<string, string[]>> {
  const stories = await store.stories.list({ limit: 10_000 });
  return new Map(stories.map((s) => [s.id, s.items.map((item) => `${item.sourceId}/${item.key}`).sort()]));
}

const merged = (stories: Map<string, string[]>) => [...stories.values()].filter((members) => members.length > 1).length;

describe('placement across polls', () => {
  it('gives the same stories whatever groups the feeds arrive in', async () => {
    const reference = await storiesAfter([ids]);
    expect(merged(reference)).toBeGreaterThan(10);
    const arrivals = {
      'one source per poll, in reverse': [...ids].reverse().map((i) => [i]),
      halves: [ids.filter((i) => i % 2 === 1), ids.filter((i) => i % 2 === 0)],
      thirds: [0, 1, 2].map((t) => ids.filter((i) => i % 3 === t)),
    };
    for (const [name, groups] of Object.entries(arrivals)) {
      expect({ name, stories: await storiesAfter(groups) }).toEqual({ name, stories: reference });
    }
  });

  it('is what recluster replays from the store', async () => {
    const reference = await storiesAfter([ids]);
    await storiesAfter(
      [2, 1, 0].map((t) => ids.filter((i) => i % 3 === t)),
      undefined,
      async (h, settings) => {
        const report = await recluster(h.store, settings, new Date(T + 3_600_000).toISOString(), { dryRun: false });
        expect([report.mergesGained.length, report.mergesLost.length]).toEqual([0, 0]);
        expect(await storyMembers(h.store)).toEqual(reference);
      },
    );
  });

  it('does not without re-placement (what the test above guards)', async () => {
    const reference = await storiesAfter([ids], 0);
    const reversed = await storiesAfter(
      [...ids].reverse().map((i) => [i]),
      0,
    );
    expect(reversed).not.toEqual(reference);
  });
});
