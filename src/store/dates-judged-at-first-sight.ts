// Parsing judges a date against the fetch; the store knows when it first saw the item and judges it
// again against that. A date further after first sight than the skew tolerance is no date: the stored
// item keeps the date it got at first sight (COALESCE keeps it) and the content hash sees no change, so
// an item whose date was dropped as "in the future" is not counted as updated, or re-dated, once the
// clock has passed its date.
import { isAfterFirstSight } from '../future-date-tolerance.js';
import type { FeedItem } from '../model.js';

/** The item with its published and updated dates dropped where they lie too far after `firstSeen` (ISO). */
export function datesJudgedAtFirstSight(item: FeedItem, firstSeen: string): FeedItem {
  const seenMs = Date.parse(firstSeen);
  const believed = (date: string | null): string | null => (date && isAfterFirstSight(Date.parse(date), seenMs) ? null : date);
  const published = believed(item.published);
  const updated = believed(item.updated);
  return published === item.published && updated === item.updated ? item : { ...item, published, updated };
}
