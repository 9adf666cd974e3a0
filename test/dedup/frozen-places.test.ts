// One Place object serves every item that names its stem (and a list line's own place every language's
// table): a caller that changed one would change every later item's places. They are frozen, lists too,
// so a change throws (test files are ES modules: strict mode).
import { describe, expect, it } from 'vitest';
import { placesOf, type Place } from '../../src/dedup/place-names.js';

describe('places are frozen', () => {
  const firstPlace = (language: string | null, test: (place: Place) => boolean): [string, Place] =>
    [...placesOf(language).entries()].find(([, place]) => test(place))!;
  it.each<[string, string | null, (place: Place) => boolean]>([
    ['a town of one line (de)', 'de', (p) => p.spellings.length === 1 && p.townIn.length > 0],
    ['a place of several lines (de)', 'de', (p) => p.spellings.length > 1],
    ['a place of the table every language shares', null, (p) => p.townIn.length > 0],
    ['a country (en)', 'en', (p) => p.names.length > 0],
  ])('%s', (_label, language, test) => {
    const [stem, place] = firstPlace(language, test);
    const before = JSON.stringify(place);
    const mutable = place as { -readonly [K in keyof Place]: Place[K] };
    expect(() => (mutable.countryName = !place.countryName)).toThrow(TypeError);
    expect(() => (place.townIn as string[]).push('XX')).toThrow(TypeError);
    expect(() => (place.spellings as string[]).splice(0, 1)).toThrow(TypeError);
    expect(JSON.stringify(placesOf(language).get(stem))).toBe(before);
  });

  it('freezes every place of a language table', () => {
    const places = [...placesOf('de').values()];
    expect(places.length).toBeGreaterThan(1000);
    expect(places.filter((p) => !Object.isFrozen(p) || !Object.isFrozen(p.townIn) || !Object.isFrozen(p.spellings))).toEqual([]);
  });
});
