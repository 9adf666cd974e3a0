// sax (under rss-parser) reads "<!" that starts no comment, CDATA section or DOCTYPE as a markup declaration
// up to its ">", and on every character of it concatenates what it read so far and tests the whole against
// /^\[CDATA\[$/i and /^DOCTYPE$/i: quadratic in the declaration's length. "<!a" written 20,000 times into a
// 60 KB description (each "<" is part of the same declaration) took 32 s of CPU, on the polling thread,
// where parse.timeoutSeconds cannot stop it (documents under 64 KB are parsed in place). After the
// DOCTYPE is dropped (prepareXml), no declaration can stand in a feed's body, so such a "<!" is text.

import { afterLessThan, saxCdataSections } from './sax-markup.js';

/** Longest declaration left as written ("<![endif]>" in HTML written unescaped); sax's cost is about its square. */
const maxDeclarationLength = 256;

/**
 * True when the "<" at `at` opens a declaration that sax would read at length: "<!" (sax allows spaces
 * between) that starts no comment, CDATA section or DOCTYPE, and whose ">" is not within
 * maxDeclarationLength characters and before the next "<". Reads up to the next "<" at most, so that
 * over all "<" each character is read a bounded number of times.
 */
function opensLongDeclaration(xml: string, at: number): boolean {
  const bang = afterLessThan(xml, at);
  if (xml.charAt(bang) !== '!') return false;
  const opening = xml.slice(bang + 1, bang + 8);
  if (opening.startsWith('--') || /^(?:\[CDATA\[|DOCTYPE)/i.test(opening)) return false;
  const nextLess = xml.indexOf('<', bang + 1);
  const limit = Math.min(nextLess < 0 ? xml.length : nextLess, at + maxDeclarationLength);
  for (let close = bang + 1; close < limit; close++) if (xml.charCodeAt(close) === 0x3e) return false;
  return true;
}

/**
 * `xml` with the "<" of each long declaration (opensLongDeclaration) written "&lt;": text. Everywhere
 * but in CDATA sections as sax finds them (sax-markup.ts, which reads processing instructions, comments
 * and attribute values as sax does): there it is text already, and escaping it would change that text.
 * In an attribute value ("&lt;" is "<" again) escaping changes nothing read; in a processing instruction
 * or a comment nothing a reader shows, though a comment inside an item's HTML keeps it ("<!-- &lt;!x -->"),
 * so such an item's stored HTML, and its content digest, differ once from an earlier version's (one more
 * update). Linear; the same string when nothing is escaped.
 */
export function escapeOpenDeclarations(xml: string): string {
  const escaped: number[] = [];
  for (let at = xml.indexOf('<'); at >= 0; at = xml.indexOf('<', at + 1)) if (opensLongDeclaration(xml, at)) escaped.push(at);
  if (escaped.length === 0) return xml;
  const sections = saxCdataSections(xml, opensLongDeclaration);
  const parts: string[] = [];
  let from = 0;
  let section = 0;
  for (const at of escaped) {
    while (section < sections.length && sections[section]![1] <= at) section++;
    if (section < sections.length && sections[section]![0] <= at) continue;
    parts.push(xml.slice(from, at), '&lt;');
    from = at + 1;
  }
  if (from === 0) return xml;
  parts.push(xml.slice(from));
  return parts.join('');
}
