// The poll cycle's way of placing (`placePendingCounted`): the same placements as `placePending`,
// over several chunks, reported as counts per rule instead of a list of decisions.
import { expect, it } from 'vitest';
import { PLACEMENT_CHUNK } from '../../src/dedup/placer.js';
import type { DedupRule } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

const NOW = '2026-02-05T12:00:00.000Z';
const topics = ['Hafen', 'Brücke', 'Schule', 'Bahnhof', 'Museum', 'Stadion', 'Klinik', 'Rathaus'];

/** Items of distinct stories, plus `copies` re-sends of the first ones by another source (same link). */
function stream(count: number, copies: number) {
  const items = Array.from({ length: count }, (_, i) =>
    feedItem({
      guid: `a-${i}`,
      url: `https://a.example/${i}`,
      title: `${topics[i % topics.length]} ${i}: Ausschuss ${Math.floor(i / 8)} berät Plan ${i * 7}`,
      published: new Date(Date.parse(NOW) - (count - i) * 60_000).toISOString(),
    }),
  );
  const resent = items.slice(0, copies).map((item, i) => feedItem({ ...item, guid: `b-${i}`, key: `b-${i}` }));
  return { items, resent };
}

it('places every pending item over several chunks and counts each rule once per item', async () => {
  const h = await harness([source('a'), source('b')]);
  const { items, resent } = stream(PLACEMENT_CHUNK * 2 + 50, 20);
  await h.store.transaction(async (s) => {
    await s.items.ingest('a', 'de', items, NOW);
    await s.items.ingest('b', 'de', resent, NOW);
  });
  const counts = await h.placer.placePendingCounted(NOW);

  expect(await h.store.items.pending(10)).toEqual([]);
  const stored = new Map<DedupRule, number>();
  for (let id = 1; id <= items.length + resent.length; id++) {
    const rule = (await h.store.placements.decision(id))!.rule;
    stored.set(rule, (stored.get(rule) ?? 0) + 1);
  }
  expect(counts).toEqual(stored);
  expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(items.length + resent.length);
  expect(counts.get('same-link')).toBe(resent.length);
  await h.store.close();
}, 60_000);
