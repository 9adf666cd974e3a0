// Parsing judges a date against the fetch; the store knows when it first saw the item and judges its
// publication date again against that. A published date further after first sight than the skew
// tolerance is no date: the stored item keeps the date it got at first sight (COALESCE keeps it) and the
// content hash sees no change, so an item whose date was dropped as "in the future" is not counted as
// updated, or re-dated, once the clock has passed its date. The `updated` date is left as parsed (judged
// against the fetch): an edit a day after first sight rightly dates it a day later.
import { isAfterFirstSight } from '../future-date-tolerance.js';
import type { FeedItem } from '../model.js';

/** The item without its published date when that lies too far after `firstSeen` (ISO). */
export function datesJudgedAtFirstSight(item: FeedItem, firstSeen: string): FeedItem {
  if (!item.published || !isAfterFirstSight(Date.parse(item.published), Date.parse(firstSeen))) return item;
  return { ...item, published: null };
}
