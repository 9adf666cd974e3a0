// A feed's country stands for where a report that names no place happened (src/dedup/feed-country.ts): two countries'
// weather of one day, told alike, are two reports (score-story.ts `placeConflict` through `homesApart`), while an Austrian
// and a German outlet telling one event abroad are not told apart. The features are the engine's own (item-features.ts).
// Fixtures: test/fixtures/dedup/weather-of-two-countries.ts.
import { describe, expect, it } from 'vitest';
import { feedCountry, homesApart } from '../../src/dedup/feed-country.js';
import { itemFeatures } from '../../src/dedup/item-features.js';
import type { FeedItem } from '../../src/model.js';
import { quakeAustria, quakeGermany, weatherGermany, weatherSwitzerland } from '../fixtures/dedup/weather-of-two-countries.js';

describe("a feed's country", () => {
  it.each([
    [['de-CH'], null, 'CH'],
    [['de_at'], null, 'AT'],
    [['de', 'de-CH'], null, 'CH'],
    [['de'], 'https://www.nzz.ch/wetter', 'CH'],
    [['en'], 'https://www.bbc.co.uk/news/1', 'GB'],
    [[null, 'de-DE'], 'https://www.example.de/a', 'DE'],
    // a generic country-code domain, no region, or a language and a domain that disagree say nothing
    [['en'], 'https://news.example.io/a', null],
    [['de'], 'https://www.example.com/a', null],
    [['de-DE'], 'https://www.example.ch/a', null],
  ])('of languages %j and link %j is %j', (languages, link, expected) => {
    expect(feedCountry(languages, link)).toBe(expected);
  });

  it('vetoes only when one side names a place at home', () => {
    const de = { home: { country: 'DE', named: false } };
    expect(homesApart({ country: 'CH', named: true }, [de], 64)).toBe(true);
    expect(homesApart({ country: 'CH', named: false }, [de], 64)).toBe(false);
    expect(homesApart({ country: 'CH', named: true }, [de, { home: null }], 64)).toBe(false);
    expect(homesApart({ country: 'DE', named: true }, [de], 64)).toBe(false);
  });

  /** The features the engine computes for a stored item of a feed declaring `language`. */
  const homeIn = (item: FeedItem, language: string) =>
    itemFeatures(
      {
        id: 1,
        sourceId: 'feed',
        key: item.key,
        url: item.url,
        canonicalUrl: null,
        title: item.title,
        summary: item.summary,
        language: null,
        published: item.published,
        firstSeen: item.published!,
        storyId: null,
        contentLength: item.summary.length,
      },
      language,
    ).home;

  it("keeps two countries' weather apart: the Swiss one names the Tessin, the German one nothing", () => {
    const german = homeIn(weatherGermany, 'de-DE');
    const swiss = homeIn(weatherSwitzerland, 'de');
    expect(german).toEqual({ country: 'DE', named: false });
    expect(swiss).toEqual({ country: 'CH', named: true });
    expect(homesApart(swiss, [{ home: german }], 64)).toBe(true);
    expect(homesApart(german, [{ home: swiss }], 64)).toBe(true);
  });

  it('keeps an Austrian and a German report of one event abroad together: a place abroad is no home', () => {
    const austrian = homeIn(quakeAustria, 'de');
    expect(austrian).toBeNull();
    expect(homesApart(homeIn(quakeGermany, 'de'), [{ home: austrian }], 64)).toBe(false);
  });
});
