// The publication's own view of a story: everything every format needs, already cleaned.
// Pure: the renderers (RSS, Atom, JSON Feed, the HTML page) only arrange these fields.
import type { SourceConfig } from '../config/schema.js';
import { storyIdFor } from '../dedup/story-id.js';
import type { Enclosure, StoredItem, StoryWithItems } from '../model.js';
import { htmlToPlainText } from '../parse/html-to-plain-text.js';
import { withoutTrackingParameters } from '../parse/tracking-parameters.js';
import { headlineOf } from './headline-from-lead.js';
import { httpUrl } from './http-url.js';
import { publishedEnclosures } from './published-enclosures.js';
import { publishedText } from './published-text.js';
import { safeHtml } from './safe-html.js';
import { escapeXml, stripXmlIllegal } from './xml-text.js';
import { publicLink, publishedFeedUrl, withoutLogin } from './without-login.js';

export interface PublishedMember {
  sourceId: string;
  /**
   * The item's identity as published: a digest of (source, stored key), the one story ids are made of
   * (dedup/story-id.ts). The stored key is its guid or link as the feed wrote it, which may carry a
   * login or a tracking parameter, so it is published only as this opaque, stable value.
   */
  key: string;
  sourceTitle: string;
  /** The source's feed URL (or file path) as configured, without its login (publishedFeedUrl). */
  sourceFeedUrl: string;
  /** The item's link exactly as published, or null (none, or one carrying a login: publicLink). */
  url: string | null;
  /** The item's own title, or null when it has none (a JSON Feed item may have none): each format says so its own way. */
  title: string | null;
  /** Its title, else its lead's opening, else "(untitled)" (headlineOf): the words the page links it with. */
  headline: string;
  /** ISO 8601 UTC: published, else when feedmerge first saw it. */
  published: string;
  /** The dates the source itself gave (ISO UTC), null when it gave none: what the page shows, never a poll time. */
  ownPublished: string | null;
  ownUpdated: string | null;
  /** The item's language as its feed declared it (or the source's configured one), null when unknown. */
  language: string | null;
}

export interface PublishedEntry {
  storyId: string;
  /** Stories merged into this one (story id and entry id), whose entries readers may hold: fold them into this one. */
  absorbed: { storyId: string; id: string }[];
  /** tag: (or urn:) id derived from the story id only: stable across re-polls and reclustering. */
  id: string;
  title: string;
  /** Absolute http(s) link of the representative (normalised by URL parsing) carrying no login, or a link to the page. */
  link: string;
  summaryText: string;
  /** Safe HTML body: the representative's content (or summary) plus the other members. */
  contentHtml: string;
  /** Safe HTML lead: the summary plus the "Also reported by" list (RSS description). */
  summaryHtml: string;
  author: string | null;
  categories: string[];
  /** The representative's media files (http(s) only, checked type, length or null): RSS carries the first, Atom and JSON Feed all. */
  enclosures: Enclosure[];
  published: string;
  updated: string;
  representative: PublishedMember;
  /** Every member shown, oldest first, the representative included. */
  members: PublishedMember[];
  language: string | null;
}

const EPOCH = '1970-01-01T00:00:00.000Z';

/** "Source: title", or the source alone for an untitled item (never a dangling "Source: "). */
export function memberLabel(member: PublishedMember): string {
  return member.title ? `${member.sourceTitle}: ${member.title}` : member.sourceTitle;
}

/** A valid ISO time or the fallback: `feed` crashes on an invalid Date. */
export function isoOr(value: string | null | undefined, fallback: string): string {
  if (value) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return new Date(time).toISOString();
  }
  return fallback;
}

/**
 * A tag URI (RFC 4151) on the server's host when that is a DNS name or IPv4 address, else a urn.
 * `specific` is e.g. "story:<storyId>": only it varies, so an entry keeps its id forever.
 */
export function tagIdFor(baseUrl: string, specific: string): string {
  const host = new URL(baseUrl).hostname;
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(host)
    ? `tag:${host},2026:${specific}`
    : `urn:feedmerge:${specific}`;
}

/** The entry id of a story. */
export function entryIdFor(storyId: string, baseUrl: string): string {
  return tagIdFor(baseUrl, `story:${storyId}`);
}

/** A shown item as a member, with its title and lead as published (publishedText, untrimmed). */
interface ShownItem {
  item: StoredItem;
  member: PublishedMember;
  title: string;
  lead: string;
}

