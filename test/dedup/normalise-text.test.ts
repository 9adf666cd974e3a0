// Matching normalisation: folding, quotes and dashes, wire markers, numbers, stopwords, negations, language.
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/dedup/detect-language.js';
import { normaliseText, stripWireMarkers } from '../../src/dedup/normalise-text.js';

const tokens = (text: string, language: string | null = 'de'): string => normaliseText(text, language).tokens.join(' ');

describe('normaliseText', () => {
  it.each([
    ['umlauts and ß fold', 'Gespräche über Straßenbahn in Köln', 'gespraeche strassenbahn koeln'],
    ['NFC and NFD spellings agree', 'Gespra\u0308che', 'gespraeche'],
    [
      'all quotes and dashes become spaces',
      '«produktiv» „produktiv“ "produktiv" ‹x› ‚y‘ Ukraine–Gespräche Ukraine-Gespräche',
      'produktiv produktiv produktiv ukraine gespraeche ukraine gespraeche',
    ],
    ['dateline with agency', 'Berlin (dpa) - Die Bahn streikt.', 'bahn streikt'],
    ['agency in a lead', 'Maxhütte-Haidhof (dpa/lby) - Drei Feuerwehrleute verletzt', '3 feuerwehrleute verletzt'],
    ['ROUNDUP 2 does not leave a number', 'ROUNDUP 2/Bahn streikt', 'bahn streikt'],
    ['KORREKTUR and WDH markers', 'KORREKTUR/WDH: Bahn streikt', 'bahn streikt'],
    ['dpa-AFX credit', 'dpa-AFX: Dax schließt höher', 'dax schliesst hoeher'],
    ['ticker prefixes', '+++ Eilmeldung +++ Bahn streikt', 'bahn streikt'],
    ['liveblog prefix', 'Liveblog: Bahn streikt', 'bahn streikt'],
    ['summary marker', 'Bahn streikt (Zusammenfassung)', 'bahn streikt'],
    ['English wire markers', 'UPDATE 2-EXCLUSIVE-Rail strike halts trains (Reuters)', 'rail strike halts trains'],
    ['thousands separators agree', 'Selenskyj spricht von 55.000 Toten', 'selenskyj spricht 55000 toten'],
    ['ordinal words become numbers', 'Zweiter Verhandlungstag hat begonnen', '2 verhandlungstag begonnen'],
    ['HTML and entities in a lead', '<p>Kiew &amp; Moskau&nbsp;verhandeln</p>', 'kiew moskau verhandeln'],
    ['negations stay', 'Keine Einigung im Tarifstreit, Bahn will nicht verhandeln', 'keine einigung tarifstreit bahn nicht verhandeln'],
  ])('%s', async (_name, input, expected) => {
    expect(tokens(input)).toBe(expected);
  });

  it('removes English stopwords for English text but keeps "not" and "no"', () => {
    expect(tokens('The talks are not over and there is no deal', 'en')).toBe('talks not no deal');
  });

  it('keeps every word for a language without a stopword list', () => {
    expect(tokens('der die das', 'xx')).toBe('der die das');
  });

  it('reports the numbers it saw', () => {
    expect(normaliseText('Dritter Tag: 7:3 im Finale, 1,5 Millionen', 'de').numbers).toEqual(['3', '7', '3', '1.5']);
  });

  it('reads letters with a whole number glued on as a name, and a number word in a hyphenated compound as a word', () => {
    const a = normaliseText('BMW fertigt den i3, Stau auf der A93, G7-Gipfel', 'de');
    expect(a.numbers).toEqual([]);
    expect(a.tokens).toEqual(expect.arrayContaining(['i3', 'a93', 'g7']));
    // A magnitude keeps its figure; a hyphen before digits does not glue them ("COVID-19").
    expect(normaliseText('M6.1 quake off Taiwan, COVID-19', 'en').numbers).toEqual(['6.1', '19']);
    expect(normaliseText('Nagelsmann-Elf siegt, Zwei-Drittel-Mehrheit steht', 'de').numbers).toEqual([]);
    expect(normaliseText('Elf Tote und zwei Verletzte', 'de').numbers).toEqual(['11', '2']);
  });

  it('leaves content words that merely look like markers', () => {
    expect(stripWireMarkers('Ukraine-Krieg – Selenskyj warnt')).toBe('Ukraine-Krieg – Selenskyj warnt');
  });
});

