// An acronym on one side and its name spelled out on the other count as one shared word (src/dedup/spelled-acronyms.ts):
// "das BAMF" / "das Bundesamt für Migration und Flüchtlinge" turns a report sharing a few words of its own with the story
// into the story's, and the same report with "BAMF" replaced by a word of nothing stays apart, whichever report comes
// first. Through the real ingest + placement path. Capitalised runs spell an acronym only as whole pieces between the
// small words that join a name, so a noun, a weekday and another noun of one sentence spell nothing.
import { describe, expect, it } from 'vitest';
import { SCORE_SETTINGS, type SharedTerm } from '../../src/dedup/score-story.js';
import { acronymsIn, capitalisedRuns, creditSpelledAcronyms, spells } from '../../src/dedup/spelled-acronyms.js';
import type { FeedItem } from '../../src/model.js';
import { asylumAgency, asylumBroadcaster, asylumBroadcasterWithoutAcronym } from '../fixtures/dedup/spelled-acronyms.js';
import { feedItem, harness, source } from './dedup-harness.js';

async function placePair(first: FeedItem, second: FeedItem) {
  const h = await harness([source('a'), source('b')]);
  const [a] = await h.poll('a', [first], first.published!);
  const [b] = await h.poll('b', [second], second.published!);
  return { a: a!, b: b! };
}

describe('acronyms spelled out as evidence', () => {
  it('joins a report naming the BAMF to one naming the Bundesamt für Migration und Flüchtlinge, and shows the pair', async () => {
    const { a, b } = await placePair(asylumAgency, asylumBroadcaster);
    expect(b.storyId).toBe(a.storyId);
    expect(String(b.components['sharedTerms'])).toMatch(/(^| )bamf=Bundesamt für Migration und Flüchtlinge:/);
  });

  it('joins them the other way round too (the acronym in the story, the name in the item)', async () => {
    const { a, b } = await placePair({ ...asylumBroadcaster, published: '2026-03-05T08:30:00Z' }, asylumAgency);
    expect(b.storyId).toBe(a.storyId);
    expect(String(b.components['sharedTerms'])).toMatch(/(^| )bamf=Bundesamt für Migration und Flüchtlinge:/);
  });

  it('keeps the same report apart without the acronym', async () => {
    const { a, b } = await placePair(asylumAgency, asylumBroadcasterWithoutAcronym);
    expect(b.storyId).not.toBe(a.storyId);
  });
});

describe('the two words of their own an acronym needs', () => {
  /** The story's report naming the agency, then the item naming it by its acronym; the terms the item shares with the story. */
  async function sharedWith(storyTitle: string, itemTitle: string): Promise<string> {
    const h = await harness([source('a'), source('b')]);
    const story = { key: 'a-1', title: storyTitle, summary: 'Termine fallen aus, heißt es aus der Behörde.' };
    await h.poll('a', [feedItem({ ...story, published: '2026-03-05T08:00:00Z' })], '2026-03-05T08:05:00Z');
    const item = { key: 'b-1', title: itemTitle, summary: 'Anträge bleiben liegen, sagte ein Sprecher.' };
    const [b] = await h.poll('b', [feedItem({ ...item, published: '2026-03-05T08:30:00Z' })], '2026-03-05T08:35:00Z');
    return String(b!.components['sharedTerms'] ?? b!.components['nearest.sharedTerms']);
  }

  it('are words both write: a compound written apart on the other side ("Bahnstreik" / "Streik bei der Bahn") is none', async () => {
    const one = await sharedWith('Bundesamt für Migration und Flüchtlinge meldet Streik bei der Bahn', 'BAMF meldet Bahnstreik');
    expect(one).toMatch(/(^| )bahnstreik:/);
    expect(one).not.toMatch(/bamf=/);
    const two = await sharedWith(
      'Bundesamt für Migration und Flüchtlinge meldet Streik bei der Bahn in Nürnberg',
      'BAMF meldet Bahnstreik in Nürnberg',
    );
    expect(two).toMatch(/(^| )bamf=Bundesamt für Migration und Flüchtlinge:/);
  });
});

describe('which runs spell an acronym', () => {
  it.each([
    { acronym: 'EZB', text: 'Die Europäische Zentralbank senkt den Leitzins.', language: 'de', spelt: true },
    { acronym: 'EZB', text: 'Lagarde, Chefin der Europäischen Zentralbank, sagte', language: 'de', spelt: true },
    { acronym: 'IWF', text: 'Der Internationale Währungsfonds warnt', language: 'de', spelt: true },
    { acronym: 'BAMF', text: 'Das Bundesamt für Migration und Flüchtlinge meldet', language: 'de', spelt: true },
    { acronym: 'ÖVP', text: 'Die Österreichische Volkspartei gewinnt', language: 'de', spelt: true },
    { acronym: 'ECB', text: 'The European Central Bank raised rates', language: 'en', spelt: true },
    { acronym: 'FBI', text: 'the Federal Bureau of Investigation said', language: 'en', spelt: true },
    // A weekday after a noun, across a word that joins no name: "Mittwoch" read as the compound "Mitt|woch".
    { acronym: 'BMW', text: 'Das Bundeskabinett hat am Mittwoch beschlossen', language: 'de', spelt: false },
    { acronym: 'BMW', text: 'Die Deutsche Bahn Mittwoch früh', language: 'de', spelt: false },
    { acronym: 'USA', text: 'Der Kanzler stellt Unternehmenssteuern in Aussicht', language: 'de', spelt: false },
    // Punctuation ends a run.
    { acronym: 'EZB', text: 'Europa, Zentralbank', language: 'de', spelt: false },
  ])('$acronym in "$text": $spelt', ({ acronym, text, language, spelt }) => {
    const letters = acronym
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}+/gu, '');
    expect(capitalisedRuns([text], language).some((run) => spells(letters, run, language))).toBe(spelt);
  });

  it('takes acronyms of three to six capitals that are words of the item, none from a text written in capitals', () => {
    const terms = new Set(['ezb', 'eu', 'chefin', 'senkt', 'zins']);
    expect(acronymsIn(['EZB-Chefin: EU und EZB senken'], 'de', terms, new Set())).toEqual([{ term: 'ezb', letters: 'ezb' }]);
    expect(acronymsIn(['EILMELDUNG: EZB SENKT ZINS'], 'de', terms, new Set())).toEqual([]);
  });

  it.each([
    { sharedWords: 1, credited: false },
    { sharedWords: 2, credited: true },
  ])('credits a pair only once the texts share two words of their own ($sharedWords: $credited)', ({ sharedWords, credited }) => {
    const shared: SharedTerm[] = [];
    const pairs = [{ term: 'bamf', run: 'Bundesamt für Migration und Flüchtlinge' }];
    const weighing = { share: SCORE_SETTINGS.acronymShare, afterWords: SCORE_SETTINGS.acronymsAfterWords };
    const credit = creditSpelledAcronyms(
      pairs,
      () => 7,
      shared,
      sharedWords,
      () => 12,
      weighing,
    );
    expect(credit.words).toBe(credited ? 1 : 0);
    expect(shared.map((t) => t.term)).toEqual(credited ? ['bamf=Bundesamt für Migration und Flüchtlinge'] : []);
    if (credited) expect(credit.bits).toBeCloseTo(12 * SCORE_SETTINGS.acronymShare, 6);
  });
});
