// The PARSE stage: bytes in, one normalised ParsedFeed out. Decode (decode-feed-bytes.ts) → sniff the
// content (sniff-document.ts; never the file name or media type) → read with a library or as JSON Feed
// → normalise (normalise-feed.ts). The CLI's `parse` command and the poll cycle both call this.
import { decodeHTMLStrict, decodeXML } from 'entities';
import type { ParsedFeed } from '../model.js';
import { closeCutOffJsonFeed, type JsonCutOff } from './close-cut-off-json-feed.js';
import { decodeFeedBytes } from './decode-feed-bytes.js';
import { escapeOpenDeclarations } from './escape-open-declarations.js';
import { endTagPadding, escapeHtmlInTextElements, escapeStrayLessThan } from './escape-stray-less-than.js';
import { findFeedLink, resolveUrl } from './find-feed-link.js';
import { normaliseFeed } from './normalise-feed.js';
import type { RawFeed } from './raw-feed.js';
import { readJsonFeed } from './read-json-feed.js';
import { readWithFeedParser } from './read-with-feed-parser.js';
import { readWithRssParser } from './read-with-rss-parser.js';
import { commentEnd, processingInstructionEnd } from './sax-markup.js';
import { endOfDoctype, sniffDocument } from './sniff-document.js';
import { unprefixedAtomElements } from './unprefixed-atom-elements.js';
import { readXmlBases } from './xml-base-scopes.js';

export type ParseErrorCode = 'NOT_A_FEED' | 'INVALID_FEED' | 'EMPTY_DOCUMENT';

/** A document that yields no feed; `code` is stable, `feedUrl` is the feed an HTML page links, if any. */
export class ParseError extends Error {
  readonly code: ParseErrorCode;
  readonly feedUrl: string | null;

  constructor(code: ParseErrorCode, message: string, options: { cause?: unknown; feedUrl?: string | null } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ParseError';
    this.code = code;
    this.feedUrl = options.feedUrl ?? null;
  }
}

export interface ParseFeedOptions {
  contentType?: string | null;
  /** The URL the body came from (after redirects); relative links resolve against it. */
  url?: string | null;
  /** When the body was fetched (ISO UTC): "now" for clamping future dates. */
  fetchedAt: string;
}

/** Decodes, reads and normalises one feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1). */
export async function parseFeed(body: Uint8Array, options: ParseFeedOptions): Promise<ParsedFeed> {
  const { text } = decodeFeedBytes(body, options.contentType ?? null);
  const documentUrl = options.url ?? null;
  let document = text;
  let sniffed = sniffDocument(document);
  if (sniffed.kind === 'unknown' || sniffed.kind === 'html') {
    // Junk before the XML (a PHP warning like "<br /><b>Warning</b>: …", stray bytes): start at the
    // first feed root instead, but only when what follows really is a feed.
    const start = document.slice(0, 8192).search(/<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>]/);
    if (start > 0) {
      const rest = document.slice(start);
      const restSniffed = sniffDocument(rest);
      if (restSniffed.kind === 'xml-feed') {
        document = rest;
        sniffed = restSniffed;
      }
    }
  }
  switch (sniffed.kind) {
    case 'empty':
      throw new ParseError('EMPTY_DOCUMENT', 'empty document');
    case 'json':
      return parseJsonFeed(document, documentUrl, options.fetchedAt);
    case 'html': {
      const feedUrl = findFeedLink(document, documentUrl);
      const message = feedUrl ? `not a feed (HTML page; it links the feed ${feedUrl})` : 'not a feed (HTML page)';
      throw new ParseError('NOT_A_FEED', message, { feedUrl });
    }
    case 'other-xml':
      if (/^(?:atom:)?entry$/i.test(sniffed.rootName)) return parseAtomEntryDocument(document, documentUrl, options.fetchedAt);
      throw new ParseError('NOT_A_FEED', `not a feed (XML with root <${rootNameText(sniffed.rootName)}>, not <rss>, <feed> or <rdf:RDF>)`);
    case 'unknown':
      throw new ParseError('NOT_A_FEED', 'not a feed (neither XML nor JSON)');
    case 'xml-feed': {
      const isAtom = sniffed.format.startsWith('atom');
      // A download cut short (a proxy's size limit, a server that closes early) lacks the root's end
      // tag. It is read up to its last whole entry: the entry it was cut off in, half read (an empty
      // title, a lead cut mid-sentence), would overwrite the stored whole one. The feed says so in
      // `warning`, so that the operator sees the source sends less than a whole feed.
      const cut = closesRoot(document, sniffed.rootName) ? null : cutOffPoint(document);
      const readable = cut ? closeCutOffXml(document.slice(0, cut.end), sniffed.rootName) : document;
      const raw = await readXmlFeed(prepareXml(readable), isAtom, sniffed.format, atomPrefixOf(sniffed.rootAttributes), documentUrl);
      // A root xml:base (RFC 4287 §2, XML Base) is the base of every relative link outside an element
      // with an xml:base of its own (those are in raw.xmlBases).
      const xmlBase = sniffed.rootAttributes.get('xml:base');
      const feed = normaliseFeed(raw, {
        format: sniffed.format,
        documentUrl: xmlBase ? (resolveUrl(decodeXML(xmlBase), documentUrl) ?? documentUrl) : documentUrl,
        rootLanguage: sniffed.rootAttributes.get('xml:lang') ?? null,
        fetchedAt: options.fetchedAt,
      });
      const ends = cut?.insideEntry ? insideNextItem : `before its closing </${rootNameText(sniffed.rootName)}>`;
      return cut ? { ...feed, warning: cutOffWarning(feed.items.length, ends) } : feed;
    }
  }
}

