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
// HTML written unescaped but well-formed ("Ein <b>fetter</b> Text", "<p>Absatz</p><p>Zwei</p>") is the
// same string: the feed's own text elements (RSS/RDF description, content:encoded, Atom summary, content,
// title, subtitle of type text or html) hold no elements, so their child elements are HTML, as the
// Universal Feed Parser and Miniflux read them. Left as elements, xml2js keeps only the text outside them
// ("Ein  Text") and the tolerant reader loses their order. So their "<"s are escaped too, and every "&"
// outside CDATA ("&amp;", "&quot;" in an attribute value, "&lt;div&gt;" in the text), so that the reader
// hands over the HTML as written: markup written as text stays text. Not Media RSS or other extension
// elements (media:description, itunes:summary), nor a text element's name inside XML content (an HTML5
// <summary> in Atom xhtml content, an SVG <title>): their markup is left to the reader.
import { asciiLowerCase } from './ascii-lower-case.js';

/**
 * `xml` with every "<" that starts no markup written as "&lt;": one that starts no whole tag, comment,
 * CDATA section or processing instruction; an end tag for no open element; and the start tag of an
 * element still open when an enclosing element ends. Element names are matched case-insensitively, as
 * the tolerant readers match them. Elements still open at the end stay as they are (a cut-off document
 * is closed elsewhere). CDATA sections and comments are left as they are: a "<" there is text already
 * (an unterminated one leaves the rest of the document as it is). In an HTML-bearing element with any
 * such "<" inside, or in a text element of the feed (RSS description, content:encoded, Atom summary,
 * content, title of type text or html) with a child element, every "<" of its content outside CDATA
 * sections is escaped, and every "&" there: the reader receives the HTML string.
 * One pass over the document and one over its open elements: linear in its length.
 */
export function escapeStrayLessThan(xml: string): string {
  return escapeLessThan(xml, false);
}

/**
 * `xml` with only the HTML in its text elements escaped (the content of the elements above that would
 * be escaped whole), every other "<" as it is: what the strict reader reads first. A well-formed
 * document's markup elsewhere stays markup, such as a "<?pi </channel> ?>" that the repair would read
 * as a stray "<?" (a "<" before its "?>").
 */
export function escapeHtmlInTextElements(xml: string): string {
  // Most documents hold no such HTML (it sits in CDATA sections or is escaped): a quick look that finds
  // none spares them the full pass, 6–10 % of parseFeed on the bench's 5 MB feeds (BENCHMARKS.md).
  return textElementsHoldOnlyText(xml) ? xml : escapeLessThan(xml, true);
}

/**
 * True when escapeLessThan(xml, true) would return `xml` as it is, because the content of every element
 * that could be escaped whole (an HTML-bearing element, a text element of the feed: their start tags read
 * as escapeLessThan reads them) is text, CDATA sections and comments up to that element's own end tag.
 * Then no "<" inside one is stray and none starts a child element, so nothing is escaped; a document
 * with anything else in one (a child element, a stray "<", a processing instruction, an unterminated
 * section) gets the full pass. It looks at the "<"s the full pass looks at or more (it skips only the
 * CDATA sections and comments that the full pass skips too), so it misses no such element; and per "<"
 * it reads only the name, not the whole tag, and keeps no stack: several times cheaper than the full pass.
 */
function textElementsHoldOnlyText(xml: string): boolean {
  let at = xml.indexOf('<');
  while (at >= 0) {
    const next = xml.charCodeAt(at + 1);
    if (next === exclamationMark) {
      const end = sectionEnd(xml, at);
      // Unterminated: the full pass stops there, and decides.
      if (end === -1) return false;
      at = xml.indexOf('<', end === null ? at + 1 : end);
      continue;
    }
    const nameEnd = endOfName(xml, at + 1);
    if (nameEnd === at + 1 || !mayCarryHtml(xml, at + 1, nameEnd)) {
      at = xml.indexOf('<', at + 1);
      continue;
    }
    const contentEnd = endOfTextContent(xml, at, nameEnd);
    if (contentEnd === -1) return false;
    at = xml.indexOf('<', contentEnd);
  }
  return true;
}

const exclamationMark = 0x21;

