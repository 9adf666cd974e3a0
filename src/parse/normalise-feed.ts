// RawFeed (what a reader library saw) → ParsedFeed (our model): plain-text titles and leads, absolute
// http(s) links, ISO UTC dates, polling hints, stable item keys. Pure: `fetchedAt` stands in for "now".
import { isAfterFirstSight } from '../future-date-tolerance.js';
import { isLanguageTag } from '../language-tag.js';
import { mediaType } from '../media-type.js';
import type { Enclosure, FeedFormat, FeedItem, ParsedFeed, PublisherHints } from '../model.js';
import { absoluteUrlsInHtml } from './absolute-urls-in-html.js';
import { canonicalUrlOf } from './canonical-url.js';
import { resolveHttpUrl, resolveUrl } from './find-feed-link.js';
import { collapseWhitespace, htmlToPlainText, stripTagsFromText, truncatePlainText } from './html-to-plain-text.js';
import { assignItemKeys, type KeyInput } from './item-keys.js';
import { itunesDurationSeconds } from './itunes-duration.js';
import { parseFeedDateMs } from './parse-feed-date.js';
import type { RawFeed, RawItem } from './raw-feed.js';
import { visibleText } from './visible-text.js';
import { wellFormedOrNull, wellFormedText } from './well-formed-text.js';
import { baseOfChild, baseOfUrl, type ScopeBases, type XmlBases } from './xml-base-scopes.js';

/** Longest summary kept: a lead of two or three sentences, enough for matching and for a teaser. */
export const summaryMaxLength = 600;
/** Longest title kept (plain text), and how much raw title text is looked at to get it. */
const titleMaxLength = 1_000;
const titleSourceMaxLength = 20_000;
/** HTML looked at for the summary lead: stripping megabytes of body to keep 600 characters is waste. */
const leadSourceMaxLength = 12_000;
// The store indexes guid, url and canonical URL (and the item key made of one of them); PostgreSQL
// refuses a b-tree entry over ~2,700 bytes, and the refused insert failed the whole feed at every
// poll. A longer guid or link identifies nothing a real feed needs (sitemaps.org caps URLs at 2,048):
// the item is kept without it, keyed by its link or content (item-keys.ts).
const maxIndexedBytes = 2_048;

export interface NormaliseContext {
  format: FeedFormat;
  /** Where the document came from; relative links resolve against it. */
  documentUrl: string | null;
  /** Language from the document root (xml:lang), used when the feed names none. */
  rootLanguage: string | null;
  fetchedAt: string;
}

/** Turns a RawFeed into the ParsedFeed every later stage reads. */
export function normaliseFeed(raw: RawFeed, context: NormaliseContext): ParsedFeed {
  // A local file's "URL" (a path or file: URL) is no base for web links: use the feed's own site link.
  const documentUrl = resolveUrl(context.documentUrl, null);
  const xmlBases = pairedXmlBases(raw);
  const feedLink = resolveUrl(clean(raw.link), baseOfUrl(raw.xmlBases?.feed.urls, raw.link, documentUrl));
  const base = documentUrl ?? feedLink;
  const fetchedAtMs = Date.parse(context.fetchedAt);
  const labels = new Map<string, string>();
  const partial: Omit<FeedItem, 'key'>[] = [];
  const keyInputs: KeyInput[] = [];
  // Links made absolute under an xml:base add at most the feed's HTML again, plus 64 KiB for a short feed
  // under a long base: the growth is bounded by the input, whatever the bases' lengths (a 2 KB base
  // before each of 300,000 one-character references overflowed the longest string).
  const rewrite: RewriteBudget = { remaining: xmlBases ? htmlLengthOf(raw.items) + 65_536 : 0 };
  for (let index = 0; index < raw.items.length; index++) {
    const rawItem = raw.items[index]!;
    const dates = itemDates(rawItem, fetchedAtMs);
    const item = normaliseItem(rawItem, base, xmlBases?.items[index] ?? null, rewrite, dates, labels);
    partial.push(item);
    keyInputs.push({ guid: item.guid, url: item.url, title: item.title, feedDate: dates.feedDate, summary: item.summary });
  }
  const keys = assignItemKeys(keyInputs);
  // The key goes on last (same property order as a spread), without copying every item.
  const items = partial as FeedItem[];
  for (let index = 0; index < items.length; index++) items[index]!.key = keys[index]!;
  return {
    format: context.format,
    title: wellFormedPlainText(htmlToPlainText(raw.title ?? '')),
    link: feedLink,
    language: normaliseLanguage(raw.language) ?? normaliseLanguage(context.rootLanguage),
    hints: readHints(raw),
    items,
    warning: null,
  };
}

