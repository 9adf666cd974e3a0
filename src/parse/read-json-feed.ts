// JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1) read directly: it is plain JSON.
// JSON.parse keeps a "__proto__" key as an own property and we read only fixed member names with
// Object.hasOwn, so nothing in the document can reach a prototype.
import type { FeedFormat } from '../model.js';
import type { RawEnclosure, RawFeed, RawItem } from './raw-feed.js';

export interface JsonFeedResult {
  format: FeedFormat;
  feed: RawFeed;
}

/** Reads a parsed JSON value as a JSON Feed; null when it is JSON but not a JSON Feed. */
export function readJsonFeed(value: unknown): JsonFeedResult | null {
  if (!isObject(value)) return null;
  const version = stringMember(value, 'version') ?? '';
  const items = member(value, 'items');
  const looksLikeJsonFeed = version.startsWith('https://jsonfeed.org/version/') || version.startsWith('http://jsonfeed.org/version/');
  if (!looksLikeJsonFeed && !(Array.isArray(items) && stringMember(value, 'title') !== null)) return null;
  const format: FeedFormat = version.endsWith('/1') || version.endsWith('/1.0') ? 'json1.0' : 'json1.1';
  return {
    format,
    feed: {
      title: stringMember(value, 'title'),
      link: stringMember(value, 'home_page_url'),
      language: stringMember(value, 'language'),
      ttl: null,
      skipHours: [],
      skipDays: [],
      updatePeriod: null,
      updateFrequency: null,
      items: (Array.isArray(items) ? items : []).filter(isObject).map(readItem),
    },
  };
}

function readItem(item: Record<string, unknown>): RawItem {
  const id = member(item, 'id');
  const authors = member(item, 'authors');
  const author = Array.isArray(authors) && isObject(authors[0]) ? authors[0] : member(item, 'author');
  const tags = member(item, 'tags');
  const attachments = member(item, 'attachments');
  const enclosures: RawEnclosure[] = [];
  for (const a of Array.isArray(attachments) ? attachments : []) {
    if (!isObject(a)) continue;
    const url = stringMember(a, 'url');
    const size = member(a, 'size_in_bytes');
    const duration = member(a, 'duration_in_seconds');
    if (url)
      enclosures.push({
        url,
        type: stringMember(a, 'mime_type'),
        length: typeof size === 'number' ? size : null,
        ...(typeof duration === 'number' ? { duration: Math.round(duration) } : {}),
      });
  }
  return {
    // JSON Feed 1.0 allowed numeric ids; 1.1 says "string", but publishers still send numbers.
    guid: typeof id === 'string' ? id : typeof id === 'number' ? String(id) : null,
    title: stringMember(item, 'title'),
    titleIsPlainText: true,
    link: stringMember(item, 'url') ?? stringMember(item, 'external_url'),
    description: stringMember(item, 'summary'),
    contentHtml: stringMember(item, 'content_html'),
    contentText: stringMember(item, 'content_text'),
    author: isObject(author) ? stringMember(author, 'name') : null,
    categories: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    published: stringMember(item, 'date_published'),
    updated: stringMember(item, 'date_modified'),
    enclosures,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function member(object: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

function stringMember(object: Record<string, unknown>, name: string): string | null {
  const value = member(object, name);
  return typeof value === 'string' ? value : null;
}
