// The one seam to @rowanmanning/feed-parser, the second reader: it tolerates what makes rss-parser
// reject a whole feed (one bad Atom date → "Invalid time value", a bare "&", prefixed roots).
// Its output is translated into RawFeed here. Element names are looked up by fixed lower-case local
// names only, so untrusted element names never become keys we read.
import { parseFeed as parseWithFeedParser } from '@rowanmanning/feed-parser';
import type { RawEnclosure, RawFeed, RawItem } from './raw-feed.js';
import { readStartTag } from './read-start-tag.js';

type Feed = ReturnType<typeof parseWithFeedParser>;
type Item = Feed['items'][number];
type Element = Feed['element'];

/** Parses an RSS or Atom document with @rowanmanning/feed-parser into a RawFeed; throws when it cannot. */
export function readWithFeedParser(xml: string): RawFeed {
  const feed = parseWithFeedParser(namesWithoutKelvinSign(xml));
  // An item without authors or categories of its own gets the feed's, which the library reads afresh,
  // scanning every child of the channel, for each item: quadratic, 4,000 items took 26 s. Read once.
  for (const name of ['authors', 'categories'] as const) Object.defineProperty(feed, name, { value: feed[name] });
  const channel = feed.element;
  return {
    title: feed.title,
    link: feed.url,
    language: feed.language,
    ttl: childText(channel, 'ttl'),
    skipHours: grandchildTexts(channel, 'skiphours', 'hour'),
    skipDays: grandchildTexts(channel, 'skipdays', 'day'),
    updatePeriod: childText(channel, 'updateperiod'),
    updateFrequency: childText(channel, 'updatefrequency'),
    items: feed.items.map(readItem),
  };
}

function readItem(item: Item): RawItem {
  const element = item.element;
  const enclosures: RawEnclosure[] = item.media.map((m) => ({ url: m.url, type: m.mimeType ?? null, length: m.length }));
  const description = item.description;
  const content = item.content;
  const titleElement = element.findElementWithName('title');
  const titleType = titleElement?.getAttribute('type');
  return {
    guid: item.id,
    title: titleType === 'xhtml' && titleElement ? xhtmlText(titleElement) || null : item.title,
    titleIsPlainText: titleType === 'text',
    // Not item.url: the library resolves it against feed.url, which rescans the whole channel for
    // every item (quadratic: 8 s for a 5 MB feed). Relative links are resolved in normalise-feed.ts.
    link: linkOf(element) ?? permalinkFromId(item),
    description,
    // The library falls back to the description when there is no content; keep them apart.
    contentHtml: content && content !== description ? content : null,
    contentText: null,
    author: item.authors[0]?.name ?? null,
    categories: item.categories.map((c) => c.label ?? c.term).filter((c): c is string => !!c),
    // Raw date strings so our own date reader decides (it knows more zones); the library's Date last.
    published:
      childText(element, 'pubdate') ??
      childText(element, 'published') ??
      childText(element, 'issued') ??
      childText(element, 'date') ??
      childText(element, 'created') ??
      item.published?.toISOString() ??
      null,
    // Not item.updated: the library falls back to the published date, and rss-parser's path does not.
    updated: childText(element, 'updated') ?? childText(element, 'modified') ?? null,
    enclosures,
  };
}

/**
 * The text of an Atom type="xhtml" construct without the bodies of script and style elements: the
 * library's text joins every text node, so `<div>Titel <script>alert(1)</script></div>` became the
 * title "Titel alert(1)". Entities stay encoded; normalising the title decodes them (normalise-feed.ts).
 */
function xhtmlText(element: Element): string {
  return element.children
    .map((child) => (typeof child === 'string' ? child : child.name === 'script' || child.name === 'style' ? ' ' : xhtmlText(child)))
    .join('')
    .trim();
}

/** RSS <link>text</link>, or the Atom alternate <link href>, preferring text/html. */
function linkOf(element: Element): string | null {
  let fallback: string | null = null;
  for (const link of element.findElementsWithName('link')) {
    const text = link.textContent.trim();
    if (text) return text;
    const href = link.getAttribute('href')?.trim();
    const rel = link.getAttribute('rel') ?? 'alternate';
    if (!href || rel !== 'alternate') continue;
    const type = link.getAttribute('type');
    if (!type || type.includes('html')) return href;
    fallback ??= href;
  }
  return fallback;
}

/** An http(s) guid/id is the permalink when no link is given (RSS 2.0 isPermaLink; Atom in practice). */
function permalinkFromId(item: Item): string | null {
  const id = item.id;
  if (!id || !/^\s*https?:\/\//i.test(id)) return null;
  const guid = item.element.findElementWithName('guid');
  // The library keeps attribute names lower-cased: "isPermaLink" is "ispermalink".
  return guid?.getAttribute('ispermalink')?.trim().toLowerCase() === 'false' ? null : id;
}

function childText(element: Element, name: string): string | null {
  const text = element.findElementWithName(name)?.textContent.trim();
  return text ? text : null;
}

function grandchildTexts(element: Element, name: string, childName: string): string[] {
  const parent = element.findElementWithName(name);
  if (!parent) return [];
  return parent.findElementsWithName(childName).map((e) => e.textContent.trim());
}

const kelvinSign = '\u212a';

/**
 * `xml` with "x-" before the local part of every element and attribute name that holds a KELVIN SIGN
 * (U+212A): the library compares names lower-cased with toLowerCase, which folds that sign to "k", so
 * "<lin\u212a>" was read as <link>. Names compare ASCII-case-insensitively (ascii-lower-case.ts), and
 * U+212A is the one character that toLowerCase turns into an ASCII letter alone (U+0130 becomes "i" and a
 * combining dot, no ASCII name). Text, CDATA sections, comments and attribute values stay as they are;
 * start and end tags are renamed alike. One pass, only over documents that hold the sign.
 */
function namesWithoutKelvinSign(xml: string): string {
  if (!xml.includes(kelvinSign)) return xml;
  const inserts: number[] = [];
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    const section = xml.startsWith('<!--', lt) ? '-->' : xml.startsWith('<![CDATA[', lt) ? ']]>' : null;
    if (section !== null) {
      const end = xml.indexOf(section, lt + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    const isEndTag = xml[lt + 1] === '/';
    const nameFrom = isEndTag ? lt + 2 : lt + 1;
    if (!/[^\s<>/!?]/.test(xml[nameFrom] ?? '')) {
      i = lt + 1;
      continue;
    }
    if (isEndTag) {
      let nameEnd = nameFrom;
      while (nameEnd < xml.length && !/[\s<>/]/.test(xml[nameEnd]!)) nameEnd++;
      const name = xml.slice(nameFrom, nameEnd);
      if (name.includes(kelvinSign)) inserts.push(nameFrom + name.indexOf(':') + 1);
      i = nameEnd;
      continue;
    }
    const tag = readStartTag(xml, lt);
    if (!tag) break;
    if (tag.name.includes(kelvinSign)) inserts.push(nameFrom + tag.name.indexOf(':') + 1);
    for (const attribute of tag.attributes) {
      if (attribute.name.includes(kelvinSign)) inserts.push(attribute.nameStart + attribute.name.indexOf(':') + 1);
    }
    i = tag.end;
  }
  if (inserts.length === 0) return xml;
  const parts: string[] = [];
  let copied = 0;
  for (const at of inserts) {
    parts.push(xml.slice(copied, at), 'x-');
    copied = at;
  }
  parts.push(xml.slice(copied));
  return parts.join('');
}
