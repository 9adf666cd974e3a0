// Placing one item in a story: the rules in order (opted-out, same-link, same-title,
// near-duplicate, new-story), the story row kept up to date, the decision recorded.
import type { DedupDecision, StoredItem, Story } from '../model.js';
import type { Db } from '../store/database.js';
import { saveDecision } from '../store/decisions.js';
import { findItemsByLinkKey, placeItemInStory } from '../store/dedup-index.js';
import { getItem } from '../store/items.js';
import { getStory, saveStory, storyIdFor } from '../store/stories.js';
import { betterRepresentative, type RepresentativeCandidate } from './choose-representative.js';
import type { DedupContext } from './dedup-context.js';
import { contentLengthOf, itemFeatures, itemTimeMs, type ItemFeatures } from './item-features.js';
import { scorePair, scoreUpperBound } from './score-pair.js';
import { exactTitleMatches, indexItem, lshCandidates, windowCutoff, type IndexedItem, type WindowIndex } from './window-index.js';

/**
 * Whether an item's window time is inside the window at placement time. Older items are not indexed:
 * a rebuilt index loads only the window, so indexing them live would make a restart change decisions.
 */
function inWindow(p: Placement, f: ItemFeatures): boolean {
  return f.atMs >= windowCutoff(Date.parse(p.storyClock), p.context.settings.windowHours);
}

/** Everything one placement needs; built once per batch. */
export interface Placement {
  db: Db;
  index: WindowIndex;
  context: DedupContext;
  windowMs: number;
  /** When the decisions are made (ISO). */
  decidedAt: string;
  /** The time a story's `updated` moves to: now, or the item's first sight during a replay (ISO). */
  storyClock: string;
}

interface Match {
  rule: 'same-link' | 'same-title' | 'near-duplicate';
  storyId: string;
  matchedItemId: number;
  score: number;
  components: Record<string, number | string | boolean>;
}

const dedupEnabled = (p: Placement, sourceId: string): boolean => p.context.sources.get(sourceId)?.dedup !== false;
const priorityOf = (p: Placement, sourceId: string): number => p.context.sources.get(sourceId)?.priority ?? 0;

/** Same canonical link from another source = the same article. One feed's items sharing a link (a live ticker's page) are not. */
function linkMatch(p: Placement, f: ItemFeatures): Match | undefined {
  if (!f.linkKey || /^[^/]+\/$/.test(f.linkKey)) return undefined; // a bare homepage identifies nothing
  const others = findItemsByLinkKey(p.db, f.linkKey).filter((r) => r.itemId !== f.itemId && r.storyId);
  for (const other of others) {
    if (other.sourceId === f.sourceId || !dedupEnabled(p, other.sourceId)) continue;
    // The other feed points several of its own entries at this page: it is a ticker page, not one article.
    const sameFeedEntries = others.filter((r) => r.sourceId === other.sourceId).length;
    if (sameFeedEntries > 1) continue;
    return { rule: 'same-link', storyId: other.storyId!, matchedItemId: other.itemId, score: 1, components: { linkKey: f.linkKey } };
  }
  return undefined;
}

function exactMatch(p: Placement, f: ItemFeatures): Match | undefined {
  for (const id of exactTitleMatches(p.index, f)) {
    const other = p.index.items.get(id)!;
    if (!dedupEnabled(p, other.features.sourceId)) continue;
    const hoursApart = Math.abs(other.features.atMs - f.atMs) / 3_600_000;
    if (hoursApart * 3_600_000 > p.windowMs) continue;
    return {
      rule: 'same-title',
      storyId: other.storyId,
      matchedItemId: id,
      score: 1,
      components: { hoursApart: Math.round(hoursApart * 1000) / 1000, sameSource: other.features.sourceId === f.sourceId },
    };
  }
  return undefined;
}

/** A miss whose score bound is below this is reported as "no near candidate" rather than scored. */
const NEAREST_FLOOR = 0.3;

/**
 * Best-scoring story among the LSH candidates; also reports the nearest miss for `explain`.
 * A candidate whose score bound misses the threshold cannot be the match (nor stop the loop
 * early, which needs 0.95), so string-similarity only runs on the others: same decisions.
 */
