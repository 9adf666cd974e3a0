// Whether an update changes what its story's published entry shows of the item (publish/published-entry.ts).
// Every member is shown by its title ("Also reported by" in the entry's content, Atom rel="related" titles,
// JSON Feed `_feedmerge.items`, the page), its headline (the page's link words: the title, else its lead's
// opening), its link and its date (published, else first seen); the representative also by its lead (the
// entry's summary). A feed that rewords a member's title changes what subscribers see of the story, though
// the story's own title and link stay: its `updated` must move, or a reader that refreshes entries by it
// keeps the old lines. Nothing else an update may change counts: a rotating tracking parameter, whitespace,
// text the plain-text rule publishes the same way.
import type { PendingItem, ReplacedVersion } from '../model.js';
import { canonicalUrl } from '../parse/canonical-url.js';
import { isCorrection } from './agency-markers.js';
import { headlineOf } from '../publish/headline-from-lead.js';
import { publishedText } from '../publish/published-text.js';
import { publicLink } from '../publish/without-login.js';

/** The fields of a version of an item that its entry shows, as stored. */
export interface ShownFields extends ReplacedVersion {
  firstSeen: string;
}

/**
 * Whether `after` shows anything other than `before` in the story's entry (`representative`: the item is
 * the story's representative, whose lead the entry shows). Text is compared as published (publishedText),
 * whitespace runs as one space; links as a reader tells them apart (readerLink).
 */
export function shownChanged(before: ShownFields, after: ShownFields, representative: boolean): boolean {
  return shownOf(before, representative) !== shownOf(after, representative);
}

function shownOf(version: ShownFields, representative: boolean): string {
  const title = publishedText(version.title);
  const lead = publishedText(version.summary);
  const parts = [title, headlineOf(title, lead), readerLink(version.url) ?? '', version.published ?? version.firstSeen];
  if (representative) parts.push(lead);
  // One line per part: whitespace runs (newlines too) become one space first.
  return parts.map((part) => part.replace(/\s+/g, ' ').trim()).join('\n');
}

/**
 * A link as a reader tells it apart: the published link (none when it carries a login) in its matching
 * form, so a feed that rotates a tracking parameter (`utm_content`), moves to https or changes the
 * #fragment on every fetch does not move `updated` on every poll.
 */
export function readerLink(url: string | null): string | null {
  const link = publicLink(url);
  return link === null ? null : (canonicalUrl(link) ?? link);
}

/**
 * Whether a waiting update, placed again among late items (Placer), is one readers cannot see: its story's
 * entry shows the same of it (compared as if it were the representative, the lead too), it is not fuller and
 * not a correction (what placeUpdatedItem would move `updated` for). False when the stored replaced version
 * or length is not known (an update stored before they were kept): then `updated` moves, as it did.
 */
export function unseenUpdate(item: PendingItem): boolean {
  if (item.pending !== 'updated' || item.replaced === null || item.replacedContentLength === null) return false;
  if (item.contentLength > item.replacedContentLength) return false;
  if (isCorrection(item.title) || isCorrection(item.summary.slice(0, 200))) return false;
  return !shownChanged({ ...item.replaced, firstSeen: item.firstSeen }, item, true);
}
