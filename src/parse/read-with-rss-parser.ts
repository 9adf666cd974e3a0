// The one seam to rss-parser (RSS 0.9x/1.0/2.0, Atom): its output is translated into RawFeed here and
// nowhere else sees it. Only parseString is used: fetching is the fetch stage's job (STACK.md).
// rss-parser builds on xml2js, which keeps element names in prototype-less objects; we read only the
// fixed names below from them, so an element called __proto__ or constructor is just ignored.
import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import type { RawEnclosure, RawFeed, RawItem } from './raw-feed.js';

/**
 * rss-parser does work for fields we never read, a fifth of its time on news feeds (bench/):
 * - `contentSnippet` for every description, content:encoded and Atom content: two backtracking
 *   regexes and an entity decode per item (we make our own lead, bounded, in normalise-feed.ts);
 * - `isoDate` through `new Date()` (we read the raw date strings with parse-feed-date.ts).
 * The date goes by overriding its method. The snippet function is a module-level helper that its
 * item builders call directly, so it is swapped for the duration of our own parseString call only:
 * rss-parser builds the whole result synchronously inside parseString (xml2js in sync mode), and
 * the original is back before any other code runs. Output we read is unchanged; should a future
 * version build asynchronously, the swap merely stops saving time.
 */
const rssParserUtils = createRequire(import.meta.url)('rss-parser/lib/utils.js') as { getSnippet?: (html: string) => string };
const originalGetSnippet = rssParserUtils.getSnippet;
const noSnippet = (): string => '';

// rss-parser's builders (lib/parser.js), which its type declarations leave out.
type XmlNode = Record<string, unknown[] | undefined>;
interface RssBuilders {
  buildRSS(channel: XmlNode | undefined, items: unknown[]): unknown;
}

class LeanRssParser extends Parser {
  /** rss-parser's own ISO date (unused: parse-feed-date.ts reads the raw strings). */
  setISODate(): void {}

  /**
   * RSS 1.0 (§5.5) puts each <item> beside the <channel>, and rss-parser reads only those; publishers also
   * write them inside it (a common mistake), and then it read none. The Universal Feed Parser and the
   * tolerant reader read both: so do we, those inside the channel first (the channel comes first in RSS 1.0).
   */
  buildRSS1(xmlObj: Record<string, XmlNode>): unknown {
    const rdf = xmlObj['rdf:RDF']!;
    const channel = rdf['channel']?.[0] as XmlNode | undefined;
    const items = [...(channel?.['item'] ?? []), ...(rdf['item'] ?? [])];
    return (this as unknown as RssBuilders).buildRSS(channel, items);
  }
}

function parseWithoutSnippets(parser: Parser, xml: string): Promise<unknown> {
  if (typeof originalGetSnippet !== 'function') return parser.parseString(xml);
  rssParserUtils.getSnippet = noSnippet;
  try {
    return parser.parseString(xml);
  } finally {
    rssParserUtils.getSnippet = originalGetSnippet;
  }
}

const keep = { keepArray: true } as const;

/**
 * rss-parser matches prefixed names literally ("atom:link"), but the Atom namespace is bound to other
 * prefixes in real RSS feeds (.NET's SyndicationFeed writes "a10:link"). One parser per prefix seen.
 */
