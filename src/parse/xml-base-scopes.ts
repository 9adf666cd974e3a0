// XML Base (W3C XML Base §4.2; RFC 4287 §2; RFC 3986 §5.1): an element's xml:base is resolved against the
// base in scope at its parent, from the document's URL down, and every relative reference resolves against
// the base in scope where it is written. Neither reader library keeps an entry's own attributes, so one
// linear pass over the text the reader read records, per item/entry, the bases its links, enclosures and
// content need. Only documents that contain "xml:base" are scanned (parse-feed.ts).
import { decodeXML } from 'entities';
import { resolveHttpUrl } from './find-feed-link.js';
import { attributeValue, readStartTag } from './read-start-tag.js';

/** A URL as written (an href, url or src attribute, or a <link>'s text) with the base in scope at its element. */
export interface ScopedUrl {
  value: string;
  base: string | null;
}

/** The bases in one scope: the feed head (root and channel) or one item/entry. */
export interface ScopeBases {
  /** The base in scope on the root, or on the item/entry element, its own xml:base included. */
  own: string | null;
  /**
   * The base in scope on the first child element of each name, lower case as written ("content",
   * "content:encoded", "summary"): by name, not local name, so that a media:content is no Atom content.
   */
  children: Map<string, string | null>;
  /** URLs written in the scope, in document order (at most maxUrlsPerScope). */
  urls: ScopedUrl[];
}

export interface XmlBases {
  feed: ScopeBases;
  /** One per item/entry the readers read: children of the root (Atom, RSS 1.0) or of its channel (RSS). */
  items: ScopeBases[];
}

// An item has a few links and enclosures; a hostile one with thousands costs no memory or lookup time.
const maxUrlsPerScope = 64;
// End tags are matched against this many open elements: a stray end tag costs a bounded search.
const maxEndTagSearch = 16;
const maxChildNames = 32;
// sitemaps.org caps URLs at 2,048 characters; normalise-feed.ts keeps no longer link either.
const maxBaseLength = 2_048;
const maxCachedBases = 1_000;

interface Open {
  name: string;
  base: string | null;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1).toLowerCase();

/**
 * The xml:base scopes of a feed document, resolved to absolute http(s) URLs. An xml:base that does not
 * resolve to one (javascript:, unparseable, relative with no base above it) is ignored: its element keeps
 * its parent's base, as the Universal Feed Parser does, so no unsafe scheme becomes a base.
 */
export function readXmlBases(xml: string, documentUrl: string | null): XmlBases {
  const documentBase = resolveHttpUrl(documentUrl, null)?.parsed.href ?? null;
  const result: XmlBases = { feed: { own: documentBase, children: new Map(), urls: [] }, items: [] };
  const stack: Open[] = [];
  let item: ScopeBases | null = null;
  // Feeds repeat the same few bases on every entry: each (base, parent) pair is resolved once.
  const resolved = new Map<string, string | null>();
  let itemDepth = 0;
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    const next = xml[lt + 1];
    if (next === '!' || next === '?') {
      const close = xml.startsWith('<!--', lt) ? '-->' : xml.startsWith('<![CDATA[', lt) ? ']]>' : next === '?' ? '?>' : '>';
      const end = xml.indexOf(close, lt + 2);
      if (end < 0) break;
      i = end + close.length;
      continue;
    }
    if (next === '/') {
      const gt = xml.indexOf('>', lt);
      if (gt < 0) break;
      const name = xml.slice(lt + 2, gt).trim();
      for (let depth = stack.length - 1; depth >= Math.max(0, stack.length - maxEndTagSearch); depth--) {
        if (stack[depth]!.name !== name) continue;
        stack.length = depth;
        if (item && depth <= itemDepth) item = null;
        break;
      }
      i = gt + 1;
      continue;
    }
    const tag = next && /[A-Za-z_]/.test(next) ? readStartTag(xml, lt) : null;
    if (!tag) {
      if (next && /[A-Za-z_]/.test(next)) break;
      i = lt + 1;
      continue;
    }
    i = tag.end;
    const parentBase = stack.length > 0 ? stack[stack.length - 1]!.base : documentBase;
    const xmlBase = attributeValue(tag, 'xml:base');
    const base = xmlBase ? baseFrom(decoded(xmlBase.value), parentBase, resolved) : parentBase;
    const local = localName(tag.name);
    if (stack.length === 0) result.feed.own = base;
    if (!item && (local === 'item' || local === 'entry') && isHeadChild(stack)) {
      item = { own: base, children: new Map(), urls: [] };
      itemDepth = stack.length;
      result.items.push(item);
    } else {
      const scope = item ? (stack.length === itemDepth + 1 ? item : null) : isHeadChild(stack) ? result.feed : null;
      const name = tag.name.toLowerCase();
      if (scope && !scope.children.has(name) && scope.children.size < maxChildNames) scope.children.set(name, base);
    }
    const urls = item ? item.urls : stack.length <= 2 ? result.feed.urls : null;
    if (urls && urls.length < maxUrlsPerScope) {
      for (const name of ['href', 'url', 'src']) {
        const value = attributeValue(tag, name);
        if (value?.value) urls.push({ value: decoded(value.value).trim(), base });
      }
      // RSS <link>…</link>: its text is the URL (a CDATA-wrapped one is left to the item's base).
      if (local === 'link' && !tag.selfClosing) {
        const textEnd = xml.indexOf('<', tag.end);
        const text = decoded(xml.slice(tag.end, textEnd < 0 ? xml.length : textEnd)).trim();
        if (text) urls.push({ value: text, base });
      }
    }
    if (!tag.selfClosing) stack.push({ name: tag.name, base });
    else if (item && stack.length === itemDepth) item = null;
  }
  return result;
}

/**
 * An xml:base resolved against the base in scope, serialised by the URL parser ("http:///a.example/" is
 * http://a.example/), not kept as written as links are; the parent's base when it is no http(s) URL or
 * longer than maxBaseLength. Each "b/" nested in the last adds to the base: unbounded, 30,000 nested
 * elements made every resolution longer than the last (quadratic; 9 s, then out of memory).
 */
function baseFrom(xmlBase: string, parentBase: string | null, cache: Map<string, string | null>): string | null {
  const key = `${parentBase ?? ''} ${xmlBase}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const href = resolveHttpUrl(xmlBase, parentBase)?.parsed.href;
  const base = href && href.length <= maxBaseLength ? href : parentBase;
  if (cache.size < maxCachedBases) cache.set(key, base);
  return base;
}

const decoded = (text: string): string => (text.includes('&') ? decodeXML(text) : text);

/** True when an element opened now is in the feed head: a child of the root, or of a channel under it (items are too). */
function isHeadChild(stack: Open[]): boolean {
  return stack.length === 1 || (stack.length === 2 && localName(stack[1]!.name) === 'channel');
}

/** The base in scope on the first child called one of `names` (lower case), else `fallback`. */
export function baseOfChild(scope: ScopeBases | null, names: readonly string[], fallback: string | null): string | null {
  for (const name of names) if (scope?.children.has(name)) return scope.children.get(name) ?? fallback;
  return fallback;
}

/** The base in scope where `value` is written in `urls`, else `fallback`. */
export function baseOfUrl(urls: readonly ScopedUrl[] | undefined, value: string | null, fallback: string | null): string | null {
  const wanted = value?.trim();
  if (!urls || !wanted) return fallback;
  for (const url of urls) if (url.value === wanted) return url.base ?? fallback;
  return fallback;
}
