// Outlets' copies of one report published seconds apart come in either order in a deployment (an outlet's clock, its feed's
// date format, when it published): the stories must not depend on those seconds (issue 10). The placement order reads
// dated items' times to 10-minute steps (story-engine.ts `orderTimeMs`), so copies a few seconds apart within a step are
// placed in the same order, whichever of them is dated first; through the real SQLite store and placer, in one poll and
// with the retimed copy coming a poll later (it then takes back the placements that sort after it).
import { describe, expect, it } from 'vitest';
import { ORDER_STEP_MS } from '../../src/dedup/story-engine.js';
import type { FeedItem } from '../../src/model.js';
import { ebayIcahnCopies } from '../fixtures/dedup/retimed-copies.js';
import { harness, source } from './dedup-harness.js';

/** The stories (members as source/key, sorted) of the copies, `delays` (source → ms) later than their own time. */
async function storiesOf(delays: ReadonlyMap<string, number>, laterPoll: boolean): Promise<string[][]> {
  const h = await harness([...ebayIcahnCopies.keys()].map((id) => source(id, { language: 'en' })));
  const shifted = (item: FeedItem, ms: number): FeedItem => ({
    ...item,
    published: new Date(Date.parse(item.published!) + ms).toISOString(),
  });
  const now = '2014-03-10T17:30:00.000Z';
  const polls = laterPoll
    ? [[...ebayIcahnCopies.keys()].filter((id) => !delays.has(id)), [...delays.keys()]]
    : [[...ebayIcahnCopies.keys()]];
  for (const [k, group] of polls.entries()) {
    await h.store.transaction(async (s) => {
      for (const id of group) await s.items.ingest(id, 'en', [shifted(ebayIcahnCopies.get(id)!, delays.get(id) ?? 0)], now);
    });
    await h.placer.placePending(new Date(Date.parse(now) + k * 60_000).toISOString());
  }
  const stories = await h.store.stories.list({ limit: 100 });
  await h.store.close();
  return stories.map((s) => s.items.map((i) => `${i.sourceId}/${i.key}`).sort()).sort();
}

describe('copies a few seconds apart', () => {
  it('stay within one placement step (the fixture is not at a step edge)', () => {
    const at = Date.parse(ebayIcahnCopies.get('muckety')!.published!);
    expect(Math.floor(at / ORDER_STEP_MS)).toBe(Math.floor((at + 5_000) / ORDER_STEP_MS));
    expect(Math.floor(at / ORDER_STEP_MS)).toBe(Math.floor((at - 5_000) / ORDER_STEP_MS));
  });

  it.each([
    ['muckety 5 s later', [['muckety', 5_000]]],
    ['muckety 5 s earlier', [['muckety', -5_000]]],
    ['marketwatch 3 s later', [['marketwatch', 3_000]]],
    [
      'globeandmail 1 s later, muckety 4 s later',
      [
        ['globeandmail', 1_000],
        ['muckety', 4_000],
      ],
    ],
  ] as const)('give the stories of their own times: %s', async (_name, delays) => {
    const own = await storiesOf(new Map(), false);
    expect(own).toEqual([['globeandmail/uci-75', 'marketwatch/uci-77', 'muckety/uci-76']]);
    const moved = new Map<string, number>(delays.map(([id, ms]) => [id, ms]));
    expect(await storiesOf(moved, false)).toEqual(own);
    expect(await storiesOf(moved, true)).toEqual(own);
  });
});
