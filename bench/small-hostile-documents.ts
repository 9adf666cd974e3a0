// npx tsx bench/small-hostile-documents.ts [--only=NAME] — can a feed under 64 KB take long to parse? Such
// documents are parsed in place, on the polling thread, where parse.timeoutSeconds cannot stop a parse
// (parse-pool.ts). Each hostile shape (deep nesting, many attributes, runs of "<", "<!" (also behind a PI or
// attribute quoting "<!--"), "&", entities,
// long dates and URLs, cut-off documents, JSON Feed) is built at about 60 KB and parsed once; prints its
// CPU time (user+system) and outcome. Writes nothing; copy the figures into BENCHMARKS.md with the load.
import os from 'node:os';
import { parseFeed } from '../src/parse/parse-feed.js';
const K = 60 * 1024;
const rep = (s: string, n = Math.floor(K / s.length)) => s.repeat(Math.max(1, n));
const rss = (items: string, head = '') =>
  `<?xml version="1.0"?>${head}<rss version="2.0"><channel><title>T</title><link>https://e.example/</link>${items}</channel></rss>`;
const item = (inner: string) => `<item><title>A</title><link>https://e.example/1</link>${inner}</item>`;
const cases: Record<string, string> = {
  deepNesting: rss(item(rep('<a>', 19000))),
  deepNestingClosed: rss(item(rep('<a>', 9000) + rep('</a>', 9000))),
  manyAttributes: rss(`<item ${rep('a="1" ', 9000)}><title>A</title></item>`),
  manyXmlnsAttrs: rss(`<item ${Array.from({ length: 4000 }, (_, i) => `xmlns:p${i}="u${i}"`).join(' ')}><title>A</title></item>`),
  lessThanRun: rss(item(`<description>${rep('<', K)}</description>`)),
  lessThanLetters: rss(item(`<description>${rep('<a', K / 2)}</description>`)),
  lessThanTitle: rss(item(`<title>${rep('<a ', K / 3)}</title>`)),
  endTagRun: rss(item(`<title>${rep('</a ', K / 4)}</title>`)),
  endTagTitleRun: rss(item(`<title>x${rep('</title y>', K / 10)}</title>`)),
  quotesInTag: rss(item(`<description>${rep('<a "', K / 4)}</description>`)),
  cdataOpens: rss(item(`<description>${rep('<![CDATA[', K / 9)}</description>`)),
  commentOpens: rss(item(`<description>${rep('<!--', K / 4)}</description>`)),
  commentCdataInHtml: rss(item(`<description><b>x</b><!-- ${rep('<![CDATA[', K / 9)}</description>`)),
  piOpens: rss(item(`<description>${rep('<?a', K / 3)}</description>`)),
  bangOpens: rss(item(`<description>${rep('<!a', K / 3)}</description>`)),
  ampRun: rss(item(`<description>${rep('&', K)}</description>`)),
  entityRefs: rss(item(`<description>${rep('&e;', K / 3)}</description>`), `<!DOCTYPE rss [<!ENTITY e "${'x'.repeat(1000)}">]>`),
  nestedEntities: rss(
    item(`<description>${rep('&e9;', 100)}</description>`),
    `<!DOCTYPE rss [<!ENTITY e0 "xxxxxxxxxx">${Array.from({ length: 9 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join('')}]>`,
  ),
  undeclaredEntities: rss(item(`<description>${rep('&nbsp;', K / 6)}</description>`)),
  numericEntities: rss(item(`<description>${rep('&#60;a ', K / 7)}</description>`)),
  longDate: rss(item(`<pubDate>${rep('1 ', K / 2)}</pubDate>`)),
  longDateDigits: rss(item(`<pubDate>${rep('1', K)}</pubDate>`)),
  longDateMixed: rss(item(`<pubDate>Mon, ${rep('01 Jan ', K / 7)}</pubDate>`)),
  longDateColons: rss(item(`<pubDate>${rep('1:', K / 2)}</pubDate>`)),
  longDateDashes: rss(item(`<pubDate>${rep('2026-', K / 5)}</pubDate>`)),
  longDatePlus: rss(item(`<pubDate>2026-01-01T00:00:00${rep('+', K)}</pubDate>`)),
  itunesDuration: rss(item(`<itunes:duration>${rep('1:', K / 2)}</itunes:duration>`)),
  manyItems: rss(rep('<item><title>x</title></item>', K / 29)),
  manyItemsSameGuid: rss(rep('<item><guid>g</guid><title>x</title></item>', K / 40)),
  manyEnclosures: rss(item(rep('<enclosure url="https://e.example/a.mp3" type="audio/mpeg"/>', K / 60))),
  manyCategories: rss(item(rep('<category>c</category>', K / 22))),
  longUrlParams: rss(item(`<guid>x</guid><comments>https://e.example/?${rep('utm_a=1&amp;', K / 12)}</comments>`)).replace(
    '<link>https://e.example/1</link>',
    `<link>https://e.example/?${rep('utm_a=1&amp;', K / 12)}</link>`,
  ),
  longUrlPercent: rss(item('')).replace('<link>https://e.example/1</link>', `<link>https://e.example/${rep('%2', K / 2)}</link>`),
  longUrlSlashes: rss(item('')).replace('<link>https://e.example/1</link>', `<link>https://e.example${rep('/..', K / 3)}</link>`),
  xmlBaseNested: rss(item(rep('<a xml:base="b/">', 5000) + '<link>x</link>')),
  xmlBaseManyLinks: `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://e.example/"><title>T</title>${rep('<entry><title>x</title><link href="a"/></entry>', K / 45)}</feed>`,
  atomXhtmlDeep: `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>x</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${rep('<b>', K / 3)}</div></content></entry></feed>`,
  atomXhtmlFlat: `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>x</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${rep('<b>x</b>', K / 8)}</div></content></entry></feed>`,
  htmlInDescription: rss(item(`<description>${rep('<p><a href="x">y</a></p>', K / 24)}</description>`)),
  htmlUnclosedA: rss(item(`<description>${rep('<a href="/x">', K / 13)}</description>`)),
  escapedHtmlTags: rss(item(`<description>${rep('&lt;a href="x"', K / 15)}</description>`)),
  escapedHtmlComment: rss(item(`<description>${rep('&lt;!--', K / 7)}</description>`)),
  escapedScript: rss(item(`<description>${rep('&lt;script&gt;', K / 14)}</description>`)),
  titleLongWord: rss(item(`<title>${rep('a', K)}</title>`)),
  titleSpaces: rss(item(`<title>${rep(' \u00a0', K / 2)}x</title>`)),
  titleTabs: rss(item(`<title>a${rep('\t', K)}</title>`)),
  titleUnicodeSpaces: rss(item(`<title>${rep('\u200b\u2028', K / 2)}</title>`)),
  cutOff: rss(item('')).slice(0, 200) + rep('<item><title>x', K / 14),
  cutOffTags: '<rss><channel>' + rep('<item><title>', K / 13),
  jsonDeep: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'x', items: [] }).replace('[]', '[' + rep('[', K / 2)),
  jsonCut: '{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[' + rep('{"id":"a","title":"', K / 20),
  jsonCutQuotes: '{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[{"id":"' + rep('\\"', K / 2),
  jsonManyItems: '{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[' + rep('{"id":"a"},', K / 11) + '{"id":"b"}]}',
  rootPrefix: `<${rep('a', K)}:rss></x>`,
  htmlPage: `<html><head>${rep('<link rel="alternate" type="application/rss+xml" href="x">', K / 60)}</head></html>`,
  htmlPageUnclosed: `<html><head>${rep('<link rel="alternate" ', K / 21)}`,
  doctypeRun: `<!DOCTYPE rss [${rep('<!ENTITY a "b">', K / 16)}]><rss/>`,
  doctypeUnclosed: `<!DOCTYPE rss [${rep('<!ENTITY a "', K / 12)}`,
  atomPrefixRun: `<a:feed xmlns:a="http://www.w3.org/2005/Atom">${rep('<a:entry><a:title>x</a:title></a:entry>', K / 40)}</a:feed>`,
  distinctAttrs: rss(`<item ${Array.from({ length: 8000 }, (_, i) => `a${i}=""`).join(' ')}><title>A</title></item>`),
  bangInTitle: rss(item(`<title>${rep('<!a', K / 3)}</title>`)),
  bangInGuid: rss(item(`<guid>${rep('<!a', K / 3)}</guid>`)),
  bangLongText: rss(item(`<description><!a ${rep('x', K)}</description>`)),
  bangLongTextClosed: rss(item(`<description><!a ${rep('x', K)}></description>`)),
  bangQuoted: rss(item(`<description>${rep('<!a "x" ', K / 8)}</description>`)),
  bangBeforeRoot: rep('<!a', K / 3) + rss(item('')),
  // A comment or CDATA opener that sax reads as text of a PI, an attribute value or a comment ("--->" ends
  // none), or a "<" that "&" makes text: no section starts there, so the run after it is a declaration. "< !a"
  // (sax allows the space) in an element not read as HTML.
  bangAfterPiComment: rss(item(`<description>Vor <?x <!-- ?>${rep('<!a', K / 3 - 6)}</description>`)),
  bangAfterPiCdata: rss(item(`<description>Vor <?x <![CDATA[ ?>${rep('<!a', K / 3 - 6)}</description>`)),
  bangAfterAttribute: rss(item(`<description>Vor <x a="<!--"/>${rep('<!a', K / 3 - 6)}</description>`)),
  bangAfterPrologPi: rss(item(`<description>${rep('<!a', K / 3 - 6)}</description>`), '<?x-note <!-- ?>'),
  bangAfterDashes: rss(item(`<description><!-- x ---><![CDATA[ -->${rep('<!a', K / 3 - 10)}]]></description>`)),
  bangAfterAmpersand: rss(item(`<description>a &<![CDATA[ ${rep('<!a', K / 3 - 5)}]]></description>`)),
  bangSpaced: rss(item(`<foo>${rep('< !a', K / 4)}</foo>`)),
  bangCdataLike: rss(item(`<description>${rep('<![CDAT', K / 7)}</description>`)),
  doctypeInBody: rss(item(`<description>${rep('<!DOCTYPE a', K / 11)}</description>`)),
  rdfMany: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>x</title></channel>${rep('<item><title>x</title></item>', K / 29)}</rdf:RDF>`,
};
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
console.log(
  `node ${process.version}, ${os.cpus().length} cpus, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const [name, xml] of Object.entries(cases)) {
  if (only !== undefined && name !== only) continue;
  const body = Buffer.from(xml);
  const t = process.cpuUsage();
  let outcome = '';
  try {
    const f = await parseFeed(body, { url: 'https://e.example/feed', fetchedAt: '2026-02-06T00:00:00.000Z' });
    outcome = `${f.items.length} items`;
  } catch (error) {
    outcome = `error ${(error as { code?: string }).code}`;
  }
  const u = process.cpuUsage(t);
  const ms = (u.user + u.system) / 1000;
  console.log(`${name.padEnd(22)} ${(body.length / 1024).toFixed(0).padStart(4)} KB ${ms.toFixed(0).padStart(6)} ms  ${outcome}`);
}