describe('detectLanguage', () => {
  it.each([
    ['de-DE', 'anything', 'de'],
    ['en_US', 'anything', 'en'],
    [null, 'Die Regierung hat sich mit der Opposition auf einen Kompromiss geeinigt', 'de'],
    [null, 'The government and the opposition have agreed on a compromise', 'en'],
    [null, 'Xyz', null],
  ])('%s / %s → %s', async (declared, text, expected) => {
    expect(detectLanguage(declared, text)).toBe(expected);
  });
});

describe('normaliseText with a token limit', () => {
  it('gives exactly the opening of the full token list', () => {
    const lead =
      'Berlin (dpa) - Die Bundesregierung hat am Montag in Berlin über den Haushalt 2027 beraten. '.repeat(12) + '| tagesschau.de';
    const full = normaliseText(lead, 'de').tokens;
    expect(full.length).toBeGreaterThan(40);
    expect(normaliseText(lead, 'de', 40).tokens).toEqual(full.slice(0, 40));
    expect(normaliseText('Zwei Wörter', 'de', 40).tokens).toEqual(normaliseText('Zwei Wörter', 'de').tokens);
  });
});

describe('"Premier" and "Premiere" outside French', () => {
  it('are no ordinal in German, Italian and Dutch (a head of government, a first night), and French "premier" is still 1', () => {
    expect(normaliseText('Chinas Premier Li Qiang besucht Berlin', 'de').numbers).toEqual([]);
    expect(normaliseText('Umjubelte Premiere in Salzburg', 'de').numbers).toEqual([]);
    expect(normaliseText('Il premier Meloni a Bruxelles', 'it').numbers).toEqual([]);
    expect(normaliseText('Premier De Wever in Washington', 'nl').numbers).toEqual([]);
    expect(normaliseText('Le premier ministre démissionne', 'fr').numbers).toEqual(['1']);
    expect(normaliseText('Zweite Premiere in Salzburg', 'de').numbers).toEqual(['2']);
  });
});

// The pieces are read by character code (normalise-text.ts `pieceEnd`), as the search
// [A-Za-z]+\d+(?![.,]?\d)(?![\p{L}\p{M}]) | \d+(?:[.,]\d+)* | [\p{L}\p{M}\p{Nl}\p{No}]+ reads them; pinned as that regex read them.
describe('normaliseText pieces', () => {
  it.each([
    [
      'a road, a magnitude, an index, a count',
      'A93 gesperrt, M6.1 Beben, WIG20 bei 55.000 Punkten',
      ['a93 gesperrt 6.1 beben wig20 55000 punkten', '6.1 55000'],
    ],
    ['letters glued to a number followed by a letter or a decimal', 'x9é und ab12.5 oder 12ab', ['9 12.5 12', '9 12.5 12']],
    ['letters beyond the BMP, an emoji, letter-like numbers', 'Verkehr 𝐀bc 😀 Ölpreis ½ x²', ['verkehr abc oelpreis 1 2 x2', '1 2']],
    ['a lone surrogate, unspaced script around a digit', 'Lone \ud800 surrogate 震度5強', ['lone surrogate 震度 5 強', '5']],
  ])('%s', (_, text, [expectedTokens, expectedNumbers]) => {
    const { tokens: found, numbers } = normaliseText(text, 'de');
    expect([found.join(' '), numbers.join(' ')]).toEqual([expectedTokens, expectedNumbers]);
  });
});
