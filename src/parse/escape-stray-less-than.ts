// A "<" that cannot start markup ("a < b", "<3", "x <= 2") makes a document not well-formed XML:
// rss-parser rejects the whole feed, and the tolerant reader takes it for a tag and folds every item
// after it into one (a real 9-item feed with "AT&T < Verizon" in one title came out as 1 item). The
// Universal Feed Parser reads such text as text; so does the repaired copy, with this escape.

/**
 * `xml` with every "<" that is not followed by a name start character, "/", "!" or "?" written as
 * "&lt;". CDATA sections and comments are left as they are: a "<" there is text already. One pass,
 * linear in the length (an unterminated CDATA section or comment leaves the rest untouched).
 */
export function escapeStrayLessThan(xml: string): string {
  const parts: string[] = [];
  let copied = 0;
  let at = xml.indexOf('<');
  while (at >= 0) {
    const skipTo = xml.startsWith('<![CDATA[', at) ? endOf(xml, ']]>', at) : xml.startsWith('<!--', at) ? endOf(xml, '-->', at) : null;
    if (skipTo !== null) {
      if (skipTo < 0) break;
      at = xml.indexOf('<', skipTo);
      continue;
    }
    if (!canStartMarkup.test(xml.charAt(at + 1))) {
      parts.push(xml.slice(copied, at), '&lt;');
      copied = at + 1;
    }
    at = xml.indexOf('<', at + 1);
  }
  if (copied === 0) return xml;
  parts.push(xml.slice(copied));
  return parts.join('');
}

/** A character that may follow "<" in markup: a name start (XML 1.0 §2.3, any non-ASCII included), "/", "!" or "?". */
const canStartMarkup = /^[A-Za-z_:/!?\u00c0-\uffff]/;

/** The index just after `terminator` following `from`, or -1 when the document never has it. */
function endOf(xml: string, terminator: string, from: number): number {
  const end = xml.indexOf(terminator, from);
  return end < 0 ? -1 : end + terminator.length;
}
