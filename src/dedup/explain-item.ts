// What `feedmerge explain` shows: for each item matching a reference, the item, its story and
// the recorded decision with every score component, the matched item and the window.
import type { DedupDecision, Story, StoredItem } from '../model.js';
import type { Db } from '../store/database.js';
import { getDecision } from '../store/decisions.js';
import { findItemsByReference, getItem, getStoryItems } from '../store/items.js';
import { getStory } from '../store/stories.js';
import { itemFeatures } from './item-features.js';

export interface ItemExplanation {
  item: StoredItem;
  story: Story | null;
  /** Members of the story (ids and sources), oldest first. */
  storyMembers: { itemId: number; sourceId: string; title: string }[];
  decision: DedupDecision | null;
  matchedItem: StoredItem | null;
  /** How the matcher saw the item: normalised title and lead tokens, numbers, language. */
  normalised: { language: string | null; title: string; lead: string; titleNumbers: string[]; linkKey: string | null } | null;
  /** The window and threshold the decision used (from the decision's components). */
  window: { hours: number | null; threshold: number | null };
}

/**
 * Explains every item matching `ref`: a link (as published or canonical), guid, item key, numeric item id,
 * or a story id (also as a published entry id), which explains each of the story's items.
 * `declaredLanguage` gives a source's configured language (used when an item has none), as collapse does.
 */
export function explainItem(db: Db, ref: string, declaredLanguage: (sourceId: string) => string | null = () => null): ItemExplanation[] {
  const trimmed = ref.trim();
  // A story id as `stories` prints it, or the entry id readers see ("tag:host,2026:story:<id>", "urn:feedmerge:story:<id>"): every member.
  const storyId = /(?:^|:story:)([0-9a-f]{20})$/.exec(trimmed)?.[1];
  const items = [
    ...(storyId ? getStoryItems(db, storyId) : []),
    ...(/^\d+$/.test(trimmed) ? [getItem(db, Number(trimmed))] : []),
    ...findItemsByReference(db, trimmed),
  ];
  const seen = new Set<number>();
  return items
    .filter((i): i is StoredItem => i !== undefined && !seen.has(i.id) && seen.add(i.id) !== undefined)
    .map((item) => {
      const decision = getDecision(db, item.id) ?? null;
      // Features are not stored; recomputed, they are what the matcher saw (for a placed item).
      const parsed = item.storyId ? itemFeatures(item, declaredLanguage(item.sourceId)) : null;
      const num = (key: string): number | null =>
        typeof decision?.components[key] === 'number' ? (decision.components[key] as number) : null;
      return {
        item,
        story: item.storyId ? (getStory(db, item.storyId) ?? null) : null,
        storyMembers: item.storyId
          ? getStoryItems(db, item.storyId).map((m) => ({ itemId: m.id, sourceId: m.sourceId, title: m.title }))
          : [],
        decision,
        matchedItem: decision?.matchedItemId != null && decision.matchedItemId >= 0 ? (getItem(db, decision.matchedItemId) ?? null) : null,
        normalised: parsed
          ? {
              language: parsed.language,
              title: parsed.titleTokens.join(' '),
              lead: parsed.leadTokens.join(' '),
              titleNumbers: parsed.titleNumbers,
              linkKey: parsed.linkKey,
            }
          : null,
        window: { hours: num('windowHours'), threshold: num('threshold') },
      };
    });
}
