// The window index's postings after updates, merges and pruning: a lookup reads a candidate's core only
// for terms marked as possibly stale (staleTerms), so a missed mark would offer stories that no longer
// carry the term. Checked against a plain reading of every entry's core, on a random history.
import { describe, expect, it } from 'vitest';
import type { ItemFeatures } from '../../src/dedup/item-features.js';
import { emptyTermCounts, termWeights, type TermWeights } from '../../src/dedup/term-weights.js';
import {
  candidateStories,
  emptyWindowIndex,
  indexItem,
  LOOKUP_TERMS,
  MAX_SCORED,
  mergeStories,
  POSTINGS_READ_CAP,
  pruneWindowIndex,
  RECENT_SLOTS,
  resolveStory,
  type Candidate,
  type WindowIndex,
} from '../../src/dedup/window-index.js';
import { seededRandom } from '../../scripts/eval/seeded-random.js';
import { termsOnlyFeatures } from '../support/terms-only-features.js';

/** An item's features with just these terms (what the index reads), at `atMs`. */
function item(itemId: number, terms: string[], atMs = itemId): ItemFeatures {
  return termsOnlyFeatures(itemId, terms, { sourceId: `s${itemId % 3}`, atMs });
}

/** The lookup as engine v2 first wrote it, every entry's story resolved and its core read, with the slots kept for the stories nearest in time. */
function plainLookup(index: WindowIndex, f: ItemFeatures, weights: TermWeights): Candidate[] {
  const known: { term: string; list: number[]; bits: number }[] = [];
  for (const term of f.terms) {
    const list = index.postings.get(term);
    if (list) known.push({ term, list, bits: weights.weight(term) });
  }
  known.sort((a, b) => b.bits - a.bits || (a.term < b.term ? -1 : 1));
  const hits = new Map<string, number>();
  for (const { term, list, bits } of known.slice(0, LOOKUP_TERMS)) {
    const seen = new Set<string>();
    let read = 0;
    for (let i = list.length - 1; i >= 0 && read < POSTINGS_READ_CAP; i--) {
      const id = resolveStory(index, index.stories.ids[list[i]!]!);
      if (seen.has(id)) continue;
      seen.add(id);
      const core = index.cores.get(id);
      if (!core || !core.counts.has(index.terms.ids.idOf(term))) continue;
      if (core.memberCount === 1 && core.hasMember(f.itemId)) continue;
      read++;
      hits.set(id, (hits.get(id) ?? 0) + bits);
    }
  }
  const byBits = [...hits]
    .map(([storyId, bits]) => ({ storyId, bits }))
    .sort((a, b) => b.bits - a.bits || (a.storyId < b.storyId ? -1 : 1));
  // The rest by distance from the item's time to the story's newest member, every member read.
  const distance = (storyId: string): number =>
    Math.abs(f.atMs - Math.max(...[...index.cores.get(storyId)!.memberIds()].map((id) => index.items.get(id)!.features.atMs)));
  const rest = byBits
    .slice(MAX_SCORED - RECENT_SLOTS)
    .sort((a, b) => distance(a.storyId) - distance(b.storyId) || b.bits - a.bits || (a.storyId < b.storyId ? -1 : 1));
  return [...byBits.slice(0, MAX_SCORED - RECENT_SLOTS), ...rest.slice(0, RECENT_SLOTS)];
}

