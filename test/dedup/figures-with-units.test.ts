// A figure written with a unit (a currency, a speed, a temperature) is compared only with figures of the same unit
// (figure-units.ts, score-story.ts `numbersConflict`): "gusts top 90mph" and "cuts power to 40,000 homes" are two facts of one
// storm, while two speeds or two amounts in one currency still disagree. Through the real ingest + placement path,
// normaliseText and the conflict test. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { numbersConflict } from '../../src/dedup/score-story.js';
import type { FeedItem } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

/** `first` from feed a, then `second` from feed b 40 minutes later, in `language`; the two decisions. */
async function placeAgainst(first: Partial<FeedItem> & { title: string }, second: Partial<FeedItem> & { title: string }, language: string) {
  const h = await harness([source('a', { language }), source('b', { language })]);
  const [a] = await h.poll('a', [feedItem({ key: 'a-1', published: '2026-10-13T15:00:00Z', ...first })], '2026-10-13T15:05:00Z');
  const [b] = await h.poll('b', [feedItem({ key: 'b-1', published: '2026-10-13T15:40:00Z', ...second })], '2026-10-13T15:45:00Z');
  return { a: a!, b: b! };
}

describe('figures with units', () => {
  it.each([
    ['Gusts top 90mph as storm hits', 'en', ['90|speed']],
    ['£85m savings: retailer to shut four stores', 'en', ['85000000|£', '4']],
    ['IndiGo signs ₹18,500-crore engine deal', 'en', ['185000000000|₹']],
    ['Jackpot steigt auf 90 Millionen Euro', 'de', ['90|€']],
    ['Hitze: 49,2 Grad in Indien, 3 Tote', 'de', ['49.2|temperature', '3']],
    // A currency sign after the figure is that currency, as "Euro" after it is: "49 €" and "58 Euro" are compared.
    ['Deutschlandticket: 49 € statt 58 Euro', 'de', ['49|€', '58|€']],
    ['Ticket für 49€', 'de', ['49|€']],
    // "grad" is a temperature in German only; "pounds" alone is also a weight, "pounds sterling" is £.
    ['3 grad students arrested', 'en', ['3']],
    ['Man loses 50 pounds in a year', 'en', ['50']],
    ['Deal worth 50 million pounds sterling', 'en', ['50000000|£']],
    // A share is compared with counts (figure-units.ts says why).
    ['Inflation rises 2.9% as 40,000 jobs go', 'en', ['2.9', '40000']],
  ])('"%s" (%s) records %j', (title, language, numbers) => {
    expect(normaliseText(title, language).numbers).toEqual(numbers);
  });

  it('do not conflict across units; figures of one unit and counts still do', () => {
    expect(numbersConflict(['90|speed'], new Set(['40000']))).toBe(false);
    expect(numbersConflict(['185000000000|₹'], new Set(['2100000000|$']))).toBe(false);
    expect(numbersConflict(['85000000|£', '4'], new Set(['4', '1100']))).toBe(false);
    expect(numbersConflict(['90|speed'], new Set(['70|speed']))).toBe(true);
    expect(numbersConflict(['85000000|£', '4'], new Set(['90000000|£', '4']))).toBe(true);
    expect(numbersConflict(['85000000|£', '4'], new Set(['85000000', '5']))).toBe(true);
    // The same value written with and without its unit is the same figure.
    expect(numbersConflict(['49.2|temperature'], new Set(['49']))).toBe(false);
  });

  it('joins a headline naming a speed to one naming a count', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Storm Westcliff: tens of thousands without power as gusts top 90mph' },
      { title: 'Storm Westcliff leaves 40,000 homes without power as gusts batter coast' },
      'en',
    );
    expect(b.components['numberConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  it('keeps apart two headlines naming other speeds', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Storm Westcliff: tens of thousands without power as gusts top 90mph' },
      { title: 'Storm Westcliff: tens of thousands without power as gusts top 70mph' },
      'en',
    );
    expect(b.components['nearest.numberConflict']).toBe(true);
    expect(b.storyId).not.toBe(a.storyId);
  });
});
