// The same items polled from feeds on 127.0.0.1 (`poll --once` and `stories --json` in-process, the
// eval harness's real path) give the same merged pairs whatever order the sources and their items are
// listed in and whenever the run starts. The three items below are placed differently when their order
// changes (x, z, y: one story; x, y, z: y and z apart from x), and less than a second apart in feeds of
// three formats (RSS 2.0 carries whole seconds, Atom and RSS 1.0 milliseconds): re-dating them by a
// fraction of a second swapped z and y between runs (see `redatingShift`). From order 2 on the eval also delays every
// source by a few whole seconds (arrival-order.ts), which is meant to change such placements: those orders are checked
// for the times they serve, not for the same stories.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceDelaysMs } from '../../scripts/eval/arrival-order.js';
import type { StoryJson } from '../../scripts/eval/assign-stories.js';
import { startFeedServer, type FeedServer } from '../../scripts/eval/feed-server.js';
import { redatingShift, runRealPath, sourceFormats, weekShift, type LabelledItem } from '../../scripts/eval/real-path-run.js';
import { pollOnceInProcess, storiesJsonInProcess } from '../../scripts/eval/run-in-process.js';

const T0 = Date.parse('2026-03-10T10:00:00.000Z');

/** `stories --json` as printed, with each item's published time (the harness itself reads only the ids). */
type StoryJsonWithTimes = StoryJson & { items: (StoryJson['items'][number] & { published: string })[] };

// Sources sorted by id take RSS 2.0, Atom 1.0, RSS 1.0 in turn (sourceFormats): a = RSS 2.0.
const items: LabelledItem[] = [
  {
    id: 'x',
    source: 'b',
    label: 'apple',
    title: 'Apple stellt neues iPhone in Cupertino vor',
    summary: 'Der Konzern zeigte das Gerät am Dienstag auf einer Veranstaltung in Kalifornien.',
    url: null,
    publishedMs: T0 + 200,
    language: 'de',
  },
  {
    id: 'y',
    source: 'c',
    label: 'samsung',
    title: 'Samsung antwortet mit neuem Galaxy-Modell',
    summary: 'Der koreanische Hersteller kündigte sein Gerät für den Herbst an.',
    url: null,
    publishedMs: T0 + 1_500,
    language: 'de',
  },
  {
    id: 'z',
    source: 'a',
    label: 'both',
    title: 'Apple stellt neues iPhone vor, Samsung antwortet mit Galaxy-Modell',
    summary: 'Der Konzern zeigte das Gerät in Kalifornien, der koreanische Hersteller kündigte sein Modell an.',
    url: null,
    publishedMs: T0 + 1_900,
    language: 'de',
  },
];

/** The item pairs a run put in one story, as sorted "id|id" strings. */
function mergedPairs(predicted: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) if (predicted[i] === predicted[j]) pairs.push([items[i]!.id, items[j]!.id].sort().join('|'));
  return pairs.sort();
}

describe('the real path in several arrival orders', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(() => server.close());

  it('serves the three formats the test relies on', () => {
    expect([...sourceFormats(items)].sort()).toEqual([
      ['a', 'rss2'],
      ['b', 'atom1'],
      ['c', 'rdf'],
    ]);
  });

  it('re-dates by whole seconds, so every run serves the same times', () => {
    for (const now of [T0 + 3_600_000, T0 + 3_600_250, T0 + 3_600_999]) expect(redatingShift(T0 + 1_900, now) % 1000).toBe(0);
  });

  it('moves a set for the command line by whole weeks, and its clock to just after the newest item', () => {
    const newest = Date.parse('2026-06-04T21:45:00Z'); // a Thursday
    for (const now of [Date.parse('2026-12-05T01:00:00Z'), Date.parse('2026-12-08T23:59:59Z'), newest + 600_000]) {
      const { shift, clockOffsetMs } = weekShift(newest, now);
      expect(new Date(newest + shift).getUTCDay()).toBe(4);
      expect(newest + shift).toBeLessThanOrEqual(now - 300_000);
      expect(now - (newest + shift)).toBeLessThan(7 * 86_400_000 + 300_000);
      expect(now + clockOffsetMs - (newest + shift)).toBe(300_000);
    }
  });

  it('gives the same merged pairs in every source order at the same times, whatever the run start', async () => {
    const base = Math.floor(Date.now() / 1000) * 1000;
    const runs: string[][] = [];
    for (const [order, startMs] of [
      [0, 0],
      [1, 200],
      [1, 600],
      [0, 300],
    ] as const) {
      const result = await runRealPath(items, {
        name: 'order-test',
        order,
        polls: 1,
        server,
        commands: { poll: pollOnceInProcess, stories: storiesJsonInProcess },
        clock: () => base + startMs,
      });
      expect(result.sourceErrors).toEqual([]);
      expect(result.missing).toEqual([]);
      runs.push(mergedPairs(result.predicted));
    }
    // The runs merged something, so agreeing is not trivial.
    expect(runs[0]!.length).toBeGreaterThan(0);
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
  });

  it('serves a retimed order with every source a few whole seconds later, and the other orders at the same times', async () => {
    // Whole-second times in all three formats, so every served time is exact; six sources so the delays differ.
    const retimable: LabelledItem[] = ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((source, s) =>
      [0, 1].map((n) => ({
        id: `${source}${n}`,
        source,
        label: `${source}${n}`,
        title: `Meldung ${source}${n}`,
        summary: '',
        url: null,
        publishedMs: T0 + s * 60_000 + n * 3_000,
        language: 'de',
      })),
    );
    const served = async (order: number): Promise<Map<string, number>> => {
      let stories: StoryJsonWithTimes[] = [];
      const result = await runRealPath(retimable, {
        name: 'retiming-test',
        order,
        polls: 1,
        server,
        commands: {
          poll: pollOnceInProcess,
          stories: async (file) => (stories = (await storiesJsonInProcess(file)) as StoryJsonWithTimes[]),
        },
        clock: () => T0 + 86_400_000,
      });
      expect(result.sourceErrors).toEqual([]);
      expect(result.missing).toEqual([]);
      // Each item's served time after the item's own time, by guid (urn:feedmerge-eval:<id>; RSS 1.0 gives it as guid too or by link).
      const later = new Map<string, number>();
      for (const story of stories)
        for (const item of story.items) {
          const id = (item.guid ?? item.url ?? '').split(/[:/]/).pop()!;
          later.set(id, Date.parse(item.published) - retimable.find((i) => i.id === id)!.publishedMs);
        }
      expect(later.size).toBe(retimable.length);
      return later;
    };
    for (const order of [0, 1]) expect(new Set((await served(order)).values()).size).toBe(1);
    const retimed = await served(2);
    const delays = sourceDelaysMs(['a', 'b', 'c', 'd', 'e', 'f'], 2, 'retiming-test');
    const common = Math.min(...retimed.values()) - Math.min(...delays.values());
    for (const item of retimable) expect(retimed.get(item.id)! - common).toBe(delays.get(item.source));
    expect(new Set(delays.values()).size).toBeGreaterThan(1);
  });
});