function nearMatch(p: Placement, f: ItemFeatures): { match?: Match; nearest?: Match; verified: number; skipped: number } {
  const threshold = p.context.settings.threshold;
  let best: Match | undefined;
  let verified = 0;
  let skipped = 0;
  let topSkipped: { id: number; bound: number; other: IndexedItem } | undefined;
  for (const id of lshCandidates(p.index, f)) {
    const other = p.index.items.get(id)!;
    if (!dedupEnabled(p, other.features.sourceId)) continue;
    if (Math.abs(other.features.atMs - f.atMs) > p.windowMs) continue;
    if (other.features.sourceId === f.sourceId && other.features.itemKey === f.itemKey) continue;
    verified++;
    const bound = scoreUpperBound(f, other.features, threshold, p.index.terms);
    if (bound < threshold) {
      skipped++;
      if (!topSkipped || bound > topSkipped.bound) topSkipped = { id, bound, other };
      continue;
    }
    const { score, components } = scorePair(f, other.features, p.index.terms);
    if (!best || score > best.score || (score === best.score && id < best.matchedItemId)) {
      best = { rule: 'near-duplicate', storyId: other.storyId, matchedItemId: id, score, components };
    }
    // A near-verbatim copy cannot be beaten by much; the candidates are ranked by shared bands.
    if (best.score >= 0.95) break;
  }
  if (best && best.score >= threshold) return { match: best, verified, skipped };
  // The nearest miss for `explain`: the best scored candidate, or the skipped one with the
  // highest bound when that bound beats it (one more pair for string-similarity, misses only;
  // not when even the bound is far below any threshold, which is most new stories).
  if (topSkipped && topSkipped.bound >= NEAREST_FLOOR && (!best || topSkipped.bound > best.score)) {
    const { score, components } = scorePair(f, topSkipped.other.features, p.index.terms);
    if (!best || score > best.score || (score === best.score && topSkipped.id < best.matchedItemId)) {
      best = { rule: 'near-duplicate', storyId: topSkipped.other.storyId, matchedItemId: topSkipped.id, score, components };
    }
  }
  return { nearest: best, verified, skipped };
}

/** How a story's current representative competes: from the window index, else from its stored row. */
function representativeCandidate(p: Placement, itemId: number): RepresentativeCandidate | undefined {
  const inIndex = p.index.items.get(itemId);
  if (inIndex) {
    const f = inIndex.features;
    return { itemId, priority: priorityOf(p, f.sourceId), contentLength: f.contentLength, atMs: f.atMs };
  }
  // Outside the window (or an opted-out source): the same two facts, from the item itself.
  const item = getItem(p.db, itemId);
  return item && { itemId, priority: priorityOf(p, item.sourceId), contentLength: contentLengthOf(item), atMs: itemTimeMs(item) };
}

/** Re-chooses the representative between the current one and `item`; refreshes title/url from the winner. */
function refreshStory(p: Placement, story: Story, item: StoredItem, f: ItemFeatures, moveUpdated: boolean): Story {
  let next = story;
  if (story.representativeItemId === item.id) {
    next = { ...story, title: item.title, url: item.url };
  } else {
    const a = representativeCandidate(p, story.representativeItemId);
    const b: RepresentativeCandidate = {
      itemId: item.id,
      priority: priorityOf(p, item.sourceId),
      contentLength: f.contentLength,
      atMs: f.atMs,
    };
    // No current one (deleted by retention): the item takes its place.
    if (!a || betterRepresentative(a, b) === b) next = { ...story, representativeItemId: item.id, title: item.title, url: item.url };
  }
  const memberTime = item.published ?? item.firstSeen;
  if (memberTime < next.published) next = { ...next, published: memberTime };
  if (moveUpdated && p.storyClock > next.updated) next = { ...next, updated: p.storyClock };
  return next;
}

function newStory(p: Placement, item: StoredItem): Story {
  return {
    id: storyIdFor(item.sourceId, item.key),
    representativeItemId: item.id,
    title: item.title,
    url: item.url,
    published: item.published ?? item.firstSeen,
    updated: p.storyClock,
  };
}

