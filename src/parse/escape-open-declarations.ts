// sax (under rss-parser) reads "<!" that starts no comment or CDATA section as a markup declaration up to
// its ">", and on every character of it concatenates what it read so far and tests the whole against
// /^\[CDATA\[$/i and /^DOCTYPE$/i: quadratic in the declaration's length. "<!a" written 20,000 times into a
// 60 KB description (each "<" is part of the same declaration) took 32 s of CPU, on the polling thread,
// where parse.timeoutSeconds cannot stop it (documents under 64 KB are parsed in place). After the
// DOCTYPE is dropped (prepareXml), no declaration can stand in a feed's body, so such a "<!" is text.

const greaterThan = 0x3e;
/** Longest declaration left as written ("<![endif]>" in HTML written unescaped); sax's cost is about its square. */
const maxDeclarationLength = 256;

/**
 * `xml` with each "<!" that starts no comment, CDATA section or DOCTYPE, and whose ">" is not within
 * maxDeclarationLength characters and before the next "<", written "&lt;!": text, as the repair reads a
 * "<!" that starts no declaration. Comments and CDATA sections are skipped whole (a "<!" in them is
 * their text); one left open runs to the end. Linear; the same string when nothing is escaped.
 */
export function escapeOpenDeclarations(xml: string): string {
  const escaped: number[] = [];
  for (let at = xml.indexOf('<!'); at >= 0;) {
    let resume: number;
    if (xml.startsWith('<!--', at)) resume = sectionEnd(xml, '-->', at + 4);
    else if (xml.startsWith('<![CDATA[', at)) resume = sectionEnd(xml, ']]>', at + 9);
    else {
      resume = at + 2;
      if (!/^doctype/i.test(xml.slice(at + 2, at + 9))) {
        // Looked for only up to the next "<" and the length bound, so that each character is read a bounded number of times.
        const nextLess = xml.indexOf('<', at + 2);
        const limit = Math.min(nextLess < 0 ? xml.length : nextLess, at + maxDeclarationLength);
        let close = at + 2;
        while (close < limit && xml.charCodeAt(close) !== greaterThan) close++;
        if (close >= limit) escaped.push(at);
      }
    }
    if (resume < 0) break;
    at = xml.indexOf('<!', resume);
  }
  if (escaped.length === 0) return xml;
  const parts: string[] = [];
  let from = 0;
  for (const at of escaped) {
    parts.push(xml.slice(from, at), '&lt;');
    from = at + 1;
  }
  parts.push(xml.slice(from));
  return parts.join('');
}

/** Index just after the `end` that closes a section whose content starts at `from`, -1 when none does. */
function sectionEnd(xml: string, end: string, from: number): number {
  const found = xml.indexOf(end, from);
  return found < 0 ? -1 : found + end.length;
}
