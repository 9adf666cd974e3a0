// Relative href and src in an item's HTML made absolute against the xml:base in scope on the element that
// carries the HTML (XML Base §4.2: content that is a URI reference resolves against it). Publishing
// resolves what is still relative against the item's link (publish/safe-html.ts); with an xml:base that
// would be the wrong base, so such HTML leaves the parse stage with its links already absolute.
import { decodeHTMLAttribute } from 'entities';
import { asciiLowerCase } from './ascii-lower-case.js';
import { resolveUrl } from './find-feed-link.js';
import { readStartTag } from './read-start-tag.js';

const urlAttributes = new Set(['href', 'src']);
// A reference with a scheme is absolute and left as written: safe-html.ts judges its scheme.
const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * `html` with each relative href/src resolved against `base` (an absolute http(s) URL), so the result is
 * http(s) too; absolute references, and references that do not resolve, stay as written. Linear: one
 * pass over the tags; a tag the text ends inside stops the rewriting there. The result is at most
 * `maxGrowth` characters longer: a base of up to 2,048 characters before each of 100,000 one-character
 * references made 200 MB of a 1.4 MB body, and at 300,000 no string could hold it. From the reference
 * that would pass it on, the HTML stays as written (publishing resolves those against the item link).
 */
export function absoluteUrlsInHtml(html: string, base: string, maxGrowth: number): string {
  if (!html.includes('href') && !html.includes('src') && !html.includes('HREF') && !html.includes('SRC')) return html;
  let out = '';
  let copied = 0;
  let growth = 0;
  let i = 0;
  for (;;) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    if (!/[A-Za-z]/.test(html[lt + 1] ?? '')) {
      i = lt + 1;
      continue;
    }
    const tag = readStartTag(html, lt);
    if (!tag) break;
    i = tag.end;
    for (const attribute of tag.attributes) {
      if (!urlAttributes.has(asciiLowerCase(attribute.name))) continue;
      const value = decodeHTMLAttribute(attribute.value).trim();
      if (!value || hasScheme.test(value)) continue;
      const resolved = resolveUrl(value, base);
      if (!resolved) continue;
      const quoted = `"${resolved.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`;
      growth += quoted.length - (attribute.valueEnd - attribute.valueStart);
      if (growth > maxGrowth) return copied === 0 ? html : out + html.slice(copied);
      out += `${html.slice(copied, attribute.valueStart)}${quoted}`;
      copied = attribute.valueEnd;
    }
  }
  return copied === 0 ? html : out + html.slice(copied);
}