/**
 * The scan's bases when its items are the reader's, in the same order: as many, all at one level (the
 * readers list a channel's items before any under the root, the scan in document order), and each
 * item's link one the scan found on a <link> of the item in that place. Else null: every item takes the
 * root's base, and its HTML is left to publishing, as in a document without xml:base below the root.
 */
function pairedXmlBases(raw: RawFeed): XmlBases | null {
  const bases = raw.xmlBases;
  if (!bases || bases.itemsAtSeveralLevels || bases.items.length !== raw.items.length) return null;
  for (let index = 0; index < raw.items.length; index++) {
    const link = raw.items[index]!.link?.trim();
    const links = bases.items[index]!.urls.filter((url) => url.element === 'link');
    if (link && links.length > 0 && !links.some((url) => url.value === link)) return null;
  }
  return bases;
}

interface RewriteBudget {
  /** Characters the feed's HTML may still grow by as its relative links are made absolute. */
  remaining: number;
}

function htmlLengthOf(items: readonly RawItem[]): number {
  let length = 0;
  for (const item of items) length += htmlOf(item)?.length ?? 0;
  return length;
}

/**
 * Plain text of a short label (category, author), memoised per feed: a feed repeats the same few
 * categories and authors on every item.
 */
function labelText(raw: string, labels: Map<string, string>): string {
  let text = labels.get(raw);
  if (text === undefined) {
    text = wellFormedPlainText(truncatePlainText(htmlToPlainText(raw.slice(0, 2_000)), 200));
    // Bounded: a feed with thousands of distinct labels must not grow the map without end.
    if (labels.size < 10_000) labels.set(raw, text);
  }
  return text;
}

interface ItemDates {
  published: string | null;
  updated: string | null;
  /** The date as the feed wrote it, not judged against the fetch: the item key's date (item-keys.ts). */
  feedDate: string | null;
}

function itemDates(raw: RawItem, fetchedAtMs: number): ItemDates {
  const publishedMs = parseFeedDateMs(raw.published);
  const updatedMs = parseFeedDateMs(raw.updated);
  const updated = unlessFuture(updatedMs, fetchedAtMs);
  // An Atom entry often carries only <updated>: it is the best "when" there is, for ordering and dedup.
  const published = unlessFuture(publishedMs, fetchedAtMs) ?? updated;
  const feedMs = publishedMs ?? updatedMs;
  return { published, updated, feedDate: feedMs === null ? null : new Date(feedMs).toISOString() };
}

function normaliseItem(
  raw: RawItem,
  documentBase: string | null,
  xmlBases: ScopeBases | null,
  rewrite: RewriteBudget,
  dates: ItemDates,
  labels: Map<string, string>,
): Omit<FeedItem, 'key'> {
  // XML Base: a URL resolves against the base in scope on its own element (the link, the enclosure,
  // the content), which an xml:base on it or on the entry sets; else against the document's.
  const base = xmlBases?.own ?? documentBase;
  // One URL parse serves both the resolved link and its canonical form.
  const resolved = resolveHttpUrl(clean(raw.link), baseOfUrl(xmlBases?.urls, raw.link, base));
  const link = resolved && fitsAnIndex(resolved.href) ? resolved : null;
  const url = link?.href ?? null;
  // A title is a line; a publisher pasting a whole article into <title> gets it cut (after the text
  // is extracted, so no tag is cut in half) — and the stripping work stays bounded.
  const rawTitle = (raw.title ?? '').slice(0, titleSourceMaxLength);
  const title = truncatePlainText(
    raw.titleIsPlainText ? collapseWhitespace(stripTagsFromText(rawTitle)) : htmlToPlainText(rawTitle),
    titleMaxLength,
  );
  const cleanGuid = wellFormedOrNull(clean(raw.guid));
  const guid = cleanGuid && fitsAnIndex(cleanGuid) ? cleanGuid : null;
  // Every string below is well-formed text (well-formed-text.ts); links are, as URL serialises them.
  return {
    guid,
    url,
    canonicalUrl: link ? canonicalUrlOf(link.parsed) : null,
    title: wellFormedPlainText(title),
    summary: wellFormedPlainText(leadOf(raw)),
    contentHtml: wellFormedOrNull(contentHtmlOf(raw, xmlBases, rewrite)),
    author: raw.author ? labelText(raw.author, labels) || null : null,
    categories: uniqueNonEmpty(raw.categories.slice(0, 100).map((c) => labelText(c, labels))),
    published: dates.published,
    updated: dates.updated,
    enclosures: readEnclosures(raw, base, xmlBases),
  };
}

