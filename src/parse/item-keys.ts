// The stable key of each item within its source, with GUID repair that adapts to the feed.
// Rules, applied per item, in order (a "collision" means: another item of the same document would
// get the same key):
//   1. its guid/id (trimmed), when present and not repeated within this document. A guid repeated by
//      several items (a CMS that puts the feed URL or a constant in every <guid>) identifies nothing.
//   2. else its link (absolute http(s) as published), when no other item already holds it as key and
//      no other remaining item shares it. Feeds without guids are keyed by link, as every reader does.
//   3. else (live tickers: every entry links one page, maybe with #anchors) a SHA-256 of
//      link + title + date (first 40 hex digits). Two entries that agree on all three are the
//      same entry listed twice and rightly share a key. The date is the one the feed wrote (published,
//      else updated), not the one parsing keeps: parsing drops a date more than the skew tolerance
//      ahead of the fetch (future-date-tolerance.ts) and keeps it once the clock has passed it, and a
//      key built on the kept date changed between those polls, storing the unchanged entry twice. For
//      a date that was never ahead the two are the same, so such items keep their keys. An item with neither title nor date is named
//      by its text in place of the title: RSS 2.0 asks only for a title or a description, and
//      microblog-style feeds send description-only items without guid, link or date, which
//      link + "" + "" would all key alike (each overwrote the one before it in the store). An untitled
//      item with a date keeps link + "" + date: that key was already distinct, and keyed by its text it
//      would come back under a new key after an upgrade (republished as a new entry) and at every edit.
// Keys carry no tier prefix ("prefix-free"): an item whose guid equals its link (isPermaLink, very
// common) keeps the same key if it ever moves between tiers 1 and 2. A SHA-1-length hex digest does not
// collide with URLs, and a collision with a publisher's own hex guid is cryptographically negligible.
// Deterministic: the same document always yields the same keys. Re-polled, an unchanged item keeps its
// key as long as the feed keeps its guid habits; an item can move tier only if the feed itself changes
// (a guid starts or stops repeating) — dedup's same-link rule then joins the two rows into one story.
import { createHash } from 'node:crypto';

export interface KeyInput {
  guid: string | null;
  url: string | null;
  title: string;
  /** The item's date as the feed wrote it (published, else updated), ISO UTC, not judged against the clock. */
  feedDate: string | null;
  /** Plain-text lead; it names an item that has neither title nor date. */
  summary?: string;
}

/** Assigns each item its stable key (see the rules above); the result is parallel to `items`. */
export function assignItemKeys(items: readonly KeyInput[]): string[] {
  const guidCounts = countValues(items.map((item) => item.guid));
  const keys: (string | null)[] = items.map((item) => (item.guid && guidCounts.get(item.guid) === 1 ? item.guid : null));
  const taken = new Set(keys.filter((key): key is string => key !== null));

  const remaining = items.map((item, index) => (keys[index] === null ? item.url : null));
  const linkCounts = countValues(remaining);
  items.forEach((item, index) => {
    if (keys[index] !== null || !item.url) return;
    if (linkCounts.get(item.url) === 1 && !taken.has(item.url)) {
      keys[index] = item.url;
      taken.add(item.url);
    }
  });

  return items.map((item, index) => keys[index] ?? contentHashKey(item));
}

function contentHashKey(item: KeyInput): string {
  return createHash('sha256')
    .update(`${item.url ?? ''}\n${nameOf(item)}\n${item.feedDate ?? ''}`)
    .digest('hex')
    .slice(0, 40);
}

/** The title, or for an item with neither title nor date its text (see rule 3 above). */
function nameOf(item: KeyInput): string {
  if (item.title || item.feedDate) return item.title;
  return item.summary ?? '';
}

function countValues(values: readonly (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
