// XML Base (W3C XML Base §4.2; RFC 4287 §2; RFC 3986 §5.1): an element's xml:base is resolved against the
// base in scope at its parent, from the document's URL down, and every relative reference resolves against
// the base in scope where it is written. Neither reader library keeps an entry's own attributes, so one
// linear pass over the text the reader read records, per item/entry, the bases its links, enclosures and
// content need. Only documents that contain "xml:base" are scanned (parse-feed.ts).
import { decodeXML } from 'entities';
import { asciiLowerCase } from './ascii-lower-case.js';
import { resolveHttpUrl } from './find-feed-link.js';
import { attributeValue, readStartTag, type StartTag } from './read-start-tag.js';

/**
 * A URL as written (an href or url attribute, or a <link>'s text) on a link or enclosure element, with the
 * base an xml:base declares in scope there (null where none does: the URL resolves as without the scan).
 */
export interface ScopedUrl {
  value: string;
  base: string | null;
  /** Local name of the element it is written on: "link", "enclosure" or "content" (media:content). */
  element: string;
}

/**
 * The bases in one scope: the feed head (root and channel) or one item/entry. Each is the base a real
 * xml:base attribute (on the element or above it, up to the root) declares, resolved; null where no
 * xml:base is in scope, so that the text "xml:base" alone changes nothing (the document URL and the item
 * link stay the bases, as in a document the scan does not read).
 */
export interface ScopeBases {
  /** The base declared on the root, or on the item/entry element, its own xml:base included. */
  own: string | null;
  /**
   * The base declared on the first child element of each name, lower case as written ("content",
   * "content:encoded", "summary"): by name, not local name, so that a media:content is no Atom content.
   */
  children: Map<string, string | null>;
  /** URLs written on link and enclosure elements of the scope, in document order (at most maxUrlsPerScope). */
  urls: ScopedUrl[];
}

export interface XmlBases {
  feed: ScopeBases;
  /** One per item/entry the readers read: children of the root (Atom, RSS 1.0) or of its channel (RSS). */
  items: ScopeBases[];
  /**
   * True when items stand both under the root and in a channel: the readers do not list them in document
   * order (feed-parser puts a channel's items first), so the scan's cannot be paired with theirs by position.
   */
  itemsAtSeveralLevels: boolean;
}

// An item has a few links and enclosures; a hostile one with thousands costs no memory or lookup time.
const maxUrlsPerScope = 64;
// End tags are matched against this many open elements: a stray end tag costs a bounded search.
const maxEndTagSearch = 16;
const maxChildNames = 32;
// sitemaps.org caps URLs at 2,048 characters; normalise-feed.ts keeps no longer link either.
const maxBaseLength = 2_048;
const maxCachedBases = 1_000;

/**
 * A base in scope: the document's, or an xml:base as written over the base above it. It is resolved only
 * when an item, a child or a URL the scan records asks for it (settle): 500,000 elements with an xml:base
 * each under a 2,000-character root base parsed 2 KB of URL each (12 s) though none was asked for.
 * Numbered, so that the cache is keyed by the number, not by up to 2 KB of text.
 */
interface Base {
  id: number;
  parent: Base | null;
  written: string;
  /** Once settled: the URL in scope, and whether an xml:base set it (else it is the document's URL). */
  href?: string | null;
  declared?: boolean;
}

interface Open {
  name: string;
  base: Base;
}

const localName = (name: string): string => asciiLowerCase(name.slice(name.indexOf(':') + 1));

/**
 * The xml:base scopes of a feed document, resolved to absolute http(s) URLs. An xml:base that does not
 * resolve to one (javascript:, unparseable, relative with no base above it) is ignored: its element keeps
 * its parent's base, as the Universal Feed Parser does, so no unsafe scheme becomes a base.
 */