describe('window index lookups', () => {
  const weights = () => termWeights(emptyTermCounts(), 'de');

  it('no longer offers a story through a term its only carrier dropped in an update', () => {
    const index = emptyWindowIndex();
    indexItem(index, item(1, ['zollstreit', 'peking']), 'B');
    indexItem(index, item(2, ['zollstreit', 'washington']), 'A');
    // Item 2 updated without the term: A's entry for it stays in the list, behind B's.
    indexItem(index, item(2, ['washington']), 'A');
    const found = candidateStories(index, item(3, ['zollstreit']), weights()).map((c) => c.storyId);
    expect(found).toEqual(['B']);
  });

  it('offers a merged story once, under the survivor, and not after its carriers left the window', () => {
    const index = emptyWindowIndex();
    indexItem(index, item(1, ['zollstreit', 'peking'], 1_000), 'A');
    indexItem(index, item(2, ['zollstreit', 'peking'], 2_000), 'B');
    indexItem(index, item(3, ['zollstreit'], 3_000), 'C');
    mergeStories(index, 'A', 'B');
    expect(candidateStories(index, item(9, ['zollstreit', 'peking']), weights()).map((c) => c.storyId)).toEqual(['A', 'C']);
    pruneWindowIndex(index, 2_500);
    expect(candidateStories(index, item(9, ['zollstreit', 'peking']), weights()).map((c) => c.storyId)).toEqual(['C']);
  });

  it('never offers an updated item its own one-item story', () => {
    const index = emptyWindowIndex();
    indexItem(index, item(1, ['zollstreit', 'peking']), 'A');
    indexItem(index, item(2, ['zollstreit']), 'B');
    expect(candidateStories(index, item(1, ['zollstreit', 'peking']), weights()).map((c) => c.storyId)).toEqual(['B']);
  });

  it('keeps a slot for the story nearest in time when older stories share more looked-up words', () => {
    const index = emptyWindowIndex();
    const HOUR = 3_600_000;
    // Eight stories of two days ago share two of the item's words each; its own story, of the last hour, one.
    for (let k = 1; k <= 8; k++) indexItem(index, item(k, ['gipfel', 'hafen', `alt${k}`], k * HOUR), `old${k}`);
    indexItem(index, item(20, ['gipfel', 'streik'], 49 * HOUR), 'recent');
    const found = candidateStories(index, item(21, ['gipfel', 'hafen', 'streik'], 50 * HOUR), weights()).map((c) => c.storyId);
    expect(found).toHaveLength(MAX_SCORED);
    expect(found).toContain('recent');
    // Without it, the slot goes to the nearest of those the seven sharing most bits leave out: old9 (9 h), not old8.
    const withoutRecent = emptyWindowIndex();
    for (let k = 1; k <= 9; k++) indexItem(withoutRecent, item(k, ['gipfel', 'hafen', `alt${k}`], k * HOUR), `old${k}`);
    const slots = candidateStories(withoutRecent, item(21, ['gipfel', 'hafen'], 50 * HOUR), weights()).map((c) => c.storyId);
    expect(slots.slice(0, MAX_SCORED - RECENT_SLOTS)).toEqual(['old1', 'old2', 'old3', 'old4', 'old5', 'old6', 'old7']);
    expect(slots.slice(MAX_SCORED - RECENT_SLOTS)).toEqual(['old9']);
  });

  it.each(['window-index-history', 'second history', 'third history'])(
    'agrees with reading every entry after a random history of updates, merges and pruning (%s)',
    (seed) => {
      const random = seededRandom(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      const vocabulary = Array.from({ length: 40 }, (_, i) => `wort${i}`);
      const terms = () => [...new Set(Array.from({ length: 2 + Math.floor(random() * 5) }, () => pick(vocabulary)))];
      const index = emptyWindowIndex();
      const stories: string[] = [];
      let next = 1;
      let lookups = 0;
      for (let step = 0; step < 3_000; step++) {
        const live = [...index.items.keys()];
        const roll = random();
        if (roll < 0.45 || live.length < 5) {
          const story = stories.length && random() < 0.6 ? resolveStory(index, pick(stories)) : `S${next}`;
          stories.push(story);
          indexItem(index, item(next, terms(), next), story);
          next++;
        } else if (roll < 0.6) {
          const id = pick(live);
          indexItem(index, item(id, terms(), index.items.get(id)!.features.atMs), index.items.get(id)!.storyId);
        } else if (roll < 0.7) {
          const a = index.items.get(pick(live))!.storyId;
          const b = index.items.get(pick(live))!.storyId;
          if (a !== b) mergeStories(index, a, b);
        } else if (roll < 0.8) {
          pruneWindowIndex(index, next - 150 - Math.floor(random() * 100));
        } else {
          const query = random() < 0.3 && live.length ? item(pick(live), terms()) : item(next + 100_000, terms());
          const expected = plainLookup(index, query, weights());
          expect(candidateStories(index, query, weights())).toEqual(expected);
          lookups++;
        }
      }
      expect(lookups).toBeGreaterThan(300);
      expect(index.staleTerms.size).toBeGreaterThan(0);
    },
  );
});
