// Placing one item in a story: the rules in order (opted-out, same-link, same-title,
// near-duplicate, new-story), the story row kept up to date, the decision recorded. Pure: the
// engine's state and what the caller fetched from the store go in, the batch to apply comes out.
import type { DedupDecision, PendingItem, Story } from '../model.js';
import type { LinkedItem, PlacedStory } from '../store/store.js';
import { betterRepresentative, type RepresentativeCandidate } from './choose-representative.js';
import { itemFeatures, itemTimeMs, type ItemFeatures } from './item-features.js';
import { scorePair, scoreUpperBound } from './score-pair.js';
import { storyIdFor } from './story-id.js';
import { exactTitleMatches, indexItem, lshCandidates, type IndexedItem, type WindowIndex } from './window-index.js';

/** What a source's settings say to the engine. */
export interface SourceSettings {
  priority: number;
  dedup: boolean;
  language?: string | undefined;
}

export interface EngineSettings {
  sources: ReadonlyMap<string, SourceSettings>;
  threshold: number;
  windowHours: number;
}

/** A story the engine holds: its row and how its representative competes. */
export interface HeldStory {
  story: Story;
  representative: RepresentativeCandidate;
  /** Members in the window index; the story is dropped from memory when this reaches 0. */
  windowMembers: number;
}

/** Everything one batch of placements needs; built per batch by the engine. */
export interface Placement {
  index: WindowIndex;
  settings: EngineSettings;
  windowMs: number;
  /** Oldest window time still indexed (ms). */
  cutoffMs: number;
  /** When the decisions are made (ISO). */
  decidedAt: string;
  /** The time a story's `updated` moves to: now, or the item's first sight during a replay (ISO). */
  storyClock: (item: PendingItem) => string;
  /** A story by id: held by the engine, touched earlier in this batch, or fetched by the caller. */
  story(id: string): HeldStory | undefined;
  /** Records a new or changed story row (last write wins in the batch). */
  keepStory(held: HeldStory): void;
  /** Placed items by matching link: fetched by the caller, plus those placed earlier in this batch. */
  links: Map<string, { itemId: number; sourceId: string; storyId: string }[]>;
  placements: { itemId: number; storyId: string; linkKey: string | null }[];
  decisions: DedupDecision[];
}

interface Match {
  rule: 'same-link' | 'same-title' | 'near-duplicate';
  storyId: string;
  matchedItemId: number;
  score: number;
  components: Record<string, number | string | boolean>;
}

const dedupEnabled = (p: Placement, sourceId: string): boolean => p.settings.sources.get(sourceId)?.dedup !== false;
const priorityOf = (p: Placement, sourceId: string): number => p.settings.sources.get(sourceId)?.priority ?? 0;

