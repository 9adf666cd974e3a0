// Leads that say nothing of their item (filler-lead.ts, source-boilerplate-lead.ts) are no evidence: in an empty
// database, the first poll of two feeds whose every item carries the same filler lead keeps all their unrelated items
// apart, for each kind of filler, in German and English, from one feed and across two. Two outlets' copies of a wire
// story with one lead still meet, and a feed's own re-sent lead under a related headline still meets its story.
import { describe, expect, it } from 'vitest';
import { leadEvidenceTokens } from '../../src/dedup/filler-lead.js';
import { normalisedTexts } from '../../src/dedup/item-features.js';
import type { DedupDecision } from '../../src/model.js';
import { ENGLISH_TITLES, FILLER_LEADS, fillerFeed, GERMAN_TITLES, wireCopies } from '../fixtures/dedup/filler-leads.js';
import { feedItem, harness, source } from './dedup-harness.js';

const NOW = '2026-05-12T09:00:00Z';
const EARLIER = '2026-05-12T07:00:00Z';

/** The stories of the decisions with more than one item. */
function joined(decisions: readonly DedupDecision[]): DedupDecision[] {
  return decisions.filter((d) => d.rule !== 'new-story');
}

describe('a filler lead counts as no lead', () => {
  it.each([
    ['Weiterlesen', 'Die Stadt baut eine neue Brücke über den Main. Weiterlesen', 'de', 4],
    ['Read more…', 'The council approved the budget after a long debate. Read more…', 'en', 4],
    ['Click here', 'Click here to continue reading…', 'en', 0],
    ['[…]', '[…]', 'de', 0],
    ['WordPress footer', 'The post Council approves budget appeared first on Valley Courier.', 'en', 0],
  ])('%s', (_, summary, language, words) => {
    const texts = normalisedTexts({ title: 'Council approves budget', summary, language: null }, language);
    expect(texts.leadTokens).toHaveLength(words);
  });

  it('a teaser that only repeats words of the title is no lead', () => {
    expect(leadEvidenceTokens(['stadtrat', 'beschliesst'], ['stadtrat', 'beschliesst', 'haushalt'])).toEqual([]);
    expect(leadEvidenceTokens(['stadtrat', 'beschliesst', 'steuern'], ['stadtrat', 'beschliesst', 'haushalt'])).toHaveLength(3);
  });
});

describe('first poll of two feeds whose every item carries one filler lead', () => {
  const cases = (['de', 'en'] as const).flatMap((language) => FILLER_LEADS[language].map((lead) => [language, lead] as const));

  it.each(cases)('%s "%s": ten items of each feed stay apart (same feed)', async (language, lead) => {
    const titles = language === 'de' ? GERMAN_TITLES : ENGLISH_TITLES;
    const other = language === 'de' ? ENGLISH_TITLES : GERMAN_TITLES;
    const otherLead = FILLER_LEADS[language === 'de' ? 'en' : 'de'][0];
    const h = await harness([source('a', { language }), source('b', { language: language === 'de' ? 'en' : 'de' })]);
    const decisions = [
      ...(await h.poll('a', fillerFeed('a', titles, lead, NOW), NOW)),
      ...(await h.poll('b', fillerFeed('b', other, otherLead, NOW), NOW)),
    ];
    expect(decisions).toHaveLength(20);
    expect(joined(decisions)).toEqual([]);
  });

  it.each(cases)('%s "%s": five items of each of two feeds stay apart (across feeds)', async (language, lead) => {
    const titles = language === 'de' ? GERMAN_TITLES : ENGLISH_TITLES;
    const h = await harness([source('a', { language }), source('b', { language })]);
    const decisions = [
      // Feed a's items came earlier: a site's teaser is known as boilerplate once one source wrote it under two titles
      // (the first item of each of two feeds sharing a teaser cannot be told from a wire's copies; README says so).
      ...(await h.poll('a', fillerFeed('a', titles.slice(0, 5), lead, EARLIER), NOW)),
      ...(await h.poll('b', fillerFeed('b', titles.slice(5), lead, NOW), NOW)),
    ];
    expect(decisions).toHaveLength(10);
    expect(joined(decisions)).toEqual([]);
  });
});

describe('one lead that does tell the item', () => {
  it("two outlets' copies of a wire story with the wire's lead still meet", async () => {
    const [bote, kurier] = wireCopies(NOW);
    const h = await harness([source('bote'), source('kurier')]);
    const [a] = await h.poll('bote', [bote], NOW);
    const [b] = await h.poll('kurier', [kurier], NOW);
    expect(b!.rule).toBe('near-duplicate');
    expect(b!.storyId).toBe(a!.storyId);
  });

  it("an outlet's second copy under another headline is the source's repetition: placed on its title, not its lead", async () => {
    const [bote, kurier] = wireCopies(NOW);
    const h = await harness([source('bote')]);
    await h.poll('bote', [bote], NOW);
    const [b] = await h.poll('bote', [{ ...kurier, key: 'bote-2', url: 'https://bote.example/2' }], NOW);
    expect(b!.components['leadsCompared'] ?? b!.components['nearest.leadsCompared']).toBe(false);
  });
});
