// A labelled news set placed in this process, as scripts/news-set-misses.ts and scripts/story-pair-scores.ts read it:
// one poll of every item, straight through the store's ingest and the placer (no feeds, no HTTP). The items are moved by
// whole weeks so the weekday each item's text names is still its own date's (the forecast conflict reads it); the run's
// clock is pinned five minutes after the newest item, as a deployment polls right after it.
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import type { DedupDecision } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { labelledFeedItem } from './labelled-feed-item.js';
import { newsItems, type NewsItem, type NewsSet } from './sets/news-set.js';

export interface PlacedNewsSet {
  /** The store the set was placed in (in memory); the caller closes it. */
  store: Store;
  /** The set's items, dated as they were placed. */
  items: NewsItem[];
  decisions: DedupDecision[];
}

const WEEK_MS = 7 * 86_400_000;

export async function placeNewsSet(set: NewsSet, threshold = 0.5): Promise<PlacedNewsSet> {
  const raw = newsItems({ ...set, idPrefix: '' })!;
  const last = Math.max(...raw.map((i) => i.publishedMs));
  const shiftMs = Math.floor((Date.parse('2026-12-01T12:00:00Z') - 300_000 - last) / WEEK_MS) * WEEK_MS;
  const at = new Date(last + shiftMs + 300_000).toISOString();
  const items = raw.map((i) => ({ ...i, publishedMs: i.publishedMs + shiftMs }));
  const store = await openStore(':memory:');
  const sources = new Map([...new Set(items.map((i) => i.source))].map((id) => [id, { priority: 0, dedup: true, language: set.language }]));
  await store.transaction(async (session) => {
    for (const source of sources.keys())
      await session.items.ingest(source, set.language, items.filter((i) => i.source === source).map(labelledFeedItem), at);
  });
  const decisions = await new Placer(store, new StoryEngine({ sources, threshold, windowHours: 72 })).placePending(at);
  return { store, items, decisions };
}