/**
 * Where the CDATA section or comment at `at` ends (just after it), -1 when it is unterminated, null when
 * "<!" starts neither (a declaration, or a stray "<!"): as escapeLessThan reads them.
 */
function sectionEnd(xml: string, at: number): number | null {
  const terminator = xml.startsWith('<![CDATA[', at) ? ']]>' : xml.startsWith('<!--', at) ? '-->' : null;
  if (terminator === null) return null;
  const end = xml.indexOf(terminator, at + (terminator === '-->' ? 4 : 9));
  return end < 0 ? -1 : end + 3;
}

/** The end of the run of XML name characters (`nameChar` below) that starts at `from`. */
function endOfName(xml: string, from: number): number {
  let end = from;
  for (let code = xml.charCodeAt(end); isNameCharacter(code); code = xml.charCodeAt(++end));
  return end;
}

/** True for a UTF-16 code unit `tag` admits in a name (`nameChar` below). */
function isNameCharacter(code: number): boolean {
  return (
    isNameStart(code) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2e ||
    code === 0x2d ||
    code === 0xb7 ||
    (code >= 0x300 && code <= 0x36f) ||
    code === 0x203f ||
    code === 0x2040
  );
}

/** True when the name xml[from, to) could name an element whose content escapeLessThan escapes whole. */
function mayCarryHtml(xml: string, from: number, to: number): boolean {
  let localFrom = from;
  while (localFrom < to && xml.charCodeAt(localFrom) !== colon) localFrom++;
  localFrom = localFrom < to ? localFrom + 1 : from;
  // Plain loops, no closures: this runs for every "<" with a name.
  for (const name of htmlBearingNames) if (name.length === to - localFrom && namedInAnyCase(xml, localFrom, name)) return true;
  return false;
}

/** True when xml[from, from + name.length) is `name` (lower-case ASCII letters) in any case, as toLowerCase compares it. */
function namedInAnyCase(xml: string, from: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if ((xml.charCodeAt(from + k) | 0x20) !== name.charCodeAt(k)) return false;
  return true;
}

/**
 * For the start tag at `at` (its name ends at `nameEnd`) of an element named like one whose content
 * escapeLessThan may escape whole: the index just after its end tag when its content is text, CDATA
 * sections and comments only (or it is no such element: not a whole start tag, empty, or one
 * escapeLessThan never escapes whole), else -1.
 */
function endOfTextContent(xml: string, at: number, nameEnd: number): number {
  let written: string;
  let contentFrom: number;
  let startTag: string | null = null;
  // "<title>" and "<summary type="html">" are whole start tags as `tag` reads them, and no XML content:
  // read without the regular expression, as most text elements are written.
  let plainLength = xml.charCodeAt(nameEnd) === greaterThan ? 1 : undefined;
  for (let k = 0; plainLength === undefined && k < plainTypes.length; k++) {
    if (xml.startsWith(plainTypes[k]!, nameEnd)) plainLength = plainTypes[k]!.length;
  }
  if (plainLength !== undefined && isNameStart(xml.charCodeAt(at + 1))) {
    written = xml.slice(at + 1, nameEnd);
    contentFrom = nameEnd + plainLength;
  } else {
    tag.lastIndex = at;
    const start = tag.exec(xml);
    // No start tag (a stray "<title" in text): the full pass finds it stray, which matters only inside an
    // element that carries HTML, and that element's own look here sees this "<" in its content.
    if (start === null || start[1] === undefined || start[3] === '/') return at + 1;
    written = start[1];
    contentFrom = tag.lastIndex;
    startTag = start[0];
  }
  const name = asciiLowerCase(written);
  const carriesHtml =
    htmlBearing.has(name.slice(name.indexOf(':') + 1)) && name !== 'media:content' && (startTag === null || !xmlContent.test(startTag));
  // Whether its children could be HTML; the full pass also asks that no element around it holds XML
  // or HTML, which only makes it escape less.
  const childrenMayBeHtml = textElements.has(name) && (startTag === null || holdsTextOrHtml(startTag));
  if (!carriesHtml && !childrenMayBeHtml) return contentFrom;
  let from = contentFrom;
  for (;;) {
    const less = xml.indexOf('<', from);
    if (less < 0) return -1;
    if (xml.charCodeAt(less + 1) === exclamationMark) {
      const end = sectionEnd(xml, less);
      if (end === null || end === -1) return -1;
      from = end;
      continue;
    }
    // Its end tag as written ("</title>"), else any end tag `tag` reads with its name ("</TITLE >").
    const endTagEnd = less + 2 + written.length;
    if (xml.charCodeAt(less + 1) === slash && xml.startsWith(written, less + 2) && xml.charCodeAt(endTagEnd) === greaterThan) {
      return endTagEnd + 1;
    }
    tag.lastIndex = less;
    const end = tag.exec(xml);
    return end !== null && end[4] !== undefined && asciiLowerCase(end[4]) === name && endTagKind(end[0], end[4].length) !== 'text'
      ? tag.lastIndex
      : -1;
  }
}

