// English's floor for an informative word in a strong retelling (english-word-bits.ts): the German 7 bits moved to the
// bits at which the same share of English running words is at least as rare. Through the real ingest + placement path,
// English and German sources; texts written for this test.
import { describe, expect, it } from 'vitest';
import { backgroundPrior } from '../../src/dedup/background-prior.js';
import { ENGLISH_INFORMATIVE_BITS } from '../../src/dedup/english-word-bits.js';
import { retellingScore, SCORE_SETTINGS } from '../../src/dedup/score-story.js';
import { feedItem, harness, source } from './dedup-harness.js';

/** Share of a language's running content words (from its prior) whose stem carries at least `bits`. */
function shareAtLeast(language: string, bits: number): number {
  let all = 0;
  let rare = 0;
  for (const [, share] of backgroundPrior(language)!.entries()) {
    // The prior's item share back to a word's share of running words (items of 40 words; prior/README.md).
    const perWord = -Math.log(1 - share) / 40;
    all += perWord;
    if (-Math.log2(share) >= bits) rare += perWord;
  }
  return rare / all;
}

const wire = feedItem({
  key: 'a-1',
  title: 'UK unemployment rate rises to 5.2%, highest since 2016',
  summary:
    "LONDON - Britain's unemployment rate rose to 5.2% in the three months to September, its highest since 2016, while growth in regular pay slowed to 4.4%, the Office for National Statistics said on Tuesday. Economists had expected a rate of 5.1%.",
  published: '2026-10-14T06:00:00Z',
});
const broadcaster = feedItem({
  key: 'b-1',
  title: 'Unemployment rises as pay growth slows',
  summary:
    'The number of people out of work has risen again, with the jobless rate now at its highest level for nearly a decade, official figures show. Growth in wages also slowed over the summer, easing pressure on the Bank of England.',
  published: '2026-10-14T06:40:00Z',
});

describe('English informative words in a strong retelling', () => {
  it('is the bit level where the share of German words at 7 bits lies in English, from the shipped priors', () => {
    const german = shareAtLeast('de', SCORE_SETTINGS.titleViewInformativeBits);
    // Steps of 0.1 bits: the English share crosses the German one at ENGLISH_INFORMATIVE_BITS.
    expect(shareAtLeast('en', ENGLISH_INFORMATIVE_BITS - 0.1)).toBeGreaterThan(german);
    expect(shareAtLeast('en', ENGLISH_INFORMATIVE_BITS + 0.1)).toBeLessThan(german);
  });

  it("joins a broadcaster's retelling whose shared words are English news words of 6.3-7 bits (unemployment, pay growth slows)", async () => {
    const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
    const [a] = await h.poll('a', [wire], '2026-10-14T06:05:00Z');
    const [b] = await h.poll('b', [broadcaster], '2026-10-14T06:45:00Z');
    expect(b!.components['retelling']).toBe(true);
    expect(b!.storyId).toBe(a!.storyId);
  });

  it('counts the lower floor only for a strong retelling', () => {
    const evidence = {
      score: 0.3,
      allScore: 0.3,
      allSharedWords: 6,
      allInformativeWords: 1,
      allAnchoredInformativeWords: 3,
      allExcessBits: 20,
      allTellingWords: 3,
      allPlaces: 0,
      allNames: 0,
      allHeadlineWords: 0,
      allHeadlineAnchors: 0,
      allFigures: 0,
    };
    expect(retellingScore(evidence, 1, true, 'other', false).retelling).toBe(false);
    const strong = { ...evidence, allExcessBits: 40, allTellingWords: 4, allPlaces: 1 };
    expect(retellingScore(strong, 1, true, 'other', false).retelling).toBe(true);
  });
});
