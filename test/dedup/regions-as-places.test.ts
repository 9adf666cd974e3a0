// Regions are places (src/dedup/places/README.md): one kind of event in two regions, told in the same words, is two stories
// (score-story.ts `placeConflict`), and a region and its towns speak of each other as a country and its towns do, so a
// report naming a town of the region still joins. Through the real ingest + placement path, German and English sources,
// in an empty and a populated window. Fixtures: test/fixtures/dedup/storms-in-two-regions.ts.
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { placesAmong, speaksOf, withoutCompoundHeadTowns } from '../../src/dedup/place-names.js';
import {
  stormHessen,
  stormTirol,
  stormTirolRetold,
  tornadoKansas,
  tornadoKansasRetold,
  tornadoOklahoma,
} from '../fixtures/dedup/storms-in-two-regions.js';
import { itKeepsTwoEventsApart } from './two-events-one-kind.js';

const cases = [
  { language: 'de', first: stormTirol, other: stormHessen, retold: stormTirolRetold },
  { language: 'en', first: tornadoKansas, other: tornadoOklahoma, retold: tornadoKansasRetold },
] as const;

const placesIn = (text: string, language: string) => placesAmong(normaliseText(text, language).tokens, language);
const termsOf = (text: string, language: string) => normaliseText(text, language).tokens.map((t) => placesIn(t, language)[0] ?? t);

describe('regions as places', () => {
  itKeepsTwoEventsApart({
    cases,
    conflict: 'placeConflict',
    fillAt: '2026-05-11T08:00:00Z',
    apart: 'keeps one kind of event in two regions apart',
    joins: "joins a report naming a town of the first event's region",
  });

  it.each([
    ['Unwetter in Tirol', 'de'],
    ['Wahl in Kärnten', 'de'],
    ['Gewitter im Tessin', 'de'],
    ['Storms across Bavaria', 'en'],
    ['Vote in Scotland', 'en'],
  ])('knows the region in %j', (text, language) => {
    expect(placesIn(text, language)).toHaveLength(1);
  });

  it.each([
    // a town speaks of its region, the region of its towns, the country of its regions, each region of its country
    ['Innsbruck', 'Tirol', 'de', true],
    ['Tirol', 'Innsbruck', 'de', true],
    ['Österreich', 'Tirol', 'de', true],
    ['Tirol', 'Österreich', 'de', true],
    ['Wichita', 'Kansas', 'en', true],
    // another region or a town of another region does not
    ['Hessen', 'Tirol', 'de', false],
    ['Graz', 'Tirol', 'de', false],
    ['Tirol Graz', 'Innsbruck', 'de', false],
    ['Oklahoma', 'Kansas', 'en', false],
  ])('%j speaks of %j: %s', (text, place, language, expected) => {
    expect(speaksOf(termsOf(text, language), language, placesIn(place, language)[0]!, language)).toBe(expected);
  });

  it('reads a town written as the head of a hyphenated word as the word', () => {
    const title = 'Lawinen-Drama! Zwei Freunde sterben im Schnee';
    expect(placesIn(title, 'de')).toHaveLength(1);
    expect(withoutCompoundHeadTowns(placesIn(title, 'de'), title, 'de')).toEqual([]);
    const airport = 'Flughafen Köln-Bonn gesperrt';
    expect(withoutCompoundHeadTowns(placesIn(airport, 'de'), airport, 'de')).toEqual(placesIn(airport, 'de'));
  });
});
