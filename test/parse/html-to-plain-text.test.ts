// Titles and leads as plain text: HTML markup goes, tag-shaped text that is no HTML stays (the Universal
// Feed Parser and Miniflux keep "<<Neu>> Kanzler tritt zurück" as written).
import { describe, expect, it } from 'vitest';
import { htmlToPlainText, stripTags } from '../../src/parse/html-to-plain-text.js';

describe('htmlToPlainText', () => {
  it.each([
    ['an unknown name without attributes is text', '<<Neu>> Kanzler tritt zurück', '<<Neu>> Kanzler tritt zurück'],
    ['so is one with bare words', 'Werte <Wert und mehr> im Vergleich', 'Werte <Wert und mehr> im Vergleich'],
    ['and an unknown end tag', 'x<y>z</y>', 'x<y>z</y>'],
    ['HTML elements go, in any case', '<B>Eil</B>: Landtag <i>wählt</i><br/>heute', 'Eil: Landtag wählt heute'],
    ['escaped markup decoded from entities goes too', '&lt;b&gt;Eil&lt;/b&gt;: Brücke gesperrt', 'Eil: Brücke gesperrt'],
    ['escaped tag-shaped text stays', '&lt;&lt;Neu&gt;&gt; Kanzler', '<<Neu>> Kanzler'],
    ['an unknown element with an attribute value goes, with its end tag', '<neu onclick="alert(1)">Bahn</neu> teurer', 'Bahn teurer'],
    ['a "/" before the attribute is no escape', '<x/onmouseover=alert(1)>Text', 'Text'],
    ['obsolete and foreign roots are HTML', '<image src=x><svg><xmp>Titel', 'Titel'],
    ['script bodies go with the element', 'Vor<script>alert(1)</script>nach', 'Vor nach'],
  ])('%s', (_name, html, text) => {
    expect(htmlToPlainText(html)).toBe(text);
  });

  it('stripTags leaves a lone "<" and no-HTML runs, and is idempotent on them', () => {
    for (const text of ['a < b', 'i<3', '<_<', '<<Neu>>', 'Preis<Wert']) {
      expect(stripTags(text)).toBe(text);
      expect(stripTags(stripTags(text))).toBe(text);
    }
  });
});
