// A feed that lists one entry twice (the same guid, or the same link, title and date: item-keys.ts gives
// both listings one key). Handed to the store as listed, the second listing was counted as an item of its
// own: "3 new, 0 updated, 1 unchanged" on a feed's first poll, for an item no earlier poll had seen, and a
// repeat whose text differed from the first listing was "updated" back and forth at every poll of the same
// document (placed again each time). The worker calls this between parsing and storing, so the place a new
// item stores (feed_position, the tie-break of stories of one time) is its index in the list without repeats.
import type { FeedItem } from '../model.js';

/**
 * `items` with one entry per key, in the order each key is first listed, holding its last listing (what
 * the store kept when it wrote each listing in turn), and how many listings repeated a key listed before.
 */
export function collapseRepeatedItems(items: readonly FeedItem[]): { items: FeedItem[]; repeated: number } {
  const byKey = new Map<string, FeedItem>();
  // A Map keeps a key in the place it was first set: the first listing's place, the last listing's item.
  for (const item of items) byKey.set(item.key, item);
  return { items: [...byKey.values()], repeated: items.length - byKey.size };
}
