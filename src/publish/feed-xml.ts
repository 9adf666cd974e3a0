// The one seam to the `feed` package: RSS 2.0 and Atom 1.0 documents from a FeedView.
//
// `feed` (6.0, via xml-js) escapes only "&" in some attributes, cuts only the first "]]>" in
// CDATA, turns a literal "&amp;" in text into "&", and cannot write per-entry link lists,
// several hubs or RFC 5005 paging links. So every piece of free text and every extra element goes
// in as an unguessable placeholder token, and the tokens are replaced afterwards with text we
// escaped ourselves (or fragments we wrote). The tokens are letters and digits only, so `feed`
// passes them through untouched; a token left over means `feed` changed and we fail loudly.
import { randomBytes } from 'node:crypto';
import { Feed, type Extension } from 'feed';
import { httpUrl } from './http-url.js';
import { memberLabel, type DeletedEntry, type FeedView, type PublishedEntry } from './published-entry.js';
import { escapeXml } from './xml-text.js';

class Placeholders {
  private readonly prefix = `fmph${randomBytes(9).toString('hex')}`;
  private readonly values: string[] = [];
  private readonly fragments: string[] = [];

  /** A token replaced by `value`, escaped for XML text or attributes. */
  text(value: string): string {
    this.values.push(escapeXml(value));
    return `${this.prefix}t${this.values.length - 1}z`;
  }

  /** A token for the text of a carrier element: the whole element is replaced by `xml`. */
  element(xml: string): string {
    this.fragments.push(xml);
    return `${this.prefix}e${this.fragments.length - 1}z`;
  }

  resolve(xml: string): string {
    const p = this.prefix;
    // Entry titles are plain text: `feed` declares them type="html".
    let out = xml.replaceAll(`<title type="html"><![CDATA[${p}t`, `<title type="text"><![CDATA[${p}t`);
    out = out.replace(new RegExp(`<([A-Za-z:]+)>${p}e(\\d+)z</\\1>`, 'g'), (_, _name, i: string) => this.fragments[Number(i)]!);
    out = out.replace(
      new RegExp(`<!\\[CDATA\\[${p}t(\\d+)z\\]\\]>|${p}t(\\d+)z`, 'g'),
      (_, a?: string, b?: string) => this.values[Number(a ?? b)]!,
    );
    if (out.includes(p)) throw new Error('feed package output changed: a placeholder was not replaced');
    return out;
  }
}

function atomLink(rel: string, href: string, extra: Record<string, string> = {}): string {
  const attrs = Object.entries({ rel, href, ...extra })
    .map(([k, v]) => `${k}="${escapeXml(v)}"`)
    .join(' ');
  return `<link ${attrs}/>`;
}

function pagingLinks(view: FeedView, tag: (rel: string, href: string) => string): string[] {
  const { first, previous, next, last } = view.paging;
  return [first && tag('first', first), previous && tag('previous', previous), next && tag('next', next), last && tag('last', last)].filter(
    (x): x is string => Boolean(x),
  );
}

/** The Atom Tombstones namespace (RFC 6721 §2). */
const TOMBSTONES_NS = 'http://purl.org/atompub/tombstones/1.0';
const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';

/**
 * RFC 6721 §3: `ref` is the deleted entry's id, `when` the time it was deleted. The comment names the
 * entry that holds its items now (RFC 6721 gives no element for a successor; the survivor's JSON Feed
 * item lists the absorbed id under `_feedmerge.absorbed`).
 */
function deletedEntry(entry: DeletedEntry): string {
  const comment = `Merged into ${entry.survivorId}`;
  return `<at:deleted-entry ref="${escapeXml(entry.id)}" when="${escapeXml(entry.when)}"><at:comment>${escapeXml(comment)}</at:comment></at:deleted-entry>`;
}

/** Atom 1.0 (RFC 4287) with per-member rel="related" links, rel="hub", RFC 5005 paging and RFC 6721 tombstones. */
export function renderAtom(view: FeedView): string {
  const ph = new Placeholders();
  const feedLinks = [
    atomLink('alternate', view.homeUrl, { type: 'text/html' }),
    atomLink('self', view.selfUrl, { type: 'application/atom+xml' }),
    ...view.hubs.map((hub) => atomLink('hub', hub)),
    ...pagingLinks(view, (rel, href) => atomLink(rel, href, { type: 'application/atom+xml' })),
    // Feed-level extension elements, so before the entries (RFC 4287 §4.1.1).
    ...view.deleted.map(deletedEntry),
  ];
  const feed = new Feed({
    id: view.id,
    title: ph.text(view.title),
    description: view.description ? ph.text(view.description) : undefined,
    updated: new Date(view.updated),
    generator: 'feedmerge',
    author: { name: ph.text(view.title) },
    // Carrier: <rights> becomes the feed-level links.
    copyright: ph.element(feedLinks.join('')),
  });
  for (const entry of view.entries) feed.addItem(atomEntry(entry, ph));
  const xml = ph.resolve(feed.atom1());
  if (!view.deleted.length) return xml;
  // `feed` declares no other namespace on the root; a tombstone's is declared there, once.
  if (!xml.includes(ATOM_ROOT)) throw new Error('feed package output changed: no Atom root element to declare the tombstones namespace on');
  return xml.replace(ATOM_ROOT, `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="${TOMBSTONES_NS}">`);
}

