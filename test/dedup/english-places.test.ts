// English names a country by an adjective that does not share the noun's first letters ("French" / "France", "Swiss" /
// "Switzerland", "Dutch" / "Netherlands"), where German does ("französisch" / "Frankreich"): a text naming the country
// either way mentions it (place-names.ts, speaksOf), so two reports of one vote in Paris are no "places named apart".
// Through the real ingest + placement path, English sources. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { speaksOf, withoutLowercaseTowns } from '../../src/dedup/place-names.js';
import { stemWord } from '../../src/dedup/stem-word.js';
import { feedItem, harness, source } from './dedup-harness.js';

const lead =
  'The minority government of Prime Minister Sebastien Lecornu survived the motion in the National Assembly on Tuesday after the Socialists abstained, allowing him to press ahead with the 2027 budget.';

describe('a country named by its adjective and by its name', () => {
  it('joins "French government …" and "France\'s government …" over one lead', async () => {
    const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
    const [a] = await h.poll(
      'a',
      [feedItem({ key: 'a-1', title: 'French government survives confidence vote', summary: lead, published: '2026-10-13T15:00:00Z' })],
      '2026-10-13T15:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [
        feedItem({
          key: 'b-1',
          title: "France's government survives confidence vote over budget",
          summary: lead,
          published: '2026-10-13T15:40:00Z',
        }),
      ],
      '2026-10-13T15:45:00Z',
    );
    expect(b!.components['placeConflict']).toBe(false);
    expect(b!.rule).toBe('near-duplicate');
    expect(b!.storyId).toBe(a!.storyId);
  });

  it.each([
    ['french', 'france'],
    ['swiss', 'switzerland'],
    ['dutch', 'netherlands'],
  ])('"%s" and "%s" speak of each other, and neither of another country', (adjective, name) => {
    const [adj, noun] = [stemWord(adjective, 'en'), stemWord(name, 'en')];
    expect(speaksOf([noun], 'en', adj, 'en')).toBe(true);
    expect(speaksOf([adj], 'en', noun, 'en')).toBe(true);
    expect(speaksOf([stemWord('germany', 'en')], 'en', adj, 'en')).toBe(false);
  });
});

// Texts written for this test: one engine order told by a wire and a business paper over the same lead, whose headlines
// use the words "deal", "worth" and "fleet" (towns in GeoNames: Deal in Kent, Worth, Fleet in Hampshire).
const orderLead =
  'The airline will buy Trent XWB engines for 30 Airbus A350 jets, including long-term servicing, the engine maker said on Tuesday in a statement to the London Stock Exchange.';

describe('a town written in lower case is a word', () => {
  it('joins two headlines whose lower-case words are towns elsewhere', async () => {
    const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
    const [a] = await h.poll(
      'a',
      [
        feedItem({
          key: 'a-1',
          title: 'Rolls-Royce wins engine deal from IndiGo worth about $2.1 bln',
          summary: orderLead,
          published: '2026-10-13T09:00:00Z',
        }),
      ],
      '2026-10-13T09:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [
        feedItem({
          key: 'b-1',
          title: 'IndiGo picks Rolls-Royce engines for its fleet',
          summary: orderLead,
          published: '2026-10-13T09:30:00Z',
        }),
      ],
      '2026-10-13T09:35:00Z',
    );
    expect(b!.components['placeConflict']).toBe(false);
    expect(b!.storyId).toBe(a!.storyId);
  });

  it('keeps a capitalised town, a country adjective in lower case, and every name of a text without capitals', () => {
    const stems = (words: string[]) => words.map((w) => stemWord(w, 'en'));
    expect(withoutLowercaseTowns(stems(['deal', 'worth']), 'Rolls-Royce wins engine deal worth $2bn', 'en')).toEqual([]);
    expect(withoutLowercaseTowns(stems(['deal']), 'Ferry Cancelled At Deal As Storm Hits Kent', 'en')).toEqual(stems(['deal']));
    expect(withoutLowercaseTowns(stems(['deal']), 'ferry cancelled at deal as storm hits', 'en')).toEqual(stems(['deal']));
    const indisch = stemWord('indischen', 'de');
    expect(withoutLowercaseTowns([indisch], 'Besuch des indischen Premiers', 'de')).toEqual([indisch]);
  });
});
