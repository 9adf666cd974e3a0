// OPML 2.0 (http://opml.org/spec2.opml) export and import of the source list.
import { SaxesParser } from 'saxes';
import type { SourceConfig } from '../config/schema.js';
import { escapeXml } from './xml-text.js';

/** The sources as an OPML 2.0 subscription list (one rss outline per source). */
export function sourcesToOpml(sources: readonly SourceConfig[], title: string): string {
  const outlines = sources.map((s) => {
    const text = s.title ?? s.id;
    return `    <outline type="rss" text="${escapeXml(text)}" title="${escapeXml(text)}" xmlUrl="${escapeXml(s.url)}"/>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head>
    <title>${escapeXml(title)}</title>
  </head>
  <body>
${outlines.join('\n')}
  </body>
</opml>
`;
}

/** A config-safe id ([A-Za-z0-9][A-Za-z0-9_.-]*) from a title or URL host. */
export function slug(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return ascii;
}

/** Thrown when an OPML document cannot be read. */
export class OpmlError extends Error {
  readonly code = 'INVALID_OPML';
}

/**
 * Every outline with an xmlUrl (at any depth, folders flattened) as a source: id from the title
 * (else the URL's host), made unique with -2, -3…; duplicate URLs are listed once.
 */
export function opmlToSources(xml: string): { id: string; url: string; title?: string }[] {
  const parser = new SaxesParser({ xmlns: false });
  const found: { url: string; title?: string }[] = [];
  let sawOpml = false;
  parser.on('opentag', (tag) => {
    const name = tag.name.toLowerCase();
    if (name === 'opml') sawOpml = true;
    if (name !== 'outline') return;
    const attr = (key: string): string | undefined => {
      const entry = Object.entries(tag.attributes).find(([k]) => k.toLowerCase() === key.toLowerCase());
      const value = entry?.[1];
      return typeof value === 'string' && value.trim() ? value.trim() : undefined;
    };
    const url = attr('xmlUrl');
    if (!url) return;
    const title = attr('title') ?? attr('text');
    found.push(title ? { url, title } : { url });
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    throw new OpmlError(`Cannot read OPML: ${(error as Error).message}`, { cause: error });
  }
  if (!sawOpml) throw new OpmlError('Cannot read OPML: no <opml> root element');
  const ids = new Set<string>();
  const urls = new Set<string>();
  const sources: { id: string; url: string; title?: string }[] = [];
  for (const entry of found) {
    if (urls.has(entry.url)) continue;
    urls.add(entry.url);
    let host = '';
    try {
      host = new URL(entry.url).hostname.replace(/^www\./, '');
    } catch {
      host = entry.url;
    }
    // A title in another script ("新华社") has no ASCII slug: the host names the source then.
    const base = slug(entry.title ?? '') || slug(host) || 'source';
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    sources.push({ id, ...entry });
  }
  return sources;
}