/** Places a new item: joins the best matching story or founds its own; writes story, item and decision. */
export function placeNewItem(p: Placement, item: StoredItem): DedupDecision {
  const declared = p.context.sources.get(item.sourceId)?.language ?? null;
  const f = itemFeatures(item, declared);
  const settings = { threshold: p.context.settings.threshold, windowHours: p.context.settings.windowHours };

  if (!dedupEnabled(p, item.sourceId)) {
    const story = newStory(p, item);
    saveStory(p.db, story);
    placeItemInStory(p.db, item.id, story.id, f.linkKey);
    return record(p, {
      itemId: item.id,
      storyId: story.id,
      rule: 'opted-out',
      score: 0,
      matchedItemId: null,
      components: { ...settings },
      decidedAt: p.decidedAt,
    });
  }

  let match = linkMatch(p, f) ?? exactMatch(p, f);
  let nearest: Match | undefined;
  let verified = 0;
  let skipped = 0;
  if (!match) {
    const near = nearMatch(p, f);
    match = near.match;
    nearest = near.nearest;
    verified = near.verified;
    skipped = near.skipped;
  }
  const existing = match ? getStory(p.db, match.storyId) : undefined;
  let story: Story;
  if (match && existing) {
    story = refreshStory(p, existing, item, f, true);
  } else {
    story = newStory(p, item);
    if (match) match = undefined; // the matched item's story vanished (should not happen): found a new one
  }
  saveStory(p.db, story);
  placeItemInStory(p.db, item.id, story.id, f.linkKey);
  if (inWindow(p, f)) indexItem(p.index, f, story.id);
  if (match) {
    return record(p, {
      itemId: item.id,
      storyId: story.id,
      rule: match.rule,
      score: match.score,
      matchedItemId: match.matchedItemId,
      components: { ...match.components, ...settings, candidatesVerified: verified, candidatesBelowBound: skipped },
      decidedAt: p.decidedAt,
    });
  }
  const missed: Record<string, number | string | boolean> = nearest
    ? { nearestScore: nearest.score, nearestItemId: nearest.matchedItemId, ...prefixKeys('nearest.', nearest.components) }
    : {};
  return record(p, {
    itemId: item.id,
    storyId: story.id,
    rule: 'new-story',
    score: 0,
    matchedItemId: null,
    components: { ...missed, ...settings, candidatesVerified: verified, candidatesBelowBound: skipped },
    decidedAt: p.decidedAt,
  });
}

/**
 * An item the store updated in place (same source, same key): it stays in its story. A fuller
 * or corrected version moves the story's `updated` and may become the representative.
 * `replaced` is the version the update overwrote, when the caller has it (ingestItems does).
 */
export function placeUpdatedItem(
  p: Placement,
  item: StoredItem,
  previous: DedupDecision | undefined,
  replaced: StoredItem | undefined,
): DedupDecision {
  if (!item.storyId) return placeNewItem(p, item);
  const before = p.index.items.get(item.id)?.features.contentLength ?? (replaced ? contentLengthOf(replaced) : undefined);
  const f = itemFeatures(item, p.context.sources.get(item.sourceId)?.language ?? null);
  placeItemInStory(p.db, item.id, item.storyId, f.linkKey);
  if (dedupEnabled(p, item.sourceId) && inWindow(p, f)) indexItem(p.index, f, item.storyId);
  const fuller = before !== undefined && f.contentLength > before;
  const correction = f.correction;
  const existing = getStory(p.db, item.storyId);
  const story = existing ? refreshStory(p, existing, item, f, fuller || correction) : newStory(p, item);
  saveStory(p.db, story);
  return record(p, {
    itemId: item.id,
    storyId: story.id,
    rule: 'same-item',
    score: 1,
    matchedItemId: null,
    components: {
      fuller,
      correction,
      contentLength: f.contentLength,
      ...(previous
        ? { previousRule: previous.rule, previousScore: previous.score, previousMatchedItemId: previous.matchedItemId ?? -1 }
        : {}),
    },
    decidedAt: p.decidedAt,
  });
}

function prefixKeys(prefix: string, components: Record<string, number | string | boolean>): Record<string, number | string | boolean> {
  return Object.fromEntries(Object.entries(components).map(([k, v]) => [prefix + k, v]));
}

function record(p: Placement, decision: DedupDecision): DedupDecision {
  saveDecision(p.db, decision);
  return decision;
}
