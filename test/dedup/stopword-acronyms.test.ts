// An acronym that is a stopword in lower case ("WHO", "SEC", "UPS": English stopwords-iso is a web-search stoplist) is a
// term when written in capitals in a text that does not shout, kept as written so no lower-case word ("who", "ups") meets
// it, and weighed as a common acronym (the prior never saw it): two reports naming "the SEC" share it. Two capitals ("US",
// "UK", "GM") stay stopwords: as words they cost UCI-cal's precision (written-in-capitals.ts). Unit cases of normaliseText,
// stemWord and the prior, then through the real ingest + placement path.
import { describe, expect, it } from 'vitest';
import { backgroundPrior } from '../../src/dedup/background-prior.js';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { stemWord } from '../../src/dedup/stem-word.js';
import type { FeedItem } from '../../src/model.js';
import { chargesBroadcaster, chargesBroadcasterWithoutAcronym, chargesWire } from '../fixtures/dedup/stopword-acronyms.js';
import { harness, source } from './dedup-harness.js';

describe('stopwords written as acronyms', () => {
  it.each([
    ['WHO declares mpox emergency over', ['WHO', 'declares', 'mpox', 'emergency']],
    ['SEC charges hedge fund over insider trading', ['SEC', 'charges', 'hedge', 'fund', 'insider', 'trading']],
    // The pronoun in lower case or at a sentence's start is a stopword.
    ['Who will lead the party? Voters who decide', ['lead', 'party', 'voters', 'decide']],
    // A text written in capitals shouts: its capitals are words, not acronyms.
    ['WHAT WE KNOW ABOUT THE WHO REPORT', ['report']],
    // A stopword in capitals next to another (a kicker in capitals) is no acronym.
    ['ON THE RECORD: Minister defends budget', ['record', 'minister', 'defends', 'budget']],
    // Two capitals stay stopwords.
    ['US and UK agree trade deal', ['agree', 'trade', 'deal']],
  ])('en: %s', (text, tokens) => {
    expect(normaliseText(text, 'en').tokens).toEqual(tokens);
  });

  it('keeps the acronym unstemmed, apart from the word it spells in lower case', () => {
    expect(stemWord('UPS', 'en')).toBe('UPS');
    expect(stemWord('ups', 'en')).not.toBe('UPS');
  });

  it('weighs it as a common acronym, not as a name the prior never saw', () => {
    const prior = backgroundPrior('en')!;
    expect(prior.share('WHO')).toBeCloseTo(prior.share('eu'), 2);
    expect(prior.share('WHO')).toBeGreaterThan(100 * prior.share('zzqxnotaword'));
  });
});

describe('an acronym that is a stopword, named by two reports', () => {
  async function placePair(first: FeedItem, second: FeedItem) {
    const h = await harness([source('wire', { language: 'en' }), source('broadcaster', { language: 'en' })]);
    const [a] = await h.poll('wire', [first], first.published!);
    const [b] = await h.poll('broadcaster', [second], second.published!);
    return { a: a!, b: b! };
  }

  it('joins two reports of the SEC`s charges, sharing "SEC"', async () => {
    const { a, b } = await placePair(chargesWire, chargesBroadcaster);
    expect(b.storyId).toBe(a.storyId);
    expect(String(b.components['sharedTerms'])).toMatch(/(^| )SEC:/);
  });

  it('keeps the same report apart with "regulator" for "SEC"', async () => {
    const { a, b } = await placePair(chargesWire, chargesBroadcasterWithoutAcronym);
    expect(b.storyId).not.toBe(a.storyId);
  });
});