const contentNames = ['content', 'content:encoded', 'atom:content'];
const descriptionNames = ['summary', 'description', 'atom:summary'];

/** The item's HTML body as published: its content, else its description. */
function htmlOf(raw: RawItem): string | null {
  return hasText(raw.contentHtml) ? raw.contentHtml : hasText(raw.description) ? raw.description : null;
}

/**
 * The item's HTML body. Where an xml:base is in scope on the element it came from (on it, its item or
 * above), its relative links and images are made absolute against that base, within the feed's budget:
 * publishing would otherwise resolve them against the item's link. With none in scope it is left as it is.
 */
function contentHtmlOf(raw: RawItem, xmlBases: ScopeBases | null, rewrite: RewriteBudget): string | null {
  const html = htmlOf(raw);
  if (html === null || xmlBases === null) return html;
  const htmlBase = baseOfChild(xmlBases, hasText(raw.contentHtml) ? contentNames : descriptionNames, xmlBases.own);
  if (!htmlBase) return html;
  const rewritten = absoluteUrlsInHtml(html, htmlBase, rewrite.remaining);
  rewrite.remaining -= rewritten.length - html.length;
  return rewritten;
}

function leadOf(raw: RawItem): string {
  const source = hasText(raw.description) ? raw.description : hasText(raw.contentHtml) ? raw.contentHtml : null;
  let text: string;
  if (source) {
    const head = source.length > leadSourceMaxLength ? source.slice(0, leadSourceMaxLength).replace(/<[^>]*$/, '') : source;
    text = htmlToPlainText(head);
  } else {
    // Plain text by the format (JSON Feed's content_text), but tag-shaped text goes as in a plain title: some
    // readers render a summary as HTML, and a source's "<script>" must not reach them as markup.
    text = collapseWhitespace(stripTagsFromText((raw.contentText ?? '').slice(0, leadSourceMaxLength)));
  }
  return truncatePlainText(text, summaryMaxLength);
}

/** Plain text made well-formed and visible (entities are decoded by now); whitespace collapsed again where a character went. */
function wellFormedPlainText(text: string): string {
  const wellFormed = visibleText(wellFormedText(text));
  return wellFormed === text ? text : collapseWhitespace(wellFormed);
}

/**
 * The date as ISO UTC, or null when it lies in the future beyond the skew tolerance (a wrong clock or
 * time zone): the item is then dated when first seen. The fetch stands in for first sight here; the
 * store judges a known item against its own first sight, so its date never changes later. Clamped to
 * the fetch time instead, the date moved with every poll that changed the feed's body, and each time the
 * item counted as updated and its story was re-dated in the published feeds.
 */
function unlessFuture(ms: number | null, fetchedAtMs: number): string | null {
  if (ms === null || isAfterFirstSight(ms, fetchedAtMs)) return null;
  return new Date(ms).toISOString();
}

/**
 * Enclosures kept per item: the first 50 distinct ones publishing can use, and beside them the first 50
 * it leaves out (media:content images without a media type), so that dozens of thumbnails ahead of the
 * audio do not push the audio out. First in the order the reader hands them over, which is not document
 * order where the kinds interleave: an RSS item's <enclosure>s, then its media:content; an Atom entry's
 * enclosure links, then its media. (URLs that are not http(s) are never kept.) Publishing uses at most
 * 10; an item with 100,000 took seconds and a 7.5 MB row.
 */
