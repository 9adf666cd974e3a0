// A "<" that does not start markup ("a < b", "<3", "x<y", "Preis<Wert", "<<Neu>>") makes a document not
// well-formed XML: rss-parser rejects the whole feed, and the tolerant reader takes it for a tag that
// never ends and folds every item after it into one (a real 9-item feed with "AT&T < Verizon" in one
// title came out as 1 item). Looking at the one character after "<" is not enough: "x<y" and "<_<" start
// like tags. What decides is what a reader can make of what follows, as the Universal Feed Parser's
// loose parser and Miniflux read such titles as text:
// - lexically, a tag is whole: "<name …>" with quoted values and no "<" before its ">", "</name…>", a
//   comment, CDATA section or processing instruction that is closed. "x<y</title>" is no tag;
// - structurally, an element is closed by its end tag before its parent is: "<Neu>" in
//   "<title><<Neu>> Kanzler tritt zurück</title>" is whole, but </title> comes first, so it is text.
// Such a "<" is written as "&lt;", and the repaired copy then reads every item with its title as written.
// An element that carries text which may be HTML (an RSS description or content:encoded, an Atom summary
// or content that is not xhtml, a title) is different: its content is one HTML string for every reader.
// When that content is not well-formed ("Ein <b>Text<br>mit</b> Umbruch", "<p>Absatz<img src=…></p>"),
// escaping only the stray "<"s would keep "<b>" an element (its text lost to the lead) and make "<br>"
// visible text; so every "<" of that content outside CDATA sections is escaped, and the reader receives
// the whole HTML string as the feed meant it.

/**
 * `xml` with every "<" that starts no markup written as "&lt;": one that starts no whole tag, comment,
 * CDATA section or processing instruction; an end tag for no open element; and the start tag of an
 * element still open when an enclosing element ends. Element names are matched case-insensitively, as
 * the tolerant readers match them. Elements still open at the end stay as they are (a cut-off document
 * is closed elsewhere). CDATA sections and comments are left as they are: a "<" there is text already
 * (an unterminated one leaves the rest of the document as it is). In an HTML-bearing element with any
 * such "<" inside, every "<" of its content outside CDATA sections is escaped.
 * One pass over the document and one over its open elements: linear in its length.
 */
export function escapeStrayLessThan(xml: string): string {
  const stray: number[] = [];
  const open: OpenElement[] = [];
  // Content ranges of HTML-bearing elements to escape whole, none inside another, in document order.
  const htmlContent: { from: number; to: number }[] = [];
  const openCount = new Map<string, number>();
  const ends = new SectionEnds(xml);
  let at = xml.indexOf('<');
  while (at >= 0) {
    const next = xml.charAt(at + 1);
    let resumeAt = at + 1;
    if (next === '!' || next === '?') {
      const section = xml.startsWith('<!--', at) ? '-->' : xml.startsWith('<![CDATA[', at) ? ']]>' : null;
      if (section !== null) {
        const end = ends.after(section, at + (section === '-->' ? 4 : 9));
        // Unterminated: the rest of the document is inside it, and it stays as it is (not well-formed).
        if (end < 0) break;
        resumeAt = end;
      } else if (next === '?') {
        // A processing instruction "<?target …?>" read as one only when it ends before the next "<": a
        // "Was nun<?" in a title must not swallow the items up to some "?>" further on.
        const end = ends.after('?>', at + 2);
        const nextLess = xml.indexOf('<', at + 1);
        if (end < 0 || (nextLess >= 0 && nextLess < end) || !/[A-Za-z_:]/.test(xml.charAt(at + 2))) stray.push(at);
        else resumeAt = end;
      } else if (!/[A-Za-z]/.test(xml.charAt(at + 2))) {
        // "<!" that starts no declaration ("Achtung<!>").
        stray.push(at);
      }
    } else {
      tag.lastIndex = at;
      const match = tag.exec(xml);
      if (!match) stray.push(at);
      else if (match[1] !== undefined) {
        resumeAt = tag.lastIndex;
        if (match[3] !== '/') {
          const name = match[1].toLowerCase();
          const carriesHtml = htmlBearing.has(name.slice(name.indexOf(':') + 1)) && name !== 'media:content' && !xmlContent.test(match[0]);
          open.push({ name, at, contentFrom: tag.lastIndex, strayBefore: stray.length, carriesHtml });
          openCount.set(name, (openCount.get(name) ?? 0) + 1);
        }
      } else {
        resumeAt = tag.lastIndex;
        const name = match[4]!.toLowerCase();
        if (!openCount.get(name)) stray.push(at);
        else {
          // Close the innermost element of that name; those opened inside it and never closed are text.
          for (let top = open.pop()!; ; top = open.pop()!) {
            openCount.set(top.name, openCount.get(top.name)! - 1);
            if (top.name === name) {
              if (top.carriesHtml && stray.length > top.strayBefore) {
                // Ranges found inside this one are part of it (linear: each range is dropped once).
                while (htmlContent.length > 0 && htmlContent[htmlContent.length - 1]!.from >= top.contentFrom) htmlContent.pop();
                htmlContent.push({ from: top.contentFrom, to: at });
              }
              break;
            }
            stray.push(top.at);
          }
        }
      }
    }
    at = xml.indexOf('<', resumeAt);
  }
  if (stray.length === 0) return xml;
  for (const { from, to } of htmlContent) {
    for (let less = xml.indexOf('<', from); less >= 0 && less < to; less = xml.indexOf('<', less + 1)) {
      if (xml.startsWith('<![CDATA[', less)) less = xml.indexOf(']]>', less + 9);
      else stray.push(less);
    }
  }
  // Start tags found stray at their parent's end come after the "<"s found on the way, and a range holds
  // "<"s found stray already: sort once, and escape each "<" once.
  const positions = Uint32Array.from(stray).sort();
  const parts: string[] = [];
  let copied = 0;
  for (const position of positions) {
    if (position < copied) continue;
    parts.push(xml.slice(copied, position), '&lt;');
    copied = position + 1;
  }
  parts.push(xml.slice(copied));
  return parts.join('');
}

