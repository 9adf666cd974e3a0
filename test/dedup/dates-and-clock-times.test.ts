// A date or a clock time says when, not how many (when-figures.ts, score-story.ts `numbersConflict`): "March 10" and "9:15AM"
// are recorded as one when-figure, never disagree with a count, while two dates or two times still do ("March 10" / "March 11") and
// counts still do. Through the real ingest + placement path, normaliseText and the conflict test. Texts written for this test.
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

describe('dates and clock times', () => {
  it.each([
    ['Sochi Olympics March 10: results at 9:15AM', 'en', ['3/10', '9:15']],
    ['Apple event 3/10/14 live blog', 'en', ['3/10']],
    ['Apple-Event am 10.03.2014 im Liveblog', 'de', ['3/10']],
    ['Queen opens bridge on 10th March, 2 years late', 'en', ['3/10', '2']],
    // Month names are read in English only (when-figures.ts says why).
    ['Freitag, 6. Dezember 2013: 3 Tote', 'de', ['6', '2013', '3']],
    ['Storm at 9 p.m. cuts power to 40,000 homes', 'en', ['9:00', '40000']],
    ['Bayern führt 3 am Ende, Endstand 2:1', 'de', ['3', '2', '1']],
    // Outside English a time says so ("Uhr", a zone, am/pm): a handball score stays two figures; no hour 24.
    ['THW Kiel siegt 23:22 in Flensburg', 'de', ['23', '22']],
    ['Anpfiff um 20:30 Uhr, Abpfiff 22:15 MESZ', 'de', ['20:30', '22:15']],
    ['Results at 24:10 GMT', 'en', ['24', '10']],
    ['may 10 more fall', 'en', ['10']],
    ['3 May Face Charges After Rally on 10 May', 'en', ['3', '5/10']],
  ])('"%s" (%s) records %j', (title, language, numbers) => {
    expect(normaliseText(title, language).numbers).toEqual(numbers);
  });

  it('do not conflict with a count; two dates and two counts still do', () => {
    expect(numbersConflict(['3/10'], new Set(['5']))).toBe(false);
    expect(numbersConflict(['9:15', '3/10'], new Set(['40000']))).toBe(false);
    expect(numbersConflict(['14:30'], new Set(['13:25']))).toBe(true);
    expect(numbersConflict(['3/10'], new Set(['3/11']))).toBe(true);
    expect(numbersConflict(['3/10'], new Set(['3/11', '5']))).toBe(true);
    expect(numbersConflict(['5', '9:15'], new Set(['7']))).toBe(true);
  });

  it('joins a headline naming the date to one naming the count', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Westcliff council approves budget on March 10 after all-night session' },
      { title: 'Westcliff council budget of 524 million approved after all-night session' },
      'en',
    );
    expect(b.components['numberConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  it('keeps apart two headlines naming other dates', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Westcliff council approves budget on March 10 after all-night session' },
      { title: 'Westcliff council approves budget on March 17 after all-night session' },
      'en',
    );
    expect(b.components['nearest.numberConflict']).toBe(true);
    expect(b.storyId).not.toBe(a.storyId);
  });
});
