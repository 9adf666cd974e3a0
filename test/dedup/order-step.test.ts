// The placement order reads dated items' times to 10-minute steps (story-engine.ts `orderTimeMs`), then
// source and key: a poll's new item dated later in the same step than an item placed already, but of a
// source sorting before it, takes that placement back (it is placed again). `orderStepMs: 0` (a knob for
// benchmarks, bench/dated-replacement.ts) orders dated items by their exact times, as before the step.
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { ORDER_STEP_MS, StoryEngine, orderTimeMs } from '../../src/dedup/story-engine.js';
import { openStore } from '../../src/store/open-store.js';
import { feedItem, settingsFor, source } from './dedup-harness.js';

/** b's item dated 12:03 placed at 12:04, then a's item dated 12:05 at 12:07: the placements the second poll made again. */
async function placedAgain(orderStepMs?: number): Promise<{ again: number; stories: string[][] }> {
  const store = await openStore(':memory:');
  const sources = [source('a'), source('b')];
  const placer = new Placer(store, new StoryEngine({ ...settingsFor(sources), ...(orderStepMs === undefined ? {} : { orderStepMs }) }));
  const poll = async (id: string, item: ReturnType<typeof feedItem>, now: string) => {
    await store.transaction((s) => s.items.ingest(id, 'de', [item], now));
    await placer.placePending(now);
  };
  await poll(
    'b',
    feedItem({
      guid: 'b1',
      url: 'https://b.example/1',
      title: 'Stadtrat beschließt neuen Haushalt für Dortmund',
      published: '2026-12-03T12:03:00.000Z',
    }),
    '2026-12-03T12:04:00.000Z',
  );
  await poll(
    'a',
    feedItem({
      guid: 'a1',
      url: 'https://a.example/1',
      title: 'Sturmtief bringt Schnee nach Bayern',
      published: '2026-12-03T12:05:00.000Z',
    }),
    '2026-12-03T12:07:00.000Z',
  );
  const again = placer.replacedLastRun;
  const stories = (await store.stories.list({ limit: 10 })).map((s) => s.items.map((i) => `${i.sourceId}/${i.key}`).sort()).sort();
  await store.close();
  return { again, stories };
}

describe('the order step', () => {
  it('reads a dated item to 10 minutes by default, to the millisecond with step 0; undated items by the hour first seen', () => {
    const dated = { published: '2026-12-03T12:05:07.250Z', firstSeen: '2026-12-03T12:07:00.000Z' };
    expect(orderTimeMs(dated)).toBe(Date.parse('2026-12-03T12:00:00.000Z'));
    expect(ORDER_STEP_MS).toBe(600_000);
    expect(orderTimeMs(dated, 0)).toBe(Date.parse('2026-12-03T12:05:07.250Z'));
    const undated = { published: null, firstSeen: '2026-12-03T12:07:00.000Z' };
    expect(orderTimeMs(undated, 0)).toBe(Date.parse('2026-12-03T12:00:00.000Z'));
  });

  it('makes a later poll of the same step place again what sorts after its items (source order), not with step 0', async () => {
    const stepped = await placedAgain();
    expect(stepped.again).toBe(1);
    const exact = await placedAgain(0);
    expect(exact.again).toBe(0);
    // Unrelated items: the same stories either way.
    expect(stepped.stories).toEqual([['a/a1'], ['b/b1']]);
    expect(exact.stories).toEqual(stepped.stories);
  });
});
