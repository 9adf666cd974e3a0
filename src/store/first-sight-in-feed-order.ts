// An undated item has nothing to sort by but when feedmerge first saw it, and every new item of a
// poll is first seen at the poll's time: the outputs (newest first, ties by story id, a hash) listed
// a feed's undated items in an arbitrary order. Feeds list newest first, so a poll's undated new
// items are first seen a millisecond apart in the feed's order instead: the first at the poll's
// time, the next 1 ms before it, and so on. The outputs then keep the feed's order, and an undated
// item a later poll brings sorts above them. Dated items keep the poll's time (they sort by date).
import type { FeedItem } from '../model.js';

/**
 * The first-seen time (ISO UTC) of each new item of one poll, asked in feed order: `now` for a dated
 * item and the first undated one, 1 ms earlier for each undated one after it.
 */
export function firstSightInFeedOrder(now: string): (item: Pick<FeedItem, 'published'>) => string {
  const nowMs = Date.parse(now);
  let undated = 0;
  return (item) => {
    if (item.published !== null) return now;
    const rank = undated++;
    // rank 0 keeps `now` as given, so a poll's dated and first undated items share one time string.
    return rank === 0 || !Number.isFinite(nowMs) ? now : new Date(nowMs - rank).toISOString();
  };
}