const greaterThan = 0x3e;
// What XML 1.0 §3.1 admits between an end tag's name and its ">".
const xmlSpacesOnly = /^[ \t\r\n]*$/;
/**
 * Whitespace-like characters that end a name (none is an XML name character) and, between an end tag's
 * name and its ">", are padding: XML's spaces, NEL (U+0085), NO-BREAK SPACE, U+2000–U+200B (the Unicode
 * space separators and ZERO WIDTH SPACE), the line and paragraph separators, NARROW NO-BREAK SPACE,
 * MEDIUM MATHEMATICAL SPACE, IDEOGRAPHIC SPACE and the BOM (U+FEFF), for a regular expression's
 * character class.
 */
export const endTagPadding = '\\t\\n\\r \\u0085\\u00a0\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const paddingOnly = new RegExp(`^[${endTagPadding}]*$`);

/**
 * How the end tag `endTag` (as `tag` reads it, its name `nameLength` long) ends its element. "plain":
 * only XML's spaces after the name. "padded": whitespace-like padding only ("</item\u0085>"), written
 * "</item>" in the repaired copy. "as-written": anything else, after an ASCII or Latin-1 character
 * ("</title and Jerry>"): it ends its element and stays as written, as when names took in every character
 * from U+00C0 on. "text": anything else, after a character such a name took in ("</title—and Jerry>",
 * "</description… more>", "</item\u200b> y"): a stray "<", as then. Read as padding, the text up to ">"
 * was dropped. (readEndTag makes an "as-written" one followed by the element's own end tag text too.)
 */
function endTagKind(endTag: string, nameLength: number): 'plain' | 'padded' | 'as-written' | 'text' {
  const after = endTag.slice(2 + nameLength, -1);
  if (xmlSpacesOnly.test(after)) return 'plain';
  if (paddingOnly.test(after)) return 'padded';
  return after.charCodeAt(0) < 0xc0 ? 'as-written' : 'text';
}
// ZERO WIDTH NON-JOINER and JOINER (U+200C, U+200D) at the end of an end tag's name.
const trailingJoiners = /[\u200c\u200d]+$/;

/**
 * The name an end tag `endTag` (its name as written `written`, `tag` read it up to `after` in `xml`) closes,
 * and how (endTagKind). ZWJ and ZWNJ are XML name characters (§2.3), so "</item\u200d>" names an element
 * "item\u200d"; when none of that name is open and an "item" is, the joiners are padding, as the Universal
 * Feed Parser reads them (it keeps the item; sax and the tolerant reader lost it). A text element's end tag
 * (title, description, content:encoded, Atom summary, content, subtitle) with text after the name ("</title and
 * Jerry>", "</description and y>") whose next "<" is a plain end tag of the same name is part of the element
 * that one closes (`inOwnText`), and the repaired copy drops it: the Universal Feed Parser skips it and keeps
 * what follows ("Tom  end", "x  z"); ended there, the element lost it. Only a text element: in a link or guid
 * that tag would stay ("https://e.example/1</link x>"), so there it ends the element, as it did (and the
 * Universal Feed Parser keeps those clean too).
 */