/**
 * The member for `item`. Its title and lead are scanned here once (publishedText): the entry's title,
 * lead and member lists reuse them (each was scanned two or three times per entry before).
 */
function toShownItem(item: StoredItem, sources: ReadonlyMap<string, SourceConfig>): ShownItem {
  const source = sources.get(item.sourceId);
  const title = publishedText(item.title);
  const lead = publishedText(item.summary);
  const member: PublishedMember = {
    sourceId: item.sourceId,
    key: storyIdFor(item.sourceId, item.key),
    sourceTitle: stripXmlIllegal(source?.title ?? item.sourceId),
    sourceFeedUrl: publishedFeedUrl(source?.url ?? ''),
    url: publicLink(item.url),
    title: title.trim() || null,
    headline: headlineOf(title, lead),
    published: isoOr(item.published, isoOr(item.firstSeen, EPOCH)),
    ownPublished: item.published ? isoOr(item.published, '') || null : null,
    ownUpdated: item.updated ? isoOr(item.updated, '') || null : null,
    language: item.language,
  };
  return { item, member, title, lead };
}

/**
 * The "Also reported by" list. Each source's name and title is a <bdi> (text-direction.ts), so an Arabic or Hebrew
 * title keeps its "!" and leaves the "(date UTC)" after it in place in a reader. Without attributes: <bdi> alone
 * isolates (its direction is its text's first strong letter), attributes are one more thing a reader's sanitiser may
 * drop, and one that drops the element keeps its text, as before.
 */
function memberListHtml(members: readonly PublishedMember[]): string {
  if (!members.length) return '';
  const rows = members.map((m) => {
    const link = httpUrl(m.url);
    const source = `<bdi>${escapeXml(m.sourceTitle)}</bdi>`;
    const label = link ? `<a href="${escapeXml(link)}">${source}</a>` : source;
    const title = m.title ? `: <bdi>${escapeXml(m.title)}</bdi>` : '';
    return `<li>${label}${title} (${m.published.slice(0, 16).replace('T', ' ')} UTC)</li>`;
  });
  return `<p>Also reported by:</p><ul>${rows.join('')}</ul>`;
}

/**
 * `items` without an item that re-sends one before it (the representative first): the same source,
 * link, title and text. A feed that changed its guids (http to https, a new CMS) sends its posts
 * again under new keys, which are stored as new items and join their old selves' story by the link,
 * but are one report, not a second source's ("Also reported by" listed the post under itself).
 * Live-ticker entries share a link and often no title or one generic title ("Liveticker"), so only
 * the text tells them apart: an item whose lead or body differs stays.
 */
function withoutRepeatedPosts(items: readonly StoredItem[], representative: StoredItem): StoredItem[] {
  const shown: StoredItem[] = [representative];
  return items.filter((i) => {
    if (i.id === representative.id) return true;
    if (shown.some((s) => isResentCopy(i, s))) return false;
    shown.push(i);
    return true;
  });
}

/**
 * Whether `item` is `earlier` sent again: same source, link as published, title, lead and body text (the
 * cheap fields first). Links are compared without the tracking parameters a published link drops: a copy
 * re-sent with another ?utm_campaign= would otherwise be listed twice under one identical link.
 */
function isResentCopy(item: StoredItem, earlier: StoredItem): boolean {
  return (
    item.url !== null &&
    earlier.url !== null &&
    item.sourceId === earlier.sourceId &&
    (item.url === earlier.url || withoutTrackingParameters(item.url) === withoutTrackingParameters(earlier.url)) &&
    item.title === earlier.title &&
    item.summary.trim() === earlier.summary.trim() &&
    bodyText(item) === bodyText(earlier)
  );
}

/** The body as text (tags out, whitespace collapsed): a re-sent post may rewrite its markup (http to https image links). */
function bodyText(item: StoredItem): string {
  return item.contentHtml ? htmlToPlainText(item.contentHtml) : '';
}

/**
 * Builds the entry for a story. `allowedSources` (an output's source list) narrows the members
 * shown; when the story's representative comes from another source, the oldest allowed member
 * stands in for it, so an output never shows a headline from a source it does not carry.
 * `storyPageUrl` is the page that lists the story (an output's page; "" for the page being rendered):
 * a story whose items have no http(s) link (none, a `javascript:` one dropped, or one carrying a login) links to its
 * `#story-<id>` there, since the page at "/" lists outputs, not stories.
 */