/** Same canonical link from another source = the same article. One feed's items sharing a link (a live ticker's page) are not. */
function linkMatch(p: Placement, f: ItemFeatures): Match | undefined {
  if (!f.linkKey || /^[^/]+\/$/.test(f.linkKey)) return undefined; // a bare homepage identifies nothing
  const others = (p.links.get(f.linkKey) ?? []).filter((r) => r.itemId !== f.itemId);
  for (const other of others) {
    if (other.sourceId === f.sourceId || !dedupEnabled(p, other.sourceId)) continue;
    // The other feed points several of its own entries at this page: it is a ticker page, not one article.
    const sameFeedEntries = others.filter((r) => r.sourceId === other.sourceId).length;
    if (sameFeedEntries > 1) continue;
    return { rule: 'same-link', storyId: other.storyId, matchedItemId: other.itemId, score: 1, components: { linkKey: f.linkKey } };
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
  const threshold = p.settings.threshold;
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

/** How a stored story's representative competes, from what the store returned for it. */
export function heldFromStore(placed: PlacedStory, settings: EngineSettings): HeldStory {
  const { representativeSourceId, representativeContentLength, representativePublished, representativeFirstSeen, ...story } = placed;
  return {
    story,
    representative: {
      itemId: story.representativeItemId,
      priority: settings.sources.get(representativeSourceId)?.priority ?? 0,
      contentLength: representativeContentLength,
      atMs: itemTimeMs({ published: representativePublished, firstSeen: representativeFirstSeen }),
    },
    windowMembers: 0,
  };
}

/** Re-chooses the representative between the current one and `item`; refreshes title/url from the winner. */
function refreshStory(p: Placement, held: HeldStory, item: PendingItem, f: ItemFeatures, moveUpdated: boolean): HeldStory {
  const candidate: RepresentativeCandidate = {
    itemId: item.id,
    priority: priorityOf(p, item.sourceId),
    contentLength: f.contentLength,
    atMs: f.atMs,
  };
  let story = held.story;
  let representative = held.representative;
  if (story.representativeItemId === item.id) {
    story = { ...story, title: item.title, url: item.url };
    representative = candidate;
  } else if (betterRepresentative(held.representative, candidate) === candidate) {
    story = { ...story, representativeItemId: item.id, title: item.title, url: item.url };
    representative = candidate;
  }
  const memberTime = item.published ?? item.firstSeen;
  if (memberTime < story.published) story = { ...story, published: memberTime };
  const clock = p.storyClock(item);
  if (moveUpdated && clock > story.updated) story = { ...story, updated: clock };
  return { story, representative, windowMembers: held.windowMembers };
}

function newStory(p: Placement, item: PendingItem, f: ItemFeatures): HeldStory {
  return {
    story: {
      id: storyIdFor(item.sourceId, item.key),
      representativeItemId: item.id,
      title: item.title,
      url: item.url,
      published: item.published ?? item.firstSeen,
      updated: p.storyClock(item),
    },
    representative: { itemId: item.id, priority: priorityOf(p, item.sourceId), contentLength: f.contentLength, atMs: f.atMs },
    windowMembers: 0,
  };
}

/** Puts the item in the story: placement row, matching link for the rest of the batch, window index. */
function assign(p: Placement, item: PendingItem, f: ItemFeatures, held: HeldStory): void {
  p.placements.push({ itemId: item.id, storyId: held.story.id, linkKey: f.linkKey });
  if (f.linkKey) {
    const list = p.links.get(f.linkKey) ?? [];
    if (!list.some((l) => l.itemId === item.id)) list.push({ itemId: item.id, sourceId: item.sourceId, storyId: held.story.id });
    p.links.set(f.linkKey, list);
  }
  // Items already outside the window are matched but not indexed: a rebuilt index loads only the
  // window, so indexing them live would make a restart change decisions.
  if (dedupEnabled(p, item.sourceId) && f.atMs >= p.cutoffMs) {
    if (!p.index.items.has(item.id)) held.windowMembers++;
    indexItem(p.index, f, held.story.id);
  }
  p.keepStory(held);
}

/** Places a new item: joins the best matching story or founds its own. */
export function placeNewItem(p: Placement, item: PendingItem): DedupDecision {
  const f = itemFeatures(item, p.settings.sources.get(item.sourceId)?.language ?? null);
  const settings = { threshold: p.settings.threshold, windowHours: p.settings.windowHours };

  if (!dedupEnabled(p, item.sourceId)) {
    assign(p, item, f, newStory(p, item, f));
    return record(p, {
      itemId: item.id,
      storyId: storyIdFor(item.sourceId, item.key),
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
  const existing = match ? p.story(match.storyId) : undefined;
  // The matched item's story is unknown (should not happen): found a new one.
  if (!existing) match = undefined;
  const held = existing ? refreshStory(p, existing, item, f, true) : newStory(p, item, f);
  assign(p, item, f, held);
  if (match) {
    return record(p, {
      itemId: item.id,
      storyId: held.story.id,
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
    storyId: held.story.id,
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
 */
export function placeUpdatedItem(p: Placement, item: PendingItem, previous: DedupDecision | undefined): DedupDecision {
  const existing = item.storyId ? p.story(item.storyId) : undefined;
  if (!existing) return placeNewItem(p, item);
  const before = p.index.items.get(item.id)?.features.contentLength ?? item.replacedContentLength ?? undefined;
  const f = itemFeatures(item, p.settings.sources.get(item.sourceId)?.language ?? null);
  const fuller = before !== undefined && f.contentLength > before;
  const correction = f.correction;
  assign(p, item, f, refreshStory(p, existing, item, f, fuller || correction));
  return record(p, {
    itemId: item.id,
    storyId: existing.story.id,
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
  p.decisions.push(decision);
  return decision;
}

/** Placed items the caller fetched, by matching link. */
export function linksOf(linked: readonly LinkedItem[]): Map<string, { itemId: number; sourceId: string; storyId: string }[]> {
  const links = new Map<string, { itemId: number; sourceId: string; storyId: string }[]>();
  for (const l of linked) {
    const list = links.get(l.linkKey) ?? [];
    list.push({ itemId: l.itemId, sourceId: l.sourceId, storyId: l.storyId });
    links.set(l.linkKey, list);
  }
  return links;
}