function readEndTag(
  endTag: string,
  written: string,
  openAt: Map<string, number[]>,
  xml: string,
  after: number,
): { name: string; written: string; kind: ReturnType<typeof endTagKind>; inOwnText: boolean } {
  let name = asciiLowerCase(written);
  let kind = endTagKind(endTag, written.length);
  if (!openAt.get(name)?.length && trailingJoiners.test(name)) {
    const bare = name.replace(trailingJoiners, '');
    if (bare !== '' && openAt.get(bare)?.length) {
      name = bare;
      written = written.slice(0, bare.length);
      if (kind === 'plain') kind = 'padded';
    }
  }
  if (kind === 'as-written' && textElements.has(name)) {
    const next = xml.indexOf('<', after);
    if (next >= 0 && xml.charCodeAt(next + 1) === slash) {
      nextTag.lastIndex = next;
      const end = nextTag.exec(xml);
      if (end?.[4] !== undefined && asciiLowerCase(end[4]) === name && endTagKind(end[0], end[4].length) === 'plain') {
        return { name, written, kind: 'text', inOwnText: true };
      }
    }
  }
  return { name, written, kind, inOwnText: false };
}
const colon = 0x3a;
const slash = 0x2f;
// Start tags whose one attribute makes their content text or HTML, not XML, written as most feeds write them.
const plainTypes = [' type="html">', ' type="text">'];

/** True for a UTF-16 code unit `tag` admits first in a name (`nameStart` below). */
function isNameStart(code: number): boolean {
  if (code < 0xc0) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x3a;
  // CJK, Hangul and the surrogates first: the run of letters a "<" in an Asian title is followed by.
  if (code >= 0x3001 && code <= 0xdfff) return true;
  for (let k = 0; k < nonAsciiNameStart.length; k += 2) if (code >= nonAsciiNameStart[k]! && code <= nonAsciiNameStart[k + 1]!) return true;
  return false;
}

