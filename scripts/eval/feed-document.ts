// Feed documents for the evaluation and the benchmarks: the labelled items of one source written as
// RSS 2.0, Atom 1.0, RSS 1.0 (RDF) or RSS 2.0 in ISO-8859-1, so that a run goes through the same
// decoding and reading paths as real feeds do (the Latin-1 one is served with its charset in Content-Type).

/** The syntaxes a source's document is written in. */
export type EvalFeedFormat = 'rss2' | 'atom1' | 'rdf' | 'rss2-latin1';

export const evalFeedFormats: readonly EvalFeedFormat[] = ['rss2', 'atom1', 'rdf', 'rss2-latin1'];

/** One entry as written: plain-text title and lead, an optional HTML body. */
export interface DocumentItem {
  guid: string;
  title: string;
  summary: string;
  url: string | null;
  publishedMs: number;
  /** An HTML body (content:encoded, Atom content), for the speed benchmark's realistic items. */
  contentHtml?: string;
}

export interface FeedChannel {
  title: string;
  link: string;
  /** ISO 639-1, stated by the document as real feeds do (RSS <language>, Atom xml:lang, RDF dc:language). */
  language: string | null;
}

export interface FeedDocument {
  body: Buffer;
  contentType: string;
}

// XML 1.0 §2.2: characters no XML document may hold.
const illegal = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function text(value: string): string {
  return value.replace(illegal, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}

/**
 * The time a poller reads back for an item published at `ms` in a feed of `format`: RSS 2.0 dates (RFC 822) carry whole
 * seconds, Atom and RSS 1.0 dates milliseconds. For replays in process (calibrate-engine.ts) that must place a set's items
 * in the order the real path's poller sees them: an RSS 2.0 item moves up to a second earlier, past other feeds' items.
 */
export function servedTimeMs(format: EvalFeedFormat, ms: number): number {
  return format === 'rss2' || format === 'rss2-latin1' ? Math.floor(ms / 1000) * 1000 : ms;
}

/** Writes one source's items in `format`; the items stay in the order given (the arrival order within the feed). */
export function feedDocument(format: EvalFeedFormat, channel: FeedChannel, items: readonly DocumentItem[]): FeedDocument {
  switch (format) {
    case 'rss2':
      return { body: Buffer.from(rss2(channel, items, 'UTF-8'), 'utf8'), contentType: 'application/rss+xml; charset=utf-8' };
    case 'rss2-latin1':
      return { body: latin1Bytes(rss2(channel, items, 'ISO-8859-1')), contentType: 'application/rss+xml; charset=ISO-8859-1' };
    case 'atom1':
      return { body: Buffer.from(atom1(channel, items), 'utf8'), contentType: 'application/atom+xml; charset=utf-8' };
    case 'rdf':
      return { body: Buffer.from(rdf(channel, items), 'utf8'), contentType: 'application/rdf+xml; charset=utf-8' };
  }
}

function rss2(channel: FeedChannel, items: readonly DocumentItem[], encoding: string): string {
  const out = [
    `<?xml version="1.0" encoding="${encoding}"?>`,
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '<channel>',
    `<title>${text(channel.title)}</title>`,
    `<link>${text(channel.link)}</link>`,
    `<description>${text(channel.title)}</description>`,
  ];
  if (channel.language) out.push(`<language>${text(channel.language)}</language>`);
  for (const item of items) {
    out.push('<item>', `<title>${text(item.title)}</title>`);
    if (item.url) out.push(`<link>${text(item.url)}</link>`);
    out.push(`<guid isPermaLink="false">${text(item.guid)}</guid>`, `<pubDate>${new Date(item.publishedMs).toUTCString()}</pubDate>`);
    if (item.summary) out.push(`<description>${text(item.summary)}</description>`);
    if (item.contentHtml) out.push(`<content:encoded>${text(item.contentHtml)}</content:encoded>`);
    out.push('</item>');
  }
  out.push('</channel>', '</rss>', '');
  return out.join('\n');
}

function atom1(channel: FeedChannel, items: readonly DocumentItem[]): string {
  const updated = items.reduce((max, item) => Math.max(max, item.publishedMs), 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${channel.language ? ` xml:lang="${attribute(channel.language)}"` : ''}>`,
    `<title>${text(channel.title)}</title>`,
    `<id>${text(channel.link)}</id>`,
    `<link rel="alternate" href="${attribute(channel.link)}"/>`,
    `<updated>${new Date(updated).toISOString()}</updated>`,
  ];
  for (const item of items) {
    const at = new Date(item.publishedMs).toISOString();
    out.push('<entry>', `<id>${text(item.guid)}</id>`, `<title type="text">${text(item.title)}</title>`);
    if (item.url) out.push(`<link rel="alternate" href="${attribute(item.url)}"/>`);
    out.push(`<published>${at}</published>`, `<updated>${at}</updated>`);
    if (item.summary) out.push(`<summary type="text">${text(item.summary)}</summary>`);
    if (item.contentHtml) out.push(`<content type="html">${text(item.contentHtml)}</content>`);
    out.push('</entry>');
  }
  out.push('</feed>', '');
  return out.join('\n');
}

// RSS 1.0 has no guid: an item is identified by its rdf:about (its link). dc:identifier carries the guid
// for readers that take it; the harness maps RSS 1.0 items back by link when no guid comes out.
function rdf(channel: FeedChannel, items: readonly DocumentItem[]): string {
  const about = (item: DocumentItem) => item.url ?? item.guid;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"',
    '  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    `<channel rdf:about="${attribute(channel.link)}">`,
    `<title>${text(channel.title)}</title>`,
    `<link>${text(channel.link)}</link>`,
    `<description>${text(channel.title)}</description>`,
  ];
  if (channel.language) out.push(`<dc:language>${text(channel.language)}</dc:language>`);
  out.push('<items><rdf:Seq>');
  for (const item of items) out.push(`<rdf:li rdf:resource="${attribute(about(item))}"/>`);
  out.push('</rdf:Seq></items>', '</channel>');
  for (const item of items) {
    out.push(`<item rdf:about="${attribute(about(item))}">`, `<title>${text(item.title)}</title>`);
    out.push(`<link>${text(about(item))}</link>`);
    out.push(`<dc:identifier>${text(item.guid)}</dc:identifier>`, `<dc:date>${new Date(item.publishedMs).toISOString()}</dc:date>`);
    if (item.summary) out.push(`<description>${text(item.summary)}</description>`);
    if (item.contentHtml) out.push(`<content:encoded>${text(item.contentHtml)}</content:encoded>`);
    out.push('</item>');
  }
  out.push('</rdf:RDF>', '');
  return out.join('\n');
}

/**
 * ISO-8859-1 bytes of an XML text: characters beyond U+00FF, and the C1 range U+0080–U+009F (which
 * decoders read as windows-1252, as the WHATWG Encoding Standard says), become character references.
 */
function latin1Bytes(xml: string): Buffer {
  const escaped = xml.replace(/[\ud800-\udbff][\udc00-\udfff]|[\u0080-\u009f\u0100-\uffff]/g, (c) => `&#${c.codePointAt(0)};`);
  return Buffer.from(escaped, 'latin1');
}