/**
 * The root element's name as a message quotes it. It comes from the document, and the message is stored
 * and logged as one line: at most 32 characters ("…" after a longer one, such as a prefix of thousands),
 * anything but XML name characters (the sniffer admits none today) written as a \u escape.
 */
function rootNameText(rootName: string): string {
  const escaped = (text: string): string => text.replace(/[^\w.:-]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return rootName.length > 32 ? `${escaped(rootName.slice(0, 31))}…` : escaped(rootName);
}

const insideNextItem = 'inside the next item, which is left out';

/** The warning of a feed whose document ends early; `ends` says where ("inside the next item, …"). */
function cutOffWarning(completeItems: number, ends: string): string {
  return `feed cut off after ${completeItems} complete item${completeItems === 1 ? '' : 's'} (the document ends ${ends})`;
}

/**
 * Where the readable part of a cut-off document ends: where the entry it was cut off in begins, else
 * before a tag cut in half ("</chan"), which makes even the tolerant reader reject the whole document.
 */
export function cutOffPoint(xml: string): { end: number; insideEntry: boolean } {
  const last = lastEntryTag(xml);
  if (last && last[1] === '' && !last[0].endsWith('/>')) return { end: last.index, insideEntry: true };
  const lastOpen = xml.lastIndexOf('<');
  return { end: lastOpen > xml.lastIndexOf('>') ? lastOpen : xml.length, insideEntry: false };
}

/**
 * A cut-off document with the end tags of its channel (when still open) and root appended, so that the
 * fast strict reader takes it: the tolerant one, which an unclosed root left it to, is quadratic in
 * items (8,000 items took 100 s). Should anything else still be open, the strict reader refuses the
 * copy and the tolerant one reads it as before.
 */
function closeCutOffXml(xml: string, rootName: string): string {
  let channelOpen: string | null = null;
  // One pass. Channel tags inside CDATA, comments, PIs and the DOCTYPE are text, not markup: a
  // "<![CDATA[</channel>]]>" in the description counted as the channel's end, only </rss> was appended,
  // and the document went to the tolerant reader again (4,000 items: 26 s). [^<>]: a tag with no ">"
  // ends at the next "<"; with [^>], each "<channel " lacking one scanned to the end (320 KB: 12 s).
  const markup = /<(\/?)((?:[A-Za-z_][\w.-]*:)?channel)(?=[\s>/])[^<>]*>|<!\[CDATA\[|<!--|<\?|<!DOCTYPE\s/g;
  for (let match = markup.exec(xml); match; match = markup.exec(xml)) {
    const [text, slash, name] = match;
    if (name !== undefined) {
      channelOpen = slash === '' && !text.endsWith('/>') ? name : null;
      continue;
    }
    const sectionEnd = sectionEnds[text];
    const close = sectionEnd ? xml.indexOf(sectionEnd, markup.lastIndex) : -1;
    const end = sectionEnd ? (close < 0 ? -1 : close + sectionEnd.length) : endOfDoctype(xml, match.index);
    // Cut off inside it: what is appended would be text, so the strict reader refuses the copy anyway.
    if (end < 0) break;
    markup.lastIndex = end;
  }
  return `${xml}${channelOpen ? `</${channelOpen}>` : ''}</${rootName}>`;
}

/** How each section whose content is text, not markup, ends. */
const sectionEnds: Record<string, string> = { '<![CDATA[': ']]>', '<!--': '-->', '<?': '?>' };

/**
 * True when the root element's end tag is in `xml`. A download cut short (a proxy's size limit, a
 * server that closes early) lacks it, and the tolerant reader still reads what came.
 */
function closesRoot(xml: string, rootName: string): boolean {
  // Usually at the very end, but anything may follow it (a trailing comment, a PHP notice). Looked
  // for after the start tag only: a comment before the root may quote it. Padded with spaces or with the
  // whitespace-like padding or the joiners the repair reads ("</rss\u0085>", "</feed\u200d>"), else such a whole
  // document was taken for one cut off before its end.
  const endTag = new RegExp(`</${rootName.replace(/[.]/g, '\\.')}[\\s${endTagPadding}\\u200c\\u200d]*>`, 'g');
  endTag.lastIndex = Math.max(0, xml.indexOf(`<${rootName}`));
  return endTag.test(xml);
}

/** True when the last <item>/<entry> (any prefix) opened in `xml` is never closed: the document was cut off inside it. */
export function endsInsideEntry(xml: string): boolean {
  return cutOffPoint(xml).insideEntry;
}

// An <item>/<entry> tag: its name ends at a space, the repair's whitespace-like padding or joiners
// ("</item\u200b>", "</item\u200d>" are item's end tag), ">" or "/".
const entryTag = new RegExp(`<(\\/?)(?:[A-Za-z_][\\w.-]*:)?(?:item|entry)[\\u200c\\u200d]*(?=[\\s${endTagPadding}>/]|$)[^>]*>?`, 'g');

/** The last <item>/<entry> start or end tag (any prefix) in `xml`; group 1 is "/" for an end tag. */
function lastEntryTag(xml: string): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (const match of xml.matchAll(entryTag)) last = match;
  return last;
}

/**
 * rss-parser first (fast, strict), on the document with the HTML in its text elements as text. When it
 * rejects that: rss-parser again on a copy with entity and structure errors repaired (bare "&",
 * undeclared names, <rss> without <channel>), then @rowanmanning/feed-parser (tolerant: bad dates,
 * broken nesting) on the repaired copy and on the original. The tolerant reader comes last because it
 * is ~30× slower on large documents (bench/).
 */
async function readXmlFeed(
  document: string,
  isAtom: boolean,
  format: string,
  atomPrefix = 'atom',
  documentUrl: string | null = null,
): Promise<RawFeed> {
  // Atom elements under a prefix of the document's own (<a:summary>) are read as Atom's, as unprefixed ones are.
  const xml = isAtom ? unprefixedAtomElements(document) : document;
  // HTML written unescaped into a description, content:encoded or an Atom text construct is text, not
  // elements: xml2js keeps only the text around them ("Ein <b>fetter</b> Text" → "Ein  Text"). So every
  // reader reads a copy in which it is escaped (escape-stray-less-than.ts); a well-formed document with
  // no such HTML is that copy, character for character.
  const htmlAsText = escapeHtmlInTextElements(xml);
  let repaired: string | null = null;
  const repairedXml = (): string => (repaired ??= renameReservedNames(repairStructure(escapeStrayLessThan(repairEntities(xml)))));
  // xml2js (under rss-parser) loses the order of text and markup inside type="xhtml" constructs
  // ("Kurzer <b>Text</b>." → "Kurzer .Text"); the second reader keeps document order, so for such
  // Atom documents of ordinary size it goes first.
  const xhtmlFirst = isAtom && xml.length < 2_000_000 && /type\s*=\s*["']xhtml["']/.test(xml);
  // The tolerant reader never fails at a stray "<" ("Preis<Wert"): it reads a tag that never ends and
  // folds the rest of the feed into one item. So it reads the repaired copy first (also in the xhtml-first
  // attempt). That copy is the one with HTML as text, with what makes it not well-formed repaired (a bare
  // "&", an undeclared entity such as &nbsp; written as its numeric reference &#160;, a stray "<" written
  // as "&lt;"), plus a <channel> where an RSS document has none and reserved names renamed: a well-formed
  // document with its channel, no such names and no HTML elements in its text elements comes through
  // unchanged, character for character.
  const attempts: [(source: string, isAtom: boolean, atomPrefix?: string) => Promise<RawFeed>, () => string][] = [
    [readRssParser, () => htmlAsText],
    [readRssParser, repairedXml],
    [readFeedParser, repairedXml],
    [readFeedParser, () => xml],
  ];
  if (xhtmlFirst) attempts.unshift([readFeedParser, repairedXml]);
  let firstError: unknown;
  const tried = new Set<string>();
  for (const [read, source] of attempts) {
    const text = source();
    const attempt = `${read === readRssParser ? 'rss' : 'feed'}:${text === xml ? 'original' : text === htmlAsText ? 'html as text' : 'repaired'}`;
    if (tried.has(attempt)) continue;
    tried.add(attempt);
    try {
      const raw = await read(text, isAtom, atomPrefix);
      // Scanned on the text the reader read, so that its items and the scan's are the same ones.
      return text.includes('xml:base') ? { ...raw, xmlBases: readXmlBases(text, documentUrl) } : raw;
    } catch (error) {
      firstError ??= error;
    }
  }
  // sax/xml2js recurse per nesting level: thousands of nested elements exhaust the stack.
  const reason =
    firstError instanceof RangeError
      ? 'elements nested too deeply'
      : firstError instanceof Error
        ? firstError.message.split('\n')[0]
        : String(firstError);
  throw new ParseError('INVALID_FEED', `invalid feed (${format}): ${reason}`, { cause: firstError });
}

/** The prefix an RSS document binds the Atom namespace to on its root (xmlns:a10="…/2005/Atom"). */
function atomPrefixOf(attributes: ReadonlyMap<string, string>): string {
  for (const [name, value] of attributes) {
    if (name.startsWith('xmlns:') && value.trim() === 'http://www.w3.org/2005/Atom') return name.slice('xmlns:'.length);
  }
  return 'atom';
}

/** An Atom Entry Document (RFC 4287 §4.1.2) is read as a feed of that one entry. */
async function parseAtomEntryDocument(document: string, documentUrl: string | null, fetchedAt: string): Promise<ParsedFeed> {
  const entry = prepareXml(document);
  const wrapped = `<feed xmlns="http://www.w3.org/2005/Atom">${entry}</feed>`;
  const raw = await readXmlFeed(wrapped, true, 'atom1.0', 'atom', documentUrl);
  return normaliseFeed(raw, { format: 'atom1.0', documentUrl, rootLanguage: null, fetchedAt });
}

// Every text sax reads, the repaired copy too (its repair can make a "<?" text and so free a "<!" in it).
const readRssParser = (xml: string, isAtom: boolean, atomPrefix?: string): Promise<RawFeed> =>
  readWithRssParser(escapeOpenDeclarations(xml), isAtom, atomPrefix);
const readFeedParser = async (xml: string): Promise<RawFeed> => readWithFeedParser(xml);

function parseJsonFeed(text: string, documentUrl: string | null, fetchedAt: string): ParsedFeed {
  let value: unknown;
  let cutOff: JsonCutOff | null = null;
  try {
    value = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    // A download cut short: read up to the last complete item, as a cut-off XML feed is read, when
    // what came is a JSON Feed. Anything else stays the one-line JSON error.
    const invalid = new ParseError('INVALID_FEED', `invalid feed (JSON): ${(error as Error).message}`, { cause: error });
    const closed = closeCutOffJsonFeed(text);
    if (!closed) throw invalid;
    try {
      value = JSON.parse(closed.json.replace(/^\ufeff/, ''));
    } catch {
      throw invalid;
    }
    if (!readJsonFeed(value)) throw invalid;
    cutOff = closed.ended;
  }
  const read = readJsonFeed(value);
  if (!read) throw new ParseError('NOT_A_FEED', 'not a feed (JSON without a JSON Feed "version" or "items")');
  const feed = normaliseFeed(read.feed, { format: read.format, documentUrl, rootLanguage: null, fetchedAt });
  return cutOff ? { ...feed, warning: cutOffWarning(feed.items.length, jsonCutOffEnds[cutOff]) } : feed;
}

const jsonCutOffEnds: Record<JsonCutOff, string> = {
  'inside an item': insideNextItem,
  'inside the items': 'before its "items" array is closed',
  'inside the root': 'before its closing "}"',
};

// XML 1.0 §2.2 excludes these characters; sax passes them through into titles, and publish would then
// write broken XML. Removing them here is what browsers do with NUL in feeds too.
const illegalXmlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const hasIllegalXmlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * Makes the decoded text safe and acceptable for the XML readers:
 * - drops the XML declaration: the text is decoded already, and an encoding="utf-16" left in a JS string
 *   or a declaration after a comment (yarr's fixtures) only makes strict parsers fail;
 * - drops the DOCTYPE. No external entity is ever fetched or read (XXE) and nested entities are never
 *   expanded (billion laughs): only internal entities whose value is plain text (no "&", "%" or "<")
 *   are substituted, once, as the Universal Feed Parser does, up to maxEntityExpansion characters in
 *   all. References to any other declared entity, or past that budget, stay unexpanded and are later escaped as text.
 */
export function prepareXml(text: string): string {
  let xml = hasIllegalXmlCharacter.test(text) ? text.replace(illegalXmlCharacters, '') : text;
  const { rootStart, doctypeStart } = prologMarks(xml);
  if (rootStart < 0) return xml;
  let prolog = xml.slice(0, rootStart);
  let body = xml.slice(rootStart);
  const entities = new Map<string, string>();
  if (doctypeStart >= 0) {
    // The root search above stops inside an internal subset ("<!ENTITY" starts with "<!", but
    // a "<" inside an entity value would not): find the real end of the DOCTYPE.
    const end = endOfDoctype(xml, doctypeStart);
    const doctype = xml.slice(doctypeStart, end < 0 ? rootStart : end);
    for (const m of doctype.matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(["'])([^"'&%<]*)\2\s*>/g)) {
      if (!entities.has(m[1]!) && m[3]!.length <= 1000) entities.set(m[1]!, m[3]!);
    }
    const after = xml.slice(end < 0 ? rootStart : end);
    const realRoot = prologMarks(after).rootStart;
    prolog = xml.slice(0, doctypeStart) + (realRoot > 0 ? after.slice(0, realRoot) : '');
    body = realRoot >= 0 ? after.slice(realRoot) : after;
  }
  prolog = prolog.replace(/<\?xml[\s\S]*?\?>/g, '').replace(/^[\s\ufeff]+/, '');
  if (entities.size > 0) {
    let budget = maxEntityExpansion;
    body = body.replace(/&([A-Za-z_][\w.-]*);/g, (match, name: string) => {
      const value = entities.get(name);
      if (value === undefined || value.length > budget) return match;
      budget -= value.length;
      return escapeXmlText(value);
    });
  }
  // A "<!" that starts no declaration sax can end soon is text (escape-open-declarations.ts: quadratic in sax).
  return escapeOpenDeclarations(prolog + body);
}

/**
 * Where the root's start tag and the DOCTYPE (-1: none) begin, comments and processing instructions
 * skipped as sax reads them (sax-markup.ts): a comment before the root that quotes one ("Expect: … ==
 * \"<!DOCTYPE\"", "<!-- <rss> -->") is no DOCTYPE or root (read as a DOCTYPE, it swallowed the document:
 * "invalid feed (rss2.0): Unexpected end"), and "<?x-note <!-- ?>" opens no comment. A comment or
 * processing instruction never closed: the first "<" that starts neither is the root, as before.
 */
function prologMarks(xml: string): { rootStart: number; doctypeStart: number } {
  let doctypeStart = -1;
  for (let at = xml.indexOf('<'); at >= 0; at = xml.indexOf('<', at + 1)) {
    const end = xml.startsWith('<!--', at)
      ? commentEnd(xml, at + 4)
      : xml.startsWith('<?', at)
        ? processingInstructionEnd(xml, at + 2)
        : null;
    if (end === null) {
      if (xml.charAt(at + 1) !== '!') return { rootStart: at, doctypeStart };
      if (doctypeStart < 0 && /^<!DOCTYPE/i.test(xml.slice(at, at + 9))) doctypeStart = at;
    } else if (end < 0) {
      const rootStart = xml.search(/<(?![?!])/);
      return { rootStart, doctypeStart: rootStart < 0 ? -1 : xml.slice(0, rootStart).search(/<!DOCTYPE/i) };
    } else at = end - 1;
  }
  return { rootStart: -1, doctypeStart };
}

// Values hold no references, so expansion is linear; but 1,000 characters per six-byte reference still
// made a 1.2 MB body 400 M characters (6 s, 575 MB). Past this many characters, references stay as written.
const maxEntityExpansion = 1_000_000;

function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `<rss><item>…` without the <channel> (RSS 0.9x-era feeds, feedparser's tests): wrap the items in one.
 * `<rdf:RDF>` without a <channel> (yarr's and gofeed's fixtures): give it an empty one. Both readers
 * otherwise reject the document outright.
 */
function repairStructure(xml: string): string {
  if (/<(?:[A-Za-z_][\w.-]*:)?channel[\s>/]/.test(xml)) return xml;
  const rss = /<rss(?:\s[^>]*)?>/.exec(xml);
  const close = xml.lastIndexOf('</rss>');
  if (rss && close > rss.index) {
    const end = rss.index + rss[0].length;
    return `${xml.slice(0, end)}<channel>${xml.slice(end, close)}</channel>${xml.slice(close)}`;
  }
  const rdf = /<(?:[A-Za-z_][\w.-]*:)?RDF\b[^>]*>/.exec(xml);
  if (rdf && !rdf[0].endsWith('/>')) {
    const end = rdf.index + rdf[0].length;
    return `${xml.slice(0, end)}<channel></channel>${xml.slice(end)}`;
  }
  return xml;
}

const reservedName = /(^<\/?|\s)(__proto__|constructor|prototype)(?=[\s=/>]|$)/g;

/**
 * fast-xml-parser (under the fallback reader) refuses a whole document that has an element or attribute
 * called __proto__, constructor or prototype. Such names never carry feed data, so in the repaired copy
 * they are renamed ("x-constructor") inside tags; text is not touched.
 */
function renameReservedNames(xml: string): string {
  if (!/__proto__|constructor|prototype/.test(xml)) return xml;
  return xml.replace(/<\/?[A-Za-z_][^<>]*>/g, (tag) => tag.replace(reservedName, '$1x-$2'));
}

const xmlEntityNames = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Repairs what strict XML parsers reject in real feeds: a bare "&" ("Tom & Jerry") becomes "&amp;";
 * an HTML entity the document never declared (&nbsp;, &eacute;) becomes its numeric reference;
 * any other undeclared name becomes literal text.
 */
function repairEntities(xml: string): string {
  return xml.replace(
    /&(?:#(\d{1,7});|#x([0-9a-fA-F]{1,6});|([A-Za-z][A-Za-z0-9]{0,31});)?/g,
    (match, decimal?: string, hex?: string, name?: string) => {
      if (decimal !== undefined || hex !== undefined) {
        const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
        const allowed =
          code === 0x9 ||
          code === 0xa ||
          code === 0xd ||
          (code >= 0x20 && code <= 0xd7ff) ||
          (code >= 0xe000 && code <= 0x10ffff && code !== 0xfffe && code !== 0xffff);
        return allowed ? match : '';
      }
      if (name === undefined) return '&amp;';
      if (xmlEntityNames.has(name)) return match;
      const decoded = decodeHtmlEntity(name);
      return decoded === null ? `&amp;${name};` : [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
    },
  );
}

function decodeHtmlEntity(name: string): string | null {
  const decoded = decodeHTMLStrict(`&${name};`);
  return decoded === `&${name};` ? null : decoded;
}