function escapeLessThan(xml: string, htmlOnly: boolean): string {
  const stray: number[] = [];
  const open: OpenElement[] = [];
  // Content ranges of HTML-bearing elements to escape whole, none inside another, in document order.
  const htmlContent: { from: number; to: number; divsOnly: boolean }[] = [];
  // Where in `open` the elements of each name are, innermost last.
  const openAt = new Map<string, number[]>();
  // End tags that close an element and hold whitespace-like padding after the name ("</item\u0085>"), in
  // document order: written "</item>" in the repaired copy unless they lie in HTML content (escaped whole).
  const paddedEndTags: { at: number; to: number; name: string }[] = [];
  // End tags of a text element that are text of the one its next end tag closes ("</description and y>", readEndTag).
  const ownEndTagsInText: { at: number; to: number }[] = [];
  let startTags = 0;
  let otherThanDiv = 0;
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
        startTags++;
        if (!/^(?:xhtml:)?div$/i.test(match[1])) otherThanDiv++;
        if (match[3] !== '/') {
          const name = asciiLowerCase(match[1]);
          const carriesHtml = htmlBearing.has(name.slice(name.indexOf(':') + 1)) && name !== 'media:content' && !xmlContent.test(match[0]);
          const parent = open[open.length - 1];
          // Inside XML content (Atom xhtml, an XML media type, mode="xml") or inside a text element already,
          // a text element's name is XML's or the HTML's own (HTML5 <summary> in <details>, <svg><title>).
          const inElements = parent !== undefined && (parent.inElements || parent.childrenAreHtml || parent.holdsElements);
          const textElement = textElements.has(name);
          const childrenAreHtml = textElement && !inElements && holdsTextOrHtml(match[0]);
          const textAt = carriesHtml || childrenAreHtml ? open.length : (parent?.textAt ?? -1);
          const positions = openAt.get(name);
          if (positions) positions.push(open.length);
          else openAt.set(name, [open.length]);
          open.push({
            name,
            at,
            contentFrom: tag.lastIndex,
            strayBefore: stray.length,
            startTagsBefore: startTags,
            otherThanDivBefore: otherThanDiv,
            carriesHtml,
            childrenAreHtml,
            inElements,
            holdsElements: xmlContent.test(match[0]) || (textElement && !holdsTextOrHtml(match[0])),
            textAt,
          });
        }
      } else {
        resumeAt = tag.lastIndex;
        const { name, written, kind, inOwnText } = readEndTag(match[0], match[4]!, openAt, xml, resumeAt);
        const closing = openAt.get(name);
        // A padded end tag that would close an element around a text element (a description around
        // "</item\u200b>") is text, as when the padding was read as part of the name: the description keeps
        // it. (An unpadded one ends the item: a stated limit.)
        const aroundText = kind === 'padded' && open.length > 0 && open[open.length - 1]!.textAt > (closing?.at(-1) ?? Infinity);
        // Text of its own element, dropped below: not a stray "<" in it, which would make an element that
        // carries HTML escape its content whole (an entity-escaped description's "&lt;p&gt;" then stayed text).
        if (inOwnText) ownEndTagsInText.push({ at, to: resumeAt });
        else if (!closing?.length || kind === 'text' || aroundText) stray.push(at);
        else {
          // Close the innermost element of that name; those opened inside it and never closed are text.
          for (let top = open.pop()!; ; top = open.pop()!) {
            openAt.get(top.name)!.pop();
            if (top.name === name) {
              if (!htmlOnly && kind === 'padded') paddedEndTags.push({ at, to: resumeAt, name: written });
              const strayInside = top.carriesHtml && stray.length > top.strayBefore;
              if (strayInside || (top.childrenAreHtml && startTags > top.startTagsBefore)) {
                // Ranges found inside this one are part of it (linear: each range is dropped once).
                while (htmlContent.length > 0 && htmlContent[htmlContent.length - 1]!.from >= top.contentFrom) htmlContent.pop();
                // Only <div>s in a text element without a stray "<" (TypePad's "<div xmlns=…>&lt;p&gt;…</div>"):
                // its text is escaped HTML, as the Universal Feed Parser reads it; its "&"s stay as they are.
                const divsOnly = !strayInside && otherThanDiv === top.otherThanDivBefore;
                htmlContent.push({ from: top.contentFrom, to: at, divsOnly });
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
  if (htmlContent.length === 0 && (htmlOnly || (stray.length === 0 && paddedEndTags.length === 0 && ownEndTagsInText.length === 0))) {
    return xml;
  }
  const escaped = htmlOnly ? [] : stray;
  const replaced = new Map<number, { to: number; text: string }>();
  // Dropped from the repaired copy, and from HTML escaped whole, as the Universal Feed Parser drops it
  // ("x </description and y> z" is read "x  z"): left as text, a description's plain text showed it
  // ("description" is no HTML element, so the plain-text rule keeps it) and its HTML carried it. (The copy
  // the strict reader reads first keeps it outside such HTML: that copy is not well-formed, the repair runs.)
  for (const own of ownEndTagsInText) {
    if (!htmlOnly) escaped.push(own.at);
    replaced.set(own.at, { to: own.to, text: '' });
  }
  // A reader that stops at such an end tag loses the rest of the document (sax: "Invalid characters in
  // closing tag"); one that reads on takes it for text and the element for unclosed (the next item became
  // part of this one). XML 1.0 §3.1 allows only #x20, #x9, #xD and #xA there; NEL (U+0085, an XML 1.1 line
  // end), ZERO WIDTH SPACE or NO-BREAK SPACE after the name end the element as the Universal Feed Parser
  // ends it. Ranges and end tags are both in document order: one pass over each.
  let range = 0;
  for (const padded of paddedEndTags) {
    while (range < htmlContent.length && htmlContent[range]!.to <= padded.at) range++;
    if (range < htmlContent.length && htmlContent[range]!.from <= padded.at) continue;
    escaped.push(padded.at);
    replaced.set(padded.at, { to: padded.to, text: `</${padded.name}>` });
  }
  // In HTML content: every "<" and every "&" outside CDATA sections (the reader's XML decoding then hands
  // over the HTML as written: "&lt;div&gt;" in the text stays text, "&amp;" in an href stays "&amp;");
  // a processing instruction is dropped (as the Universal Feed Parser does), an empty element that HTML
  // has no void element for ("<a id="top"/>") is written with its end tag, else the text after it would
  // become its content. The ranges hold no unterminated CDATA section: the pass above stops at one, so no
  // range is closed after it. A comment in a range is text (below).
  // Searched afresh: the ranges are read in document order again, from the first.
  const rangeEnds = new SectionEnds(xml);
  for (const { from, to, divsOnly } of htmlContent) {
    htmlMarkup.lastIndex = from;
    for (let found = htmlMarkup.exec(xml); found !== null && found.index < to; found = htmlMarkup.exec(xml)) {
      const at = found.index;
      if (found[0] === '&') {
        if (!divsOnly) escaped.push(at);
      } else if (found[0] === '<!--') {
        // A comment is text here, all of it: its "<"s and "&"s are escaped as the rest, and what looks like
        // a CDATA section or processing instruction in it is text of the comment. Read as markup, a
        // "<![CDATA[" in it jumped to some "]]>" past the range's end (whose items the CDATA section then
        // swallowed, the comment's "<" being escaped) or, with none after it, looped for ever. It ends
        // inside the range: the pass above skipped it whole and found the range's end tag after it. Its "&"s
        // are escaped in a range of <div>s too (a bare "&" there made the copy unreadable), and a "]]>" in it
        // is written "]]&gt;", which the copy's text may not hold (XML 1.0 §2.4).
        const end = rangeEnds.after('-->', at + 4);
        const commentEnd = end < 0 || end > to ? to : end;
        escaped.push(at);
        for (let k = at + 4; k < commentEnd; k++) {
          const code = xml.charCodeAt(k);
          if (code === lessThan || code === ampersand) escaped.push(k);
          else if (code === greaterThan && xml.startsWith(']]', k - 2)) {
            escaped.push(k);
            replaced.set(k, { to: k + 1, text: '&gt;' });
          }
        }
        htmlMarkup.lastIndex = commentEnd;
      } else if (found[0] === '<![CDATA[') {
        // Outside comments a "<![CDATA[" here starts a section that the pass above skipped, so it is terminated.
        const end = rangeEnds.after(']]>', at + 9);
        if (end < 0) escaped.push(at);
        else htmlMarkup.lastIndex = end;
      } else if (found[0] === '<?') {
        const end = rangeEnds.after('?>', at + 2);
        const nextLess = xml.indexOf('<', at + 1);
        if (end >= 0 && end <= to && (nextLess < 0 || nextLess >= end - 2) && /[A-Za-z_:]/.test(xml.charAt(at + 2))) {
          escaped.push(at);
          replaced.set(at, { to: end, text: '' });
          htmlMarkup.lastIndex = end;
        } else escaped.push(at);
      } else {
        escaped.push(at);
        tag.lastIndex = at;
        const element = tag.exec(xml);
        if (divsOnly && element !== null) {
          const whole = element[0];
          for (let amp = whole.indexOf('&'); amp >= 0; amp = whole.indexOf('&', amp + 1)) escaped.push(at + amp);
          htmlMarkup.lastIndex = tag.lastIndex;
        }
        if (element?.[3] === '/' && !voidElements.has(asciiLowerCase(element[1]!))) {
          const slash = tag.lastIndex - 2;
          escaped.push(slash);
          replaced.set(slash, { to: slash + 2, text: `>&lt;/${element[1]}>` });
        }
      }
    }
  }
  // Start tags found stray at their parent's end come after the "<"s found on the way, and a range holds
  // "<"s found stray already: sort once, and escape each character once.
  const positions = Uint32Array.from(escaped).sort();
  const parts: string[] = [];
  let copied = 0;
  for (const position of positions) {
    if (position < copied) continue;
    const replacement = replaced.get(position);
    parts.push(xml.slice(copied, position), replacement?.text ?? (xml.charAt(position) === '&' ? '&amp;' : '&lt;'));
    copied = replacement?.to ?? position + 1;
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
// XML 1.0 (fifth edition) §2.3 NameStartChar and NameChar, as UTF-16 code units: a character outside them
// ends the name. Admitting all of U+00C0–U+FFFF read "</item\u200b>" (ZERO WIDTH SPACE) as the end tag of
// an element "item\u200b" that is never open, so the item stayed open and swallowed the next. A
// surrogate stands for a character of U+10000–U+EFFFF (in a name), or is no name character at all. Less
// the BOM (U+FEFF, ZERO WIDTH NO-BREAK SPACE): the fifth edition admits it, the fourth did not, and after
// an end tag's name it is padding ("</item\ufeff>"), not part of a name no element has.
const nonAsciiNameStart = [
  0xc0, 0xd6, 0xd8, 0xf6, 0xf8, 0x2ff, 0x370, 0x37d, 0x37f, 0x1fff, 0x200c, 0x200d, 0x2070, 0x218f, 0x2c00, 0x2fef, 0x3001, 0xdfff, 0xf900,
  0xfdcf, 0xfdf0, 0xfefe, 0xff00, 0xfffd,
];
const nameStart = `A-Za-z_:${nonAsciiNameStart.map((code, k) => (k % 2 === 0 ? '\\u' : '-\\u') + code.toString(16).padStart(4, '0')).join('')}`;
const nameChar = `${nameStart}0-9.\\-\\u00b7\\u0300-\\u036f\\u203f-\\u2040`;
const namePattern = `[${nameStart}][${nameChar}]*`;
const tag = new RegExp(
  `<(?:(?=(${namePattern}))\\1(?:(?=([^<>"'/]+))\\2|"[^<"]*"|'[^<']*'|/(?!>))*(/?)>|/(?=(${namePattern}))\\4[^<>]*>)`,
  'y',
);

// The same pattern for readEndTag's look at the next end tag, so that it leaves `tag`'s position alone.
const nextTag = new RegExp(tag.source, tag.flags);

interface OpenElement {
  name: string;
  at: number;
  /** Where its content starts, how many "<"s were found stray before it, how many start tags up to its own. */
  contentFrom: number;
  strayBefore: number;
  startTagsBefore: number;
  otherThanDivBefore: number;
  /** Whether its content is text that may be HTML (below). */
  carriesHtml: boolean;
  /** Whether it is a text element of the feed, whose child elements are HTML (below). */
  childrenAreHtml: boolean;
  /** Whether an element around it holds XML content or HTML: then its children are not HTML of its own. */
  inElements: boolean;
  /** Whether its content is XML (Atom type="xhtml", an XML media type, mode="xml"). */
  holdsElements: boolean;
  /** Where in the open elements the innermost one that carries HTML or whose children are HTML is, up to this one (-1: none). */
  textAt: number;
}

// Elements whose content is text that may hold HTML, by local name: RSS description (also media:, itunes:
// and dc: ones), content:encoded, Atom summary, content, title, subtitle (Atom 0.3 tagline).
// Not Media RSS's <media:content>: it holds elements (media:title, media:thumbnail), not text.
const htmlBearing = new Set(['description', 'encoded', 'summary', 'content', 'title', 'subtitle', 'tagline']);
const htmlBearingNames = [...htmlBearing];
// Atom type="xhtml" (and Atom 0.3 mode="xml") content is XML: its markup is elements, not text.
const xmlContent = /\s(?:type\s*=\s*["'][^"']*xhtml|mode\s*=\s*["']xml["'])/i;

// The feed's own text elements, by name as written: RSS 0.9x/2.0 and RDF description, content:encoded,
// Atom summary, content, title, subtitle (Atom 0.3 tagline), also with the usual "atom:" prefix. They
// hold text, never elements, so a child element in one is HTML written unescaped. Not extension elements
// (media:description, itunes:summary, dc:description): what an extension holds is the extension's.
const textElements = new Set([
  'description',
  'content:encoded',
  ...['summary', 'content', 'title', 'subtitle', 'tagline'].flatMap((name) => [name, `atom:${name}`]),
]);
// What HTML content is read for: a CDATA section, a comment, a processing instruction, any other "<", an "&".
const htmlMarkup = /<!\[CDATA\[|<!--|<\?|<|&/g;
const lessThan = 0x3c;
const ampersand = 0x26;
// HTML's void elements, the only ones that "<x/>" may stand for in HTML.
const voidElements = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const typeAttribute = /\stype\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
// Atom type="xhtml", an XML media type (application/xml, image/svg+xml) or Atom 0.3 multipart content
// holds elements as elements; text, html (and Atom 0.3's text/plain, text/html) hold text.
const textTypes = new Set(['text', 'html', 'text/plain', 'text/html']);

/** True when the start tag `startTag` of a text element has no type, or a type whose content is text or HTML. */
function holdsTextOrHtml(startTag: string): boolean {
  const type = typeAttribute.exec(startTag);
  return type === null || textTypes.has((type[1] ?? type[2] ?? '').trim().toLowerCase());
}

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
