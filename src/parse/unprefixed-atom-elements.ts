// Namespaces in XML: a prefix is only a name for its namespace, so <a:summary> under
// xmlns:a="http://www.w3.org/2005/Atom" is Atom's summary, as the Universal Feed Parser reads it. rss-parser
// matches names literally (it reads an Atom entry's "title", "summary", "content"), and the repair reads
// the feed's text elements by name (escape-stray-less-than.ts): an Atom document that binds the Atom
// namespace to a prefix of its own lost those elements' text (an empty title, no summary). In an Atom
// document the readers take every unprefixed name for Atom's already, so the Atom prefixes are dropped.

// Atom 1.0 (RFC 4287 §2) and Atom 0.3.
const atomNamespaceDeclaration =
  /\bxmlns:([A-Za-z_][\w.-]{0,63})\s*=\s*(["'])\s*(?:http:\/\/www\.w3\.org\/2005\/Atom|http:\/\/purl\.org\/atom\/ns#)\s*\2/g;
const maxPrefixes = 16;

/**
 * An Atom document `xml` with the prefix dropped from every element name whose prefix some xmlns:…
 * declaration in it binds to the Atom namespace ("<a:entry>" → "<entry>", "</a:title>" → "</title>");
 * attributes, text, CDATA sections and comments stay as they are. A document that binds no prefix
 * to Atom, or uses none it binds, is returned as it is. Linear: one pass over the tags' starts.
 */
export function unprefixedAtomElements(xml: string): string {
  if (!xml.includes('xmlns:')) return xml;
  const prefixes = new Set<string>();
  for (const declaration of xml.matchAll(atomNamespaceDeclaration)) {
    const prefix = declaration[1]!;
    // "xml" and "xmlns" may not be bound to it (Namespaces in XML §3); a hostile document gets a few.
    if (prefix !== 'xml' && prefix !== 'xmlns' && prefixes.size < maxPrefixes && xml.includes(`<${prefix}:`)) prefixes.add(prefix);
  }
  if (prefixes.size === 0) return xml;
  const alternatives = [...prefixes].map((prefix) => prefix.replace(/[.]/g, '\\.')).join('|');
  // A CDATA section or comment is text: skipped whole. A prefixed name counts when the name goes on after
  // the colon (an XML name start) and the prefix is all of the written prefix ("<xa:title>" is not "a:").
  const markup = new RegExp(`<!\\[CDATA\\[|<!--|<\\/?(${alternatives}):(?=[A-Za-z_\\u00c0-\\uffff])`, 'g');
  const parts: string[] = [];
  let copied = 0;
  for (let match = markup.exec(xml); match !== null; match = markup.exec(xml)) {
    const prefix = match[1];
    if (prefix === undefined) {
      const terminator = match[0] === '<!--' ? '-->' : ']]>';
      const end = xml.indexOf(terminator, markup.lastIndex);
      if (end < 0) break;
      markup.lastIndex = end + terminator.length;
      continue;
    }
    const nameFrom = match.index + match[0].length - prefix.length - 1;
    parts.push(xml.slice(copied, nameFrom));
    copied = nameFrom + prefix.length + 1;
  }
  if (copied === 0) return xml;
  parts.push(xml.slice(copied));
  return parts.join('');
}