function makeParser(atomPrefix: string): Parser {
  return new LeanRssParser({
    // A <rss> without a version attribute is read as RSS 2.0 (what every reader does).
    defaultRSS: 2,
    customFields: {
      feed: [
        ['dc:language', 'dcLanguage'],
        ['sy:updatePeriod', 'syUpdatePeriod'],
        ['sy:updateFrequency', 'syUpdateFrequency'],
        ['link', 'allLinks', keep],
        ['tagline', 'tagline'],
      ] as unknown as string[],
      item: [
        ['link', 'allLinks', keep],
        ['category', 'allCategories', keep],
        ['dc:subject', 'dcSubjects', keep],
        ['enclosure', 'allEnclosures', keep],
        ['media:content', 'mediaContents', keep],
        ['media:group', 'mediaGroups', keep],
        ['author', 'allAuthors', keep],
        ['title', 'rawTitle', keep],
        ['published', 'atomPublished'],
        ['updated', 'atomUpdated'],
        ['issued', 'atomIssued'],
        ['modified', 'atomModified'],
        ['created', 'atomCreated'],
        ['content', 'rawContent', keep],
        ['guid', 'rawGuid', keep],
        ['media:title', 'mediaTitle'],
        ['itunes:duration', 'itunesDuration'],
        [`${atomPrefix}:link`, 'atomLinks', keep],
        [`${atomPrefix}:published`, 'atomNsPublished'],
        [`${atomPrefix}:updated`, 'atomNsUpdated'],
        ['dcterms:issued', 'dctermsIssued'],
        ['dcterms:created', 'dctermsCreated'],
        ['dcterms:modified', 'dctermsModified'],
      ] as unknown as string[],
    },
  });
}

const parsers = new Map<string, Parser>();

function parserFor(atomPrefix: string): Parser {
  let parser = parsers.get(atomPrefix);
  if (!parser) {
    // The prefix comes from the document: bound the cache so odd feeds cannot grow it.
    if (parsers.size >= 16) return parserFor('atom');
    parser = makeParser(atomPrefix);
    parsers.set(atomPrefix, parser);
  }
  return parser;
}

/**
 * One parse on a cached parser. A parser whose parse failed is dropped: xml2js goes on reading the
 * broken document after reporting its first error, and a later error in it lands on the parser's
 * next, fresh state (errThrown), so the NEXT failing document on that parser never called back and
 * a poll reading two broken feeds in a row hung for ever. A fresh parser reports its first error.
 * xml2js runs in sync mode, so the result has settled once parseString returns; should it not have
 * by the next turn of the event loop, the parser is stuck and the read fails instead of waiting.
 */
async function parseOnce(prefix: string, xml: string): Promise<unknown> {
  const parser = parserFor(prefix);
  let stuck: NodeJS.Immediate | undefined;
  try {
    return await Promise.race([
      parseWithoutSnippets(parser, xml),
      new Promise<never>((_, reject) => {
        stuck = setImmediate(() => reject(new Error('rss-parser did not finish reading the document')));
      }),
    ]);
  } catch (error) {
    for (const [key, cached] of parsers) if (cached === parser) parsers.delete(key);
    throw error;
  } finally {
    clearImmediate(stuck);
  }
}

/** Parses an RSS or Atom document with rss-parser into a RawFeed; rejects on anything it cannot read. */
export async function readWithRssParser(xml: string, isAtom: boolean, atomPrefix = 'atom'): Promise<RawFeed> {
  const prefix = /^[A-Za-z_][\w.-]{0,31}$/.test(atomPrefix) ? atomPrefix : 'atom';
  const parsed = (await parseOnce(prefix, xml)) as Record<string, unknown>;
  const items = Array.isArray(parsed['items']) ? (parsed['items'] as Record<string, unknown>[]) : [];
  return {
    title: textOf(parsed['title']),
    link: isAtom ? atomLink(parsed['allLinks']) : textOf(parsed['link']),
    language: textOf(parsed['language']) ?? textOf(parsed['dcLanguage']),
    ttl: textOf(parsed['ttl']),
    skipHours: childTexts(parsed['skipHours'], 'hour'),
    skipDays: childTexts(parsed['skipDays'], 'day'),
    updatePeriod: textOf(parsed['syUpdatePeriod']),
    updateFrequency: textOf(parsed['syUpdateFrequency']),
    items: items.map((item) => (isAtom ? atomItem(item) : rssItem(item))),
  };
}