// A whole start tag (group 1 the name, group 3 "/" when empty) or end tag (group 4 the name). A name
// starts as XML 1.0 §2.3 says (any non-ASCII character admitted); attribute values are quoted and hold no
// "<". Every run that a later part of the pattern could also match (the name, whose characters the run
// after it and the end tag's "[^<>]*" admit too; a run of other characters) is taken whole and never
// given back: "(?=(…))\1" is an atomic group. Given back one character at a time, "<" followed by a
// long run of name characters ("Eins<aaaa…", a CJK paragraph) cost time quadratic in that run (80,000
// characters: 14 s). So a match attempt reads no further than the next "<" and fails in time linear in
// what it read: the whole repair stays linear in the document's length.
const nameStart = 'A-Za-z_:\\u00c0-\\uffff';
const nameChar = `${nameStart}0-9.\\-\\u00b7`;
const namePattern = `[${nameStart}][${nameChar}]*`;
const tag = new RegExp(
  `<(?:(?=(${namePattern}))\\1(?:(?=([^<>"'/]+))\\2|"[^<"]*"|'[^<']*'|/(?!>))*(/?)>|/(?=(${namePattern}))\\4[^<>]*>)`,
  'y',
);

interface OpenElement {
  name: string;
  at: number;
  /** Where its content starts, and how many "<"s were found stray before it. */
  contentFrom: number;
  strayBefore: number;
  /** Whether its content is text that may be HTML (below). */
  carriesHtml: boolean;
}

// Elements whose content is text that may hold HTML, by local name: RSS description (also media:, itunes:
// and dc: ones), content:encoded, Atom summary, content, title, subtitle (Atom 0.3 tagline).
// Not Media RSS's <media:content>: it holds elements (media:title, media:thumbnail), not text.
const htmlBearing = new Set(['description', 'encoded', 'summary', 'content', 'title', 'subtitle', 'tagline']);
// Atom type="xhtml" (and Atom 0.3 mode="xml") content is XML: its markup is elements, not text.
const xmlContent = /\s(?:type\s*=\s*["'][^"']*xhtml|mode\s*=\s*["']xml["'])/i;

/**
 * Where a comment, CDATA section or processing instruction ends. Remembers the last answer for each
 * terminator, so that a million unclosed "<!--" cost one search, not a million.
 */
class SectionEnds {
  private readonly found = new Map<string, number>();

  constructor(private readonly xml: string) {}

  /** The index just after the first `terminator` at or after `from`, or -1 when none follows. */
  after(terminator: string, from: number): number {
    const known = this.found.get(terminator);
    if (known !== undefined && (known < 0 || known >= from)) return known < 0 ? -1 : known + terminator.length;
    const index = this.xml.indexOf(terminator, from);
    this.found.set(terminator, index);
    return index < 0 ? -1 : index + terminator.length;
  }
}
