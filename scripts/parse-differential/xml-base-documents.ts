// Generated feed documents around xml:base for scripts/parse-differential.ts: Atom and RSS, bases on the
// root, channel, items, links, enclosures and content (absolute, relative, entity-escaped, upper case,
// unsafe schemes), and the shapes a tag scanner can get wrong: stray and spaced end tags, comments, CDATA,
// processing instructions, self-closed items, unquoted and unclosed attributes, a document cut short.
// Deterministic per seed.
import { seededRandom } from '../eval/seeded-random.js';

const bases = [
  'https://www.example.de/',
  'http://example.com/blog/',
  'sub/',
  '../up/',
  '/root/',
  'https://a.example/x?y=1&amp;z=2',
  'javascript:alert(1)',
  '',
  ' https://spaced.example/ ',
  'http:///triple.example/',
  'https://b.example/%7Euser/',
  'mailto:a@b.example',
];
const hrefs = ['meldung.html', '/abs.html', 'https://other.example/a', '../b.html', '?q=1', '#frag', '', 'a&amp;b.html', ' spaced.html '];
const spaces = [' ', '  ', '\n', '\t', '\u00a0', '\u2003'];

/** One generated document for `seed`. */
export function generatedXmlBaseDocument(seed: number): string {
  const random = seededRandom(String(seed));
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const chance = (p: number): boolean => random() < p;
  const baseAttribute = (p: number): string => (chance(p) ? ` ${chance(0.1) ? 'XML:Base' : 'xml:base'}="${pick(bases)}"` : '');
  const atom = chance(0.6);
  const endTag = (name: string): string => (chance(0.05) ? `</${name}${pick(spaces)}>` : `</${name}>`);
  const noise = (): string =>
    pick([
      '',
      '',
      '',
      '<!-- <entry> xml:base="https://comment.example/" -->',
      '<![CDATA[ <link href="cdata.html"/> ]]>',
      '<?pi xml:base="x"?>',
      '</stray>',
      '<x:ext xml:base="ext/"><x:deep href="d.html"/></x:ext>',
      '<br>',
      `<div xmlns="http://www.w3.org/1999/xhtml" xml:base="div/"><a href="a.html">a</a></div>`,
    ]);
  const html = (): string =>
    chance(0.5)
      ? `&lt;p&gt;&lt;a href="${pick(hrefs)}"&gt;Link&lt;/a&gt; &lt;img src="${pick(hrefs)}"&gt;&lt;/p&gt;`
      : `<![CDATA[<p><a href="${pick(hrefs)}">x</a></p>]]>`;
  const items: string[] = [];
  const count = Math.floor(random() * 6);
  for (let i = 0; i < count; i++) {
    if (atom) {
      const parts = [
        `<title>Eintrag ${i}</title>`,
        `<link${baseAttribute(0.2)} rel="alternate" href="${pick(hrefs)}"${chance(0.8) ? '/>' : `></link>`}`,
        chance(0.3) ? `<link rel="enclosure" type="audio/mpeg" href="${pick(hrefs)}"${baseAttribute(0.3)}/>` : '',
        `<id>urn:e:${i}</id>`,
        `<updated>2026-02-0${1 + (i % 9)}T10:00:00Z</updated>`,
        chance(0.7) ? `<summary type="html"${baseAttribute(0.2)}>${html()}</summary>` : '',
        chance(0.6) ? `<content type="html"${baseAttribute(0.3)}>${html()}${endTag('content')}` : '',
        chance(0.2) ? `<media:content url="${pick(hrefs)}"${baseAttribute(0.3)}/>` : '',
        noise(),
      ];
      items.push(chance(0.03) ? `<entry${baseAttribute(0.5)}/>` : `<entry${baseAttribute(0.4)}>${parts.join('')}${endTag('entry')}`);
    } else {
      const parts = [
        `<title>Meldung ${i}</title>`,
        `<link${baseAttribute(0.2)}>${chance(0.2) ? `<![CDATA[${pick(hrefs)}]]>` : pick(hrefs)}</link>`,
        `<guid isPermaLink="false">g${i}</guid>`,
        chance(0.7) ? `<description${baseAttribute(0.2)}>${html()}</description>` : '',
        chance(0.4) ? `<content:encoded${baseAttribute(0.3)}>${html()}${endTag('content:encoded')}` : '',
        chance(0.3) ? `<enclosure url="${pick(hrefs)}" type="audio/mpeg" length="1"${baseAttribute(0.3)}/>` : '',
        chance(0.1) ? `<atom:link href="${pick(hrefs)}"${baseAttribute(0.3)}/>` : '',
        noise(),
      ];
      items.push(`<item${baseAttribute(0.4)}>${parts.join('')}${endTag('item')}`);
    }
  }
  const rootBase = baseAttribute(0.8);
  let document = atom
    ? `<?xml version="1.0" encoding="utf-8"?>${noise()}<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"${rootBase}${chance(0.5) ? ' xml:lang="de"' : ''}><title>Feed</title><link href="${pick(hrefs)}"${baseAttribute(0.2)}/><id>urn:f</id><updated>2026-02-01T00:00:00Z</updated>${noise()}${items.join(noise())}${endTag('feed')}`
    : `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom"${rootBase}><channel${baseAttribute(0.3)}><title>Kanal</title><link>${pick(hrefs)}</link>${noise()}${items.join(noise())}${chance(0.1) ? `<item><title>spät</title><link>late.html</link></item>` : ''}</channel>${chance(0.05) ? '<item><title>außen</title><link>out.html</link></item>' : ''}${endTag('rss')}`;
  // A tag scanner must agree on a document cut short or with an unclosed quote, too.
  if (chance(0.05)) document = document.slice(0, Math.floor(random() * document.length));
  if (chance(0.03)) document = document.replace('href="', 'href="unclosed ');
  return document;
}