function atomEntry(entry: PublishedEntry, ph: Placeholders): Parameters<Feed['addItem']>[0] {
  const related = entry.members.flatMap((m) => {
    const href = httpUrl(m.url);
    return href ? [atomLink('related', href, { title: memberLabel(m) })] : [];
  });
  const enclosures = entry.enclosures.map((e) =>
    atomLink('enclosure', e.url, { ...(e.type ? { type: e.type } : {}), ...(e.length !== null ? { length: String(e.length) } : {}) }),
  );
  const links = [...related, ...enclosures];
  return {
    id: entry.id,
    title: ph.text(entry.title),
    link: entry.link,
    date: new Date(entry.updated),
    published: new Date(entry.published),
    // type="html": the plain summary escaped once as HTML, then once more as XML by the token.
    description: entry.summaryText ? ph.text(escapeXml(entry.summaryText)) : undefined,
    content: entry.contentHtml ? ph.text(entry.contentHtml) : undefined,
    author: entry.author ? [{ name: ph.text(entry.author) }] : undefined,
    category: entry.categories.map((c) => ({ term: ph.text(c) })),
    // Carrier: <rights> becomes the related and enclosure links (feed has no per-entry link list).
    copyright: links.length ? ph.element(links.join('')) : undefined,
  };
}

/** RSS 2.0 with <source> for the representative, guid = entry id, and atom:link self/hub. */
export function renderRss(view: FeedView, options: { language?: string }): string {
  const ph = new Placeholders();
  const hubLinks = view.hubs.map((hub) => `<atom:link rel="hub" href="${escapeXml(hub)}"/>`);
  const feed = new Feed({
    id: view.id,
    title: ph.text(view.title),
    description: ph.text(view.description || view.title),
    link: view.homeUrl,
    // Also makes `feed` declare xmlns:atom, which the hub links below rely on.
    feed: view.selfUrl,
    updated: new Date(view.updated),
    generator: 'feedmerge',
    docs: 'https://www.rssboard.org/rss-specification',
    ttl: view.ttlMinutes,
    language: options.language,
    copyright: hubLinks.length ? ph.element(hubLinks.join('')) : undefined,
  });
  for (const entry of view.entries) {
    const extensions: Extension[] = [];
    const sourceUrl = httpUrl(entry.representative.sourceFeedUrl);
    if (sourceUrl) {
      extensions.push({
        name: 'source',
        objects: { _attributes: { url: ph.text(sourceUrl) }, _text: ph.text(entry.representative.sourceTitle) },
      });
    }
    // RSS 2.0 allows one <enclosure> per item, with url, length and type all required: an unknown length
    // is written 0 and an unknown type application/octet-stream, as the RSS Advisory Board's profile advises.
    const enclosure = entry.enclosures[0];
    if (enclosure) {
      extensions.push({
        name: 'enclosure',
        objects: {
          _attributes: {
            url: ph.text(enclosure.url),
            length: String(enclosure.length ?? 0),
            type: ph.text(enclosure.type ?? 'application/octet-stream'),
          },
        },
      });
    }
    // dc: is declared by `feed` only together with content:encoded, so the creator rides with it.
    if (entry.author && entry.contentHtml) extensions.push({ name: 'dc:creator', objects: { _text: ph.text(entry.author) } });
    feed.addItem({
      title: ph.text(entry.title),
      link: entry.link,
      guid: entry.id,
      date: new Date(entry.updated),
      // RSS has one date; pubDate is the first publication, the guid marks updates in place.
      published: new Date(entry.published),
      description: ph.text(entry.summaryHtml || escapeXml(entry.title)),
      content: entry.contentHtml ? ph.text(entry.contentHtml) : undefined,
      category: entry.categories.map((c) => ({ name: ph.text(c) })),
      extensions,
    });
  }
  return ph.resolve(feed.rss2());
}
