// Two towns of one name are told apart by what follows the name ("Halle an der Saale" / "Halle in Westfalen",
// "Richmond, Virginia" / "Richmond, California"): the same kind of fire in both on one afternoon, headlined alike, is two
// events (namesake-places.ts, score-story.ts `namesakeConflict`); reports that qualify the town alike, or one that does not
// qualify it at all, still join. Through the real ingest + placement path, German and English sources, in an empty and a
// populated window. Fixtures: test/fixtures/dedup/namesake-towns.ts.
import { describe, expect, it } from 'vitest';
import { placeQualifiers } from '../../src/dedup/namesake-places.js';
import {
  fireHalleWestfalen,
  fireHalleSaale,
  fireHalleSaaleRetold,
  fireRichmondCalifornia,
  fireRichmondVirginia,
  fireRichmondVirginiaRetold,
} from '../fixtures/dedup/namesake-towns.js';
import { itKeepsTwoEventsApart } from './two-events-one-kind.js';

const cases = [
  { language: 'de', first: fireHalleSaale, other: fireHalleWestfalen, retold: fireHalleSaaleRetold },
  { language: 'en', first: fireRichmondVirginia, other: fireRichmondCalifornia, retold: fireRichmondVirginiaRetold },
] as const;

describe('namesake towns', () => {
  itKeepsTwoEventsApart({
    cases,
    conflict: 'namesakeConflict',
    fillAt: '2026-04-14T13:00:00Z',
    apart: 'keeps one kind of fire in two towns of one name apart',
    joins: 'joins two reports that qualify the town alike',
  });

  it.each([
    ['In Neustadt an der Donau brennt es', 'de', ['neustadt donau']],
    ['In Neustadt in Holstein ist am Mittwoch', 'de', ['neustadt holstein']],
    ['Autohaus in Halle (Saale) brennt', 'de', ['hall saal']],
    ['In Offenbach am Main ist am Dienstag', 'de', ['offenbach main']],
    ['Frankfurt am Main', 'de', []],
    ['BERLIN (Reuters) - Die Regierung', 'de', []],
    ['In Berlin am Montag und in Hamburg am Abend', 'de', []],
    ['a fire in Richmond, Virginia, on Tuesday', 'en', ['richmond virginia']],
    ['Newcastle upon Tyne', 'en', ['newcastl tyne']],
    ['Berlin, Paris and London', 'en', []],
  ])('reads the qualified towns of %j', (text, language, pairs) => {
    expect(placeQualifiers(text, language)).toEqual(pairs);
  });
});
