// What a decoded document is, from its content only (never from its name or media type, which lie):
// the root element of an XML document, JSON, HTML, or nothing. Cheap: looks at the start only.
import type { FeedFormat } from '../model.js';
import { asciiLowerCase } from './ascii-lower-case.js';

export type SniffedDocument =
  | { kind: 'empty' }
  | { kind: 'json' }
  | { kind: 'xml-feed'; format: FeedFormat; rootName: string; rootAttributes: ReadonlyMap<string, string> }
  | { kind: 'html' }
  | { kind: 'other-xml'; rootName: string }
  | { kind: 'unknown' };

const atom03Namespace = 'http://purl.org/atom/ns#';
const rss090Namespace = 'http://my.netscape.com/rdf/simple/0.9/';
const htmlRoots = new Set(['html', 'head', 'body', 'div', 'p', 'table', 'span', 'a', 'img', 'br', 'meta', 'title', 'script']);

/** Classifies a decoded document by its first bytes and root element. */
export function sniffDocument(text: string): SniffedDocument {
  const start = skipProlog(text);
  if (start === -1) return { kind: 'empty' };
  if (start < 0) return { kind: 'unknown' };
  const first = text[start];
  if (first === '{' || first === '[') return { kind: 'json' };
  if (first !== '<') return { kind: 'unknown' };
  if (/^<!doctype\s+html/i.test(text.slice(start, start + 20))) return { kind: 'html' };
  // Attribute values as readAttributes reads them: a minified page without a doctype (`<html lang=de>`)
  // has only this tag to say it is HTML. A name without a value (`<html amp>`) is allowed too.
  const root = /^<([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/.exec(
    text.slice(start, start + 4096),
  );
  if (!root) return { kind: 'unknown' };
  const rootName = root[1]!;
  const attributes = readAttributes(root[2] ?? '');
  const localName = (rootName.includes(':') ? rootName.slice(rootName.indexOf(':') + 1) : rootName).toLowerCase();
  if (localName === 'rss') {
    const version = attributes.get('version')?.trim() ?? '';
    const format: FeedFormat = /^0\.9/.test(version) ? 'rss0.9x' : 'rss2.0';
    return { kind: 'xml-feed', format, rootName, rootAttributes: attributes };
  }
  if (localName === 'rdf') {
    const is090 = [...attributes.values()].includes(rss090Namespace);
    return { kind: 'xml-feed', format: is090 ? 'rss0.9x' : 'rss1.0', rootName, rootAttributes: attributes };
  }
  if (localName === 'feed') {
    const is03 = [...attributes.values()].includes(atom03Namespace) || attributes.get('version')?.trim() === '0.3';
    return { kind: 'xml-feed', format: is03 ? 'atom0.3' : 'atom1.0', rootName, rootAttributes: attributes };
  }
  if (htmlRoots.has(localName)) return { kind: 'html' };
  return { kind: 'other-xml', rootName };
}

/**
 * Index of the first character after BOM, whitespace, XML declaration, PIs, comments and DOCTYPE;
 * -1 when there is nothing else, -2 when one of those is never closed.
 */
function skipProlog(text: string): number {
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && /[\s\ufeff]/.test(text[i]!)) i++;
    if (i >= n) return -1;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return -2;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return -2;
      i = end + 3;
    } else if (/^<!doctype\s+(?!html)/i.test(text.slice(i, i + 20))) {
      i = endOfDoctype(text, i);
      if (i < 0) return -2;
    } else {
      return i;
    }
  }
}

/** Index just after a DOCTYPE starting at `start` (internal subset in [...] included), or -1. */
export function endOfDoctype(text: string, start: number): number {
  let inQuote: string | null = null;
  let depth = 0;
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i]!;
    if (inQuote) {
      if (c === inQuote) inQuote = null;
    } else if (c === '"' || c === "'") {
      inQuote = c;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      depth--;
    } else if (c === '>' && depth <= 0) {
      return i + 1;
    }
  }
  return -1;
}

/**
 * Attributes of a start tag into a Map: untrusted names never become object keys. Values may be
 * quoted or, as HTML allows, unquoted (`<link rel=alternate href=/index.xml>`): minifiers such as
 * Hugo's `--minify` drop the quotes from the pages feeds are discovered on (HTML Living Standard
 * 13.1.2.3: an unquoted value runs to whitespace or `>` and holds no quote, `=`, `<` or backtick).
 */
export function readAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of source.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g)) {
    const name = asciiLowerCase(m[1]!);
    if (!attributes.has(name)) attributes.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attributes;
}
