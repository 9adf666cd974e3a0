// Small pure rules of the publish stage: filter patterns, safe HTML (cache periods: test/config/cron-schedule.test.ts).
import { describe, expect, it } from 'vitest';
import { safeHtml } from '../../src/publish/safe-html.js';
import { compilePattern, OutputFilterError } from '../../src/config/output-pattern.js';
import { entryIdFor } from '../../src/publish/published-entry.js';
import { termMatch } from '../../src/publish/word-match.js';

describe('plain words and /regular expressions/ of an output', () => {
  it.each([
    ['Bahn', 'Streik bei der bahn', 'de', true],
    ['Bahn', 'Bahnhof gesperrt', 'de', false],
    ['Öl', 'Preis für öl steigt', 'de', true],
    ['a.b', 'axb', 'en', false],
    // No spaces between words: a word is found inside the phrase (a whole-word rule would never match).
    ['地震', '北海道で地震 津波の心配なし', 'ja', true],
    ['地震', '北海道で大雨', 'ja', false],
    ['แผ่นดินไหว', 'เกิดแผ่นดินไหวที่เชียงราย', 'th', true],
    // Korean particles are written onto the word: a Hangul word is found at a word's start, not inside one. So it is
    // also found at the start of a longer word ("한국" in "한국은행"), and an exclude word drops those items too.
    ['금융통화위원회', '한국은행 금융통화위원회는 4일 기준금리를 동결했다', 'ko', true],
    ['한국', '한국은행 기준금리 동결', 'ko', true],
    ['은행', '한국은행이 4일', 'ko', false],
    ['국은행', '한국은행 기준금리 동결', 'ko', false],
    // Turkish I/ı and İ/i, which case-insensitive matching does not pair: in Turkish and Azerbaijani items.
    ['istanbul', "İstanbul'da 4,2 büyüklüğünde deprem", 'tr', true],
    ['ışık', "IŞIK ÜNİVERSİTESİ'NDE YANGIN TATBİKATI", 'tr', true],
    ['İSTANBUL', "istanbul'da deprem", 'tr', true],
    ['Isparta', 'Ispartakus', 'tr', false],
    ['Işıq', 'ISIQ SƏRGİSİ AÇILDI', 'az', true],
    // Elsewhere ı is a letter of its own, and I is i: "Sinai" is no Turkish "sınai" ("industrial").
    ['Sinai', 'Sınai üretim arttı', 'en', false],
    ['sinai', 'SINAI: border crossing reopens', 'en', true],
    // A word written with ı or İ is Turkish: the Turkish rule holds for it in any item.
    ['Sınai', 'SINAI: border crossing reopens', 'en', true],
    // Case and accents aside, as written: an include word takes no inflected form.
    ['cafe', 'Le Café de Flore ferme', 'fr', true],
    ['Lodz', 'Powódź w Łodzi i Łódź', 'pl', true],
    ['απεργια', 'Γενική απεργία σήμερα', 'el', true],
    ['Gesprache', 'Gespräche in Kairo', 'de', true],
    ['Gespraeche', 'Gespräche in Kairo', 'de', true],
    ['Gespräche', 'Gespraeche in Kairo', 'de', true],
    ['Strasse', 'Straße gesperrt', 'de', true],
    // A pair is an umlaut, not its bare vowel: "poet" is no "Pot".
    ['poet', 'Pot und Topf', 'de', false],
    ['Wahl', 'Wahlen in Thüringen', 'de', false],
    ['Wells', 'Oil well fire', 'en', false],
    ['news', 'New cabinet sworn in', 'en', false],
    // An accent or umlaut typed is kept, one left out is not asked for: these are other words.
    ['fördern', 'Gewerkschaften fordern mehr Lohn', 'de', false],
    ['fordern', 'Land will Solaranlagen fördern', 'de', true],
    ['schön', 'Das ist schon entschieden', 'de', false],
    ['zählen', 'Wir zahlen mehr', 'de', false],
    ['Gespräche', 'Gespraeche in Kairo', 'de', true],
    ['año', 'El ano pasado', 'es', false],
    ['ano', 'El año pasado', 'es', true],
    ['sûr', 'Sur la route', 'fr', false],
    // A word in capitals may drop its accents: it passes.
    ['école', 'UNE ECOLE FERMEE', 'fr', true],
    ['Işıq', 'Isiq sərgisi', 'az', false],
    // Greek accents are never asked for (capitals drop them).
    ['απεργία', 'Γενική απεργια σήμερα', 'el', true],
  ])('include %j in %j (%s) → %s', (pattern, text, language, expected) => {
    const match = termMatch(pattern, 'exact');
    expect(match(text, language)).toBe(expected);
    // Stateless: the same answer the second time.
    expect(match(text, language)).toBe(expected);
  });

  it.each([
    ['Wahl', 'Wahlen in Thüringen', 'de', true],
    ['Gespräch', 'Gespraeche in Kairo', 'de', true],
    ['election', 'Elections in Ohio', 'en', true],
    ['Bahn', 'Bahnhof gesperrt', 'de', false],
    // The stemmer of the item's language: an English item's "Wahlen" is not German.
    ['Wahl', 'Wahlen', 'en', false],
    // No stemmer for Polish: the word as written, case and accents aside.
    ['Łódź', 'Powódź w Łodzi', 'pl', false],
    ['fördern', 'Gewerkschaften fordern mehr', 'de', false],
  ])('search word (inflected forms too) %j in %j (%s) → %s', (pattern, text, language, expected) => {
    expect(termMatch(pattern, 'stemmed')(text, language)).toBe(expected);
  });

  it.each([
    ['/^eil/i', 'Eilmeldung: …', true],
    ['/bahn/g', 'bahn bahn', true],
  ])('the regular expression %j on %j → %s', (pattern, text, expected) => {
    const re = compilePattern(pattern, 'test')!;
    expect(re.test(text)).toBe(expected);
    // Stateless: the same answer the second time (no lastIndex from a g flag).
    expect(re.test(text)).toBe(expected);
  });

  it('leaves a plain word to word matching', () => {
    expect(compilePattern('Bahn', 'test')).toBeNull();
  });

  it('reports a broken regular expression with a code and where it is', () => {
    expect(() => compilePattern('/(unclosed/', 'output "x" include')).toThrow(OutputFilterError);
    expect(() => compilePattern('/(unclosed/', 'output "x" include')).toThrow(/output "x" include/);
  });
});