function rssItem(item: Record<string, unknown>): RawItem {
  const enclosures: RawEnclosure[] = [];
  for (const e of arrayOf(item['allEnclosures'])) pushEnclosure(enclosures, attributesOf(e), 'url', 'type', 'length');
  // itunes:duration is the episode's: it belongs to the item's own (first) <enclosure>, not to a media:content.
  const duration = textOf(item['itunesDuration']);
  if (enclosures[0] && duration !== null) enclosures[0].duration = duration;
  mediaEnclosures(item, enclosures);
  const categories = [...arrayOf(item['allCategories']), ...arrayOf(item['dcSubjects'])].map(textOf).filter((c): c is string => c !== null);
  const guidNode = first(item['rawGuid']);
  const guid = textOf(guidNode);
  // RSS 2.0: a guid is a permalink unless isPermaLink="false"; readers use it when <link> is missing.
  const guidIsPermaLink = attributesOf(guidNode)?.get('isPermaLink')?.trim().toLowerCase() !== 'false';
  return {
    guid,
    title: titleOf(item['rawTitle']) ?? textOf(item['title']) ?? textOf(item['mediaTitle']),
    titleIsPlainText: false,
    link:
      textOf(item['link']) ??
      attributesOf(first(item['allLinks']))?.get('href') ??
      // Some RSS feeds give an item only <atom:link href="…"/> (miniflux's TestParseEntryWithAtomLink).
      atomLink(item['atomLinks']) ??
      (guidIsPermaLink && guid && /^\s*https?:\/\//i.test(guid) ? guid : null),
    description: textOf(item['content']),
    contentHtml: textOf(item['content:encoded']),
    contentText: null,
    author: textOf(item['creator']) ?? textOf(item['author']),
    categories,
    published:
      textOf(item['pubDate']) ??
      textOf(item['date']) ??
      textOf(item['atomNsPublished']) ??
      textOf(item['dctermsIssued']) ??
      textOf(item['dctermsCreated']) ??
      textOf(item['atomPublished']),
    updated: textOf(item['atomNsUpdated']) ?? textOf(item['atomUpdated']) ?? textOf(item['dctermsModified']),
    enclosures,
  };
}

function atomItem(item: Record<string, unknown>): RawItem {
  const enclosures: RawEnclosure[] = [];
  for (const link of arrayOf(item['allLinks'])) {
    const a = attributesOf(link);
    if (a?.get('rel') === 'enclosure') pushEnclosure(enclosures, a, 'href', 'type', 'length');
  }
  mediaEnclosures(item, enclosures);
  const categories = arrayOf(item['allCategories'])
    .map((c) => {
      const a = attributesOf(c);
      return a?.get('label') ?? a?.get('term') ?? textOf(c);
    })
    .filter((c): c is string => !!c);
  const authorNode = first(item['allAuthors']);
  const content = first(item['rawContent']);
  const id = textOf(item['id']);
  return {
    guid: id,
    title: titleOf(item['rawTitle']) ?? textOf(item['title']) ?? textOf(item['mediaTitle']),
    // Atom says type="text" is plain, but publishers double-escape and put markup there all the
    // same; every reader (feedparser too) treats titles as HTML, and so do we.
    titleIsPlainText: false,
    // No alternate link: an http(s) id is the permalink in practice (feedparser does the same).
    link: atomLink(item['allLinks']) ?? (id && /^\s*https?:\/\//i.test(id) ? id : null),
    description: textOf(item['summary']),
    contentHtml: content === undefined ? null : textOf(item['content']),
    contentText: null,
    author: textOf(childOf(authorNode, 'name')) ?? textOf(item['author']),
    categories,
    // Raw strings, not rss-parser's pubDate: our own date reader knows more forms.
    published: textOf(item['atomPublished']) ?? textOf(item['atomIssued']) ?? textOf(item['atomCreated']),
    updated: textOf(item['atomUpdated']) ?? textOf(item['atomModified']),
    enclosures,
  };
}

/** RFC 4287 §4.2.7.2: a link without rel is rel="alternate"; prefer text/html among alternates. */
function atomLink(links: unknown): string | null {
  let fallback: string | null = null;
  for (const link of arrayOf(links)) {
    const a = attributesOf(link) ?? noAttributes;
    // <link>http://…</link> without href is not Atom, but publishers write it (feedparser reads it too).
    const href = a.get('href') ?? textOf(link)?.trim();
    if (!href) continue;
    const rel = a.get('rel') ?? 'alternate';
    if (rel !== 'alternate') continue;
    const type = a.get('type');
    if (!type || type.includes('html')) return href;
    fallback ??= href;
  }
  return fallback;
}

function mediaEnclosures(item: Record<string, unknown>, enclosures: RawEnclosure[]): void {
  const contents = [...arrayOf(item['mediaContents'])];
  for (const group of arrayOf(item['mediaGroups'])) contents.push(...arrayOf(childOf(group, 'media:content', true)));
  // `medium` says what a typeless media:content is: publishing leaves typeless images out.
  for (const c of contents) pushEnclosure(enclosures, attributesOf(c), 'url', 'type', 'fileSize', 'medium');
}

function pushEnclosure(
  list: RawEnclosure[],
  a: Attributes | null,
  urlKey: string,
  typeKey: string,
  lengthKey: string,
  mediumKey?: string,
): void {
  const url = a?.get(urlKey);
  if (!a || !url) return;
  const medium = mediumKey ? a.get(mediumKey) : undefined;
  list.push({ url, type: a.get(typeKey) ?? null, length: a.get(lengthKey) ?? null, ...(medium ? { medium } : {}) });
}

/** A title element's text: markup inside (xhtml, naked tags) flattened, Atom 0.3 mode="base64" decoded. */
function titleOf(nodes: unknown): string | null {
  const node = first(nodes);
  if (node === undefined || node === null) return null;
  const text = deepText(node);
  if (attributesOf(node)?.get('mode') === 'base64') {
    try {
      return Buffer.from(text.trim(), 'base64').toString('utf8');
    } catch {
      return text;
    }
  }
  return text;
}

/** All text inside an xml2js node. xml2js loses the order of text and child elements; fine for a title. */
function deepText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(deepText).join(' ');
  if (!node || typeof node !== 'object') return '';
  let text = '';
  for (const [key, value] of Object.entries(node)) {
    // Attributes, and script/style bodies, are not title text.
    if (key === '$' || key === 'script' || key === 'style') continue;
    text += key === '_' ? String(value) : ` ${deepText(value)}`;
  }
  return text;
}

// xml2js shapes: "text" | { _: "text", $: {attributes} } | { child: [...] } — read defensively.

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const inner = (value as Record<string, unknown>)['_'];
    if (typeof inner === 'string') return inner;
  }
  if (Array.isArray(value)) return textOf(value[0]);
  return null;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function childOf(node: unknown, name: string, all = false): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  if (!Object.hasOwn(node, name)) return undefined;
  const child = (node as Record<string, unknown>)[name];
  return all ? child : first(child);
}

function childTexts(node: unknown, name: string): string[] {
  return arrayOf(childOf(node, name, true))
    .map(textOf)
    .filter((t): t is string => t !== null);
}

/**
 * A read-only view of an xml2js node's attributes. No copy: items are read by a handful of fixed
 * attribute names each, and copying every attribute of every link, guid and category into a Map
 * was a tenth of this adapter's time. Untrusted names stay keys of xml2js's prototype-less object.
 */
class Attributes {
  constructor(private readonly values: object) {}

  get(name: string): string | undefined {
    if (!Object.hasOwn(this.values, name)) return undefined;
    const value = (this.values as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  }
}

const noAttributes = new Attributes(Object.create(null) as object);

function attributesOf(node: unknown): Attributes | null {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return null;
  if (!Object.hasOwn(node, '$')) return null;
  const attributes = (node as Record<string, unknown>)['$'];
  if (!attributes || typeof attributes !== 'object') return null;
  return new Attributes(attributes);
}
