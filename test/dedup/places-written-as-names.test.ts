// Which words of a text name a place (place-names.ts): English headline words and surnames that GeoNames also knows as
// towns ("Mark Carney", "Chris Harrison", "Big Surprise", "Bank of England", "March 9") name none; German region names the
// stemmer cuts short ("Bayern", "Luzern", "Zypern") and regions written as two hyphenated names ("Nordrhein-Westfalen",
// "Baden-Württemberg", "Mecklenburg-Vorpommern") are known; a country's name written in lower case ("a reunion") is a word.
// Through the real feature path (itemFeatures) and the real ingest + placement path, `:memory:` SQLite. Texts written for
// this test.
import { describe, expect, it } from 'vitest';
import { itemFeatures } from '../../src/dedup/item-features.js';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { speaksOf } from '../../src/dedup/place-names.js';
import { stemWord } from '../../src/dedup/stem-word.js';
import type { MatchableItem } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

/** A word as an item's terms hold it: normalised, then stemmed. */
const stem = (word: string, language: string): string => stemWord(normaliseText(word, language).tokens[0]!, language);

/** The places a headline names, as the engine reads them (stems of `language`). */
function titlePlaces(title: string, language: string): readonly string[] {
  const item: MatchableItem = {
    id: 1,
    sourceId: 'a',
    key: 'a-1',
    url: null,
    canonicalUrl: null,
    title,
    summary: '',
    language,
    published: null,
    firstSeen: '2026-10-13T09:00:00Z',
    storyId: null,
    contentLength: 0,
  };
  return itemFeatures(item, language).titlePlaces;
}

describe('English: a town in a name or a Title Case word is no place', () => {
  it.each([
    ['Cool Mark Carney chills out with Treasury select committee', []],
    ['Juan Pablo picks Nikki Ferrell in tense finale', []],
    ["Bachelor After the Final Rose Recap: What Was Juan Pablo's Big Surprise?", []],
    ['Bank of England holds rates as sterling climbs', []],
    ['Daily wrap of all things for March 9', []],
    ["Will a 'Mean Girls' reunion happen?", []],
    ['Justin Bieber Gives Deposition In Miami', ['miami']],
    ['Fire in Crawley kills two', ['crawlei']],
    ["Ottawa's Sharleen Joynt is OK with the result", ['ottawa']],
    ['Ferry Cancelled At Deal As Storm Hits Kent', ['deal']],
    ['Stacy Keibler marries in Mexico', ['mexico']],
  ])('"%s" names %j', (title, places) => {
    expect(titlePlaces(title, 'en')).toEqual(places);
  });
});

describe('German: regions the stemmer cuts short or that are written as two names', () => {
  it.each([
    ['Unwetter in Bayern', [stem('Bayern', 'de')]],
    ['Bayerns Ministerpräsident tritt zurück', [stem('Bayerns', 'de')]],
    ['Brand in Luzern', [stem('Luzern', 'de')]],
    ['Zypern wählt ein neues Parlament', [stem('Zypern', 'de')]],
    ['Hochwasser in Nordrhein-Westfalen', [stem('Nordrhein', 'de'), stem('Westfalen', 'de')]],
    ['Sturm über Mecklenburg-Vorpommern', [stem('Mecklenburg', 'de'), stem('Vorpommern', 'de')]],
    ['Bayer-Aktie fällt deutlich', []],
    ['Schwerer Unfall in Düren', []],
    // "Süden" (folded "sueden") begins with the French "suede" (Sweden), whose stem the stemmer cuts short: no Sweden
    ['Gewitter im Süden', []],
    ['Polens Regierung tritt zurück', [stem('Polen', 'de')]],
  ])('"%s" names %j', (title, places) => {
    expect(titlePlaces(title, 'de')).toEqual(places);
  });

  it('a region and its towns speak of each other, whichever part of a two-name region a text writes', () => {
    const de = (word: string) => stem(word, 'de');
    expect(speaksOf([de('Köln')], 'de', de('Westfalen'), 'de')).toBe(true);
    expect(speaksOf([de('Nordrhein')], 'de', de('Köln'), 'de')).toBe(true);
    expect(speaksOf([de('Regensburg')], 'de', de('Bayern'), 'de')).toBe(true);
    expect(speaksOf([de('Bayerns')], 'de', de('Bayern'), 'de')).toBe(true);
    expect(speaksOf([de('Stuttgart')], 'de', de('Bayern'), 'de')).toBe(false);
  });
});

// One storm told over one lead that names no place: the headlines' regions alone tell the two events apart.
const stormLead =
  'Starkregen und Hagel haben am Dienstagabend Keller überflutet und Bäume entwurzelt, die Feuerwehr rückte zu Hunderten Einsätzen aus.';
const showLead =
  'The season finale ended with the lead choosing between the two remaining contestants, and the host pressed him on the choice afterwards.';

describe('through placement', () => {
  it('keeps "Unwetter in Bayern" and "Unwetter in Baden-Württemberg" apart, and joins "Bayern" with "Regensburg"', async () => {
    const h = await harness([source('a', { language: 'de' }), source('b', { language: 'de' }), source('c', { language: 'de' })]);
    const [a] = await h.poll(
      'a',
      [feedItem({ key: 'a-1', title: 'Schwere Unwetter in Bayern', summary: stormLead, published: '2026-06-02T20:00:00Z' })],
      '2026-06-02T20:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [feedItem({ key: 'b-1', title: 'Schwere Unwetter in Baden-Württemberg', summary: stormLead, published: '2026-06-02T20:10:00Z' })],
      '2026-06-02T20:15:00Z',
    );
    const [c] = await h.poll(
      'c',
      [feedItem({ key: 'c-1', title: 'Schwere Unwetter in Regensburg', summary: stormLead, published: '2026-06-02T20:20:00Z' })],
      '2026-06-02T20:25:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(c!.storyId).toBe(a!.storyId);
  });

  it('joins two English headlines whose only "places" are a host\'s and a contestant\'s surnames', async () => {
    const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
    const [a] = await h.poll(
      'a',
      [
        feedItem({
          key: 'a-1',
          title: 'Chris Harrison grills the lead after tense finale',
          summary: showLead,
          published: '2026-03-11T03:00:00Z',
        }),
      ],
      '2026-03-11T03:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [feedItem({ key: 'b-1', title: 'Lead picks Nikki Ferrell in tense finale', summary: showLead, published: '2026-03-11T03:30:00Z' })],
      '2026-03-11T03:35:00Z',
    );
    expect(b!.components['placeConflict']).toBe(false);
    expect(b!.storyId).toBe(a!.storyId);
  });
});