const maxEnclosures = 50;

function readEnclosures(raw: RawItem, base: string | null, xmlBases: ScopeBases | null): Enclosure[] {
  if (raw.enclosures.length === 0) return [];
  const seen = new Set<string>();
  const enclosures: Enclosure[] = [];
  let usable = 0;
  let leftOut = 0;
  for (const e of raw.enclosures) {
    if (usable === maxEnclosures) break;
    const medium = wellFormedOrNull(clean(e.medium ?? null))?.toLowerCase();
    const type = wellFormedOrNull(clean(e.type));
    // The rule of publish/published-enclosures.ts: a typeless image would go out as a download.
    const publishable = medium !== 'image' || mediaType(type) !== null;
    if (!publishable && leftOut === maxEnclosures) continue;
    const url = resolveUrl(clean(e.url), baseOfUrl(xmlBases?.urls, e.url, base));
    if (!url || seen.has(url)) continue;
    seen.add(url);
    if (publishable) usable++;
    else leftOut++;
    const length = typeof e.length === 'number' ? e.length : e.length ? Number(e.length.trim()) : NaN;
    const durationSeconds = itunesDurationSeconds(e.duration);
    enclosures.push({
      url,
      type,
      length: Number.isSafeInteger(length) && length >= 0 ? length : null,
      ...(medium ? { medium } : {}),
      ...(durationSeconds !== null ? { durationSeconds } : {}),
    });
  }
  return enclosures;
}

const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const periodMinutes: Record<string, number> = { hourly: 60, daily: 1440, weekly: 10080, monthly: 43200, yearly: 525600 };

function readHints(raw: RawFeed): PublisherHints {
  const ttl = raw.ttl ? Number(raw.ttl.trim()) : NaN;
  const skipHours = [
    ...new Set(
      raw.skipHours
        .map((h) => Number(h.trim()))
        // RSS 2.0 says 0–23; some publishers write 24 for midnight.
        .filter((h) => Number.isInteger(h) && h >= 0 && h <= 24)
        .map((h) => h % 24),
    ),
  ].sort((a, b) => a - b);
  const skipDays = [
    ...new Set(
      raw.skipDays.map((d) => dayNames.find((name) => name.toLowerCase() === d.trim().toLowerCase())).filter((d): d is string => !!d),
    ),
  ];
  // sy:updatePeriod (default daily) divided by sy:updateFrequency (default 1), RSS 1.0 Syndication module.
  let updateIntervalMinutes: number | null = null;
  if (raw.updatePeriod || raw.updateFrequency) {
    const period = periodMinutes[(raw.updatePeriod ?? 'daily').trim().toLowerCase()];
    const frequency = raw.updateFrequency ? Number(raw.updateFrequency.trim()) : 1;
    if (period && Number.isFinite(frequency) && frequency > 0) updateIntervalMinutes = Math.max(1, Math.round(period / frequency));
  }
  return {
    ttlMinutes: Number.isInteger(ttl) && ttl > 0 ? ttl : null,
    skipHours,
    skipDays,
    updateIntervalMinutes,
  };
}

/** "de-DE", "de_de", " DE " → "de-DE" / "de" (BCP 47 casing); junk → null. */
function normaliseLanguage(language: string | null): string | null {
  const value = language?.trim().replace(/_/g, '-');
  if (!value || !isLanguageTag(value)) return null;
  const [primary, ...rest] = value.split('-');
  return [primary!.toLowerCase(), ...rest.map((part) => (part.length === 2 ? part.toUpperCase() : part.toLowerCase()))].join('-');
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** True when the string has a non-whitespace character; unlike trim(), allocates nothing. */
function hasText(value: string | null): value is string {
  return value !== null && nonWhitespace.test(value);
}

// JavaScript's \s is exactly the set String#trim removes.
const nonWhitespace = /\S/;

function uniqueNonEmpty(values: string[]): string[] {
  if (values.length <= 1) return values.length === 1 && values[0] === '' ? [] : values;
  return [...new Set(values.filter((v) => v.length > 0))];
}

function fitsAnIndex(value: string): boolean {
  return value.length <= maxIndexedBytes / 4 || Buffer.byteLength(value, 'utf8') <= maxIndexedBytes;
}