export function readXmlBases(xml: string, documentUrl: string | null): XmlBases {
  const documentBase: Base = {
    id: 0,
    parent: null,
    written: '',
    href: resolveHttpUrl(documentUrl, null)?.parsed.href ?? null,
    declared: false,
  };
  const result: XmlBases = { feed: { own: null, children: new Map(), urls: [] }, items: [], itemsAtSeveralLevels: false };
  const stack: Open[] = [];
  let item: ScopeBases | null = null;
  // Feeds repeat the same few bases on every entry: each (xml:base as written, parent base) pair is made once.
  const cache: BaseCache = { resolved: new Map(), nextId: 1 };
  const itemLevels = new Set<number>();
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
    const base = xmlBase ? baseFrom(xmlBase.value, parentBase, cache) : parentBase;
    const local = localName(tag.name);
    if (stack.length === 0) result.feed.own = declaredHref(base);
    if (!item && (local === 'item' || local === 'entry') && isHeadChild(stack)) {
      item = { own: declaredHref(base), children: new Map(), urls: [] };
      itemDepth = stack.length;
      itemLevels.add(stack.length);
      result.items.push(item);
    } else {
      const scope = item ? (stack.length === itemDepth + 1 ? item : null) : isHeadChild(stack) ? result.feed : null;
      const name = asciiLowerCase(tag.name);
      if (scope && !scope.children.has(name) && scope.children.size < maxChildNames) scope.children.set(name, declaredHref(base));
    }
    // Only link and enclosure elements: the same URL in an item's content is not its link (Blogger writes
    // the summary before the <link>).
    const urls = item ? item.urls : stack.length <= 2 ? result.feed.urls : null;
    if (urls && urls.length < maxUrlsPerScope) {
      const value =
        local === 'link'
          ? (attributeValue(tag, 'href')?.value ?? linkText(xml, tag))
          : local === 'enclosure' || local === 'content'
            ? attributeValue(tag, 'url')?.value
            : undefined;
      const url = value ? decoded(value).trim() : '';
      if (url) urls.push({ value: url, base: declaredHref(base), element: local });
    }
    if (!tag.selfClosing) stack.push({ name: tag.name, base });
    else if (item && stack.length === itemDepth) item = null;
  }
  result.itemsAtSeveralLevels = itemLevels.size > 1;
  return result;
}

/** RSS <link>…</link>: its text, or its one CDATA section's; '' for an empty or self-closed one. */
function linkText(xml: string, tag: StartTag): string {
  if (tag.selfClosing) return '';
  if (xml.startsWith('<![CDATA[', tag.end)) {
    const end = xml.indexOf(']]>', tag.end);
    return end < 0 ? '' : xml.slice(tag.end + 9, end);
  }
  const textEnd = xml.indexOf('<', tag.end);
  return xml.slice(tag.end, textEnd < 0 ? xml.length : textEnd);
}

interface BaseCache {
  /** By the parent base's id and the xml:base as written. */
  resolved: Map<string, Base>;
  nextId: number;
}

/** The base an xml:base as written makes of the base above it, settled when asked for; one per pair while the cache has room. */
function baseFrom(written: string, parent: Base, cache: BaseCache): Base {
  const key = `${parent.id} ${written}`;
  const known = cache.resolved.get(key);
  if (known !== undefined) return known;
  const base: Base = { id: cache.nextId++, parent, written };
  if (cache.resolved.size < maxCachedBases) cache.resolved.set(key, base);
  return base;
}

/** The URL an xml:base on the element or above it declares, null where none does (the document's URL is the base). */
function declaredHref(base: Base): string | null {
  settle(base);
  return base.declared ? (base.href ?? null) : null;
}

/**
 * Resolves `base` and the unsettled bases above it, from the top down (a loop, not recursion: 30,000
 * nested elements). An xml:base is resolved against the base above, serialised by the URL parser
 * ("http:///a.example/" is http://a.example/), not kept as written as links are; it is ignored (the base
 * above stays) when it is no http(s) URL or longer than maxBaseLength. Each "b/" nested in the last adds
 * to the base: unbounded, 30,000 nested elements made every resolution longer than the last (quadratic;
 * 9 s, then out of memory).
 */
function settle(base: Base): void {
  const unsettled: Base[] = [];
  for (let b: Base | null = base; b && b.href === undefined; b = b.parent) unsettled.push(b);
  for (let k = unsettled.length - 1; k >= 0; k--) {
    const b = unsettled[k]!;
    const above = b.parent!;
    const href = resolveHttpUrl(decoded(b.written), above.href ?? null)?.parsed.href;
    const declared = href !== undefined && href.length <= maxBaseLength;
    b.href = declared ? href : above.href;
    b.declared = declared || above.declared;
  }
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
