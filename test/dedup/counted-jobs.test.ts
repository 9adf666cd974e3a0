// A count of jobs is a figure with a unit (figure-units.ts): "2000 Stellen", "3.500 Jobs", "2000 weitere Arbeitsplätze",
// "2,000 more jobs". It is never a year, so it does not disagree with the other side's year ("Sparprogramm bis 2027"), and it
// is compared only with other counts of jobs. Through normaliseText, the conflict test and the real ingest + placement path.
// Texts written for this test.
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

describe('a count of jobs', () => {
  it.each([
    ['2000 Stellen: Westcliff-Chemie verschärft den Sparkurs', 'de', ['2000|jobs']],
    ['Westcliff-Chemie will 2000 weitere Arbeitsplätze abbauen', 'de', ['2000|jobs']],
    ['3.500 Jobs: Westcliff verschärft Sparkurs', 'de', ['3500|jobs']],
    // Other things counted with such words: building sites, spots, a ranking's places.
    ['Westcliff: 300 Baustellen im Sommer', 'de', ['300']],
    ['Feuer an 20 Stellen in Westcliff', 'de', ['20']],
    ['Westcliff climbs 5 positions in the table', 'en', ['5']],
    // Staff are people, compared with other counts of people.
    ['Westcliff: 500 Mitarbeiter betroffen', 'de', ['500']],
    ['Westcliff Chemicals: 500 workers affected', 'en', ['500']],
    ['Westcliff Chemicals to cut 2,000 more jobs', 'en', ['2000|jobs']],
    ['Westcliff Chemicals: 3 million jobs at risk', 'en', ['3000000|jobs']],
    // Not a count of jobs: a year before the verb "stellen", a year before any other noun.
    ['Seit 2020 stellen sich die Beschäftigten quer', 'de', ['2020']],
    ['Haushaltsausschuss billigt Etat 2027 nach Nachtsitzung', 'de', ['2027']],
    ['Westcliff council approves 2027 budget', 'en', ['2027']],
  ])('"%s" (%s) records %j', (title, language, numbers) => {
    expect(normaliseText(title, language).numbers).toEqual(numbers);
  });

  it('that reads like a year is a term of its own, so two headlines share it as evidence', () => {
    expect(normaliseText('Westcliff-Chemie streicht 2000 Stellen', 'de').tokens).toContain('2000|jobs');
    expect(normaliseText('Etat 2027 gebilligt', 'de').tokens).toContain('2027');
  });

  it('does not conflict with a year or another unit; two counts of jobs still do', () => {
    expect(numbersConflict(['2000|jobs'], new Set(['2027']))).toBe(false);
    expect(numbersConflict(['2000|jobs'], new Set(['30000000|€']))).toBe(false);
    expect(numbersConflict(['2000|jobs'], new Set(['1500|jobs']))).toBe(true);
    // Read as years (before), the two disagreed.
    expect(numbersConflict(['2000'], new Set(['2027']))).toBe(true);
  });

  it('joins a headline naming the jobs to one naming the year of the plan', async () => {
    const { a, b } = await placeAgainst(
      {
        title: 'Westcliff-Chemie streicht 2000 Stellen im Werk Marlhausen',
        summary: 'Der Chemiekonzern Westcliff-Chemie baut im Werk Marlhausen 2000 Stellen ab, der Betriebsrat kündigt Widerstand an.',
      },
      {
        title: 'Westcliff-Chemie: Sparprogramm bis 2027 trifft Werk Marlhausen',
        summary:
          'Der Chemiekonzern Westcliff-Chemie baut im Werk Marlhausen Stellen ab, der Betriebsrat kündigt Widerstand gegen das Sparprogramm an.',
      },
      'de',
    );
    expect(b.components['numberConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  it('keeps apart two headlines naming other counts of jobs', async () => {
    const { a, b } = await placeAgainst(
      {
        title: 'Westcliff-Chemie streicht 2000 Stellen im Werk Marlhausen',
        summary: 'Der Chemiekonzern Westcliff-Chemie baut im Werk Marlhausen 2000 Stellen ab, der Betriebsrat kündigt Widerstand an.',
      },
      {
        title: 'Westcliff-Chemie streicht 1500 Stellen im Werk Marlhausen',
        summary: 'Der Chemiekonzern Westcliff-Chemie baut im Werk Marlhausen 1500 Stellen ab, der Betriebsrat kündigt Widerstand an.',
      },
      'de',
    );
    expect(b.components['nearest.numberConflict']).toBe(true);
    expect(b.storyId).not.toBe(a.storyId);
  });
});