export function toPublishedEntry(
  story: StoryWithItems,
  options: { sources: ReadonlyMap<string, SourceConfig>; baseUrl: string; storyPageUrl: string; allowedSources?: ReadonlySet<string> },
): PublishedEntry {
  const { sources, baseUrl, storyPageUrl, allowedSources } = options;
  const allowed = allowedSources ? story.items.filter((i) => allowedSources.has(i.sourceId)) : story.items;
  const representativeAllowed = !allowedSources || allowedSources.has(story.representative.sourceId);
  const representative = representativeAllowed ? story.representative : (allowed[0] ?? story.representative);
  const items = withoutRepeatedPosts(allowed, representative);
  const shown = (items.length ? items : [representative]).map((i) => toShownItem(i, sources));
  const rep = shown.find((s) => s.item.id === representative.id) ?? toShownItem(representative, sources);
  const members = shown.map((s) => s.member);
  const repMember = rep.member;
  const others = shown.filter((s) => s.item.id !== representative.id).map((s) => s.member);

  // A lead may write out a link for one subscriber ("read online: https://…?token=…"): published without the
  // login. Trimmed after the scan: a URL ends at whitespace, so the scan reads the same URLs either way.
  const summaryText = rep.lead.trim();
  const storyTitle = representativeAllowed ? story.title : representative.title;
  const title = headlineOf(storyTitle === representative.title ? rep.title : publishedText(storyTitle), summaryText);
  const rawLink = representativeAllowed ? (story.url ?? representative.url) : representative.url;
  const link = httpUrl(publicLink(rawLink)) ?? `${storyPageUrl}#story-${story.id}`;
  const leadHtml = summaryText ? `<p>${escapeXml(summaryText)}</p>` : '';
  const bodyHtml = representative.contentHtml
    ? safeHtml(representative.contentHtml, httpUrl(withoutLogin(representative.url ?? '')))
    : leadHtml;
  const list = memberListHtml(others);
  const published = isoOr(story.published, repMember.published);
  return {
    storyId: story.id,
    absorbed: story.absorbedIds.map((absorbedId) => ({ storyId: absorbedId, id: entryIdFor(absorbedId, baseUrl) })),
    id: entryIdFor(story.id, baseUrl),
    title,
    link,
    summaryText,
    contentHtml: bodyHtml + list,
    summaryHtml: leadHtml + list,
    author: representative.author ? publishedText(representative.author).trim() || null : null,
    categories: [...new Set(representative.categories.map((c) => publishedText(c).trim()).filter(Boolean))],
    enclosures: publishedEnclosures(representative.enclosures, sources.get(representative.sourceId)?.url ?? ''),
    published,
    // An update can never precede publication; readers sort by it.
    updated: [isoOr(story.updated, published), published].sort().at(-1)!,
    representative: repMember,
    members,
    language: representative.language,
  };
}

/** An entry no longer published because its story was merged into another: an Atom tombstone (RFC 6721). */
export interface DeletedEntry {
  /** The absorbed story's entry id, the one readers hold. */
  id: string;
  /** When the merge was applied (ISO UTC). */
  when: string;
  /** The entry id of the story it lives in now. */
  survivorId: string;
}

/** One document's worth of entries and the links around them, for one format. */
export interface FeedView {
  /** The feed's own id (tag:/urn:), stable per output. */
  id: string;
  title: string;
  description: string;
  homeUrl: string;
  /** This document's URL. */
  selfUrl: string;
  hubs: readonly string[];
  /**
   * Newest entry update (on the first Atom and JSON Feed page, of every page's entries, and of the merges it
   * announces); for an empty document the time its publisher first rendered (renderPublication's `emptySince`).
   */
  updated: string;
  ttlMinutes: number;
  /** RFC 5005 paged-feed links of this document, in its own format. */
  paging: { first?: string; previous?: string; next?: string; last?: string };
  entries: readonly PublishedEntry[];
  /** Entries merged away lately (first page only; Atom writes them as tombstones, the other formats carry none). */
  deleted: readonly DeletedEntry[];
}

/** The newest update among the entries, or `whenEmpty` (ISO) for an empty feed. */
export function newestUpdate(entries: readonly PublishedEntry[], whenEmpty: string): string {
  return entries.length ? entries.reduce((max, e) => (e.updated > max ? e.updated : max), EPOCH) : whenEmpty;
}