describe('safeHtml', () => {
  it.each([
    ['<p>ok <b>fett</b></p>', '<p>ok <b>fett</b></p>'],
    ['<script>alert(1)</script><p>x</p>', '<p>x</p>'],
    ['<img src="x.jpg" onerror="alert(1)">', '<img src="https://example.org/a/x.jpg" />'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href=" data:text/html,<script>alert(1)</script>">x</a>', '<a>x</a>'],
    ['<a href="//evil.example/x">x</a>', '<a href="https://evil.example/x">x</a>'],
    ['<a href="?page=2#top">x</a>', '<a href="https://example.org/a/b.html?page=2#top">x</a>'],
    ['<iframe src="https://x"></iframe><p style="color:red" class="c">p</p>', '<p>p</p>'],
    ['<base href="https://evil/"><meta http-equiv="refresh" content="0"><link rel=stylesheet href=x>t', 't'],
    ['<form><input><button>b</button></form>', 'b'],
    ['a ]]> b', 'a ]]&gt; b'],
  ])('%j → %j', (input, expected) => {
    expect(safeHtml(input, 'https://example.org/a/b.html')).toBe(expected);
  });
});

describe('entryIdFor', () => {
  it('uses a tag URI on the server host, or a urn when the host is not a DNS name', () => {
    expect(entryIdFor('abc', 'https://news.example.org/feedmerge/')).toBe('tag:news.example.org,2026:story:abc');
    expect(entryIdFor('abc', 'http://[::1]:8080')).toBe('urn:feedmerge:story:abc');
  });
});
