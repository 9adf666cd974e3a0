// A German compound on one side and its two parts written apart on the other count as the one shared word the compound
// is (src/dedup/compound-phrases.ts): "Grenzkontrollen" / "Kontrollen an den Landgrenzen", "Bahnstreik" / "Streik bei
// der Bahn", read in both directions, worth no more than the compound itself, and not spelt by two parts of other
// compounds. Scored with the real features (item-features.ts) and the shipped German prior.
import { describe, expect, it } from 'vitest';
import { compoundParts } from '../../src/dedup/stem-word.js';
import { itemFeatures } from '../../src/dedup/item-features.js';
import { sharedEvidence, type Evidence } from '../../src/dedup/score-story.js';
import { emptyTermCounts, termWeights } from '../../src/dedup/term-weights.js';
import type { MatchableItem } from '../../src/model.js';

const NOW = '2026-06-02T12:00:00Z';

/** The features of a German headline (no store needed). */
function features(id: number, title: string): ReturnType<typeof itemFeatures> {
  const item = {
    id,
    sourceId: `s${id}`,
    key: `k${id}`,
    title,
    summary: '',
    url: null,
    canonicalUrl: null,
    published: NOW,
    firstSeen: NOW,
    language: 'de',
    contentLength: 0,
    storyId: null,
  } as MatchableItem;
  return itemFeatures(item, 'de');
}

const weights = termWeights(emptyTermCounts(), 'de');

/** What headline `a` shares with headline `b`, each side's compound parts marked as parts. */
function shared(a: string, b: string): Evidence {
  const fa = features(1, a);
  const fb = features(2, b);
  return sharedEvidence(fa.terms, new Set(fb.terms), fb.terms.length, weights, 0.3, fa.partTerms, fb.partTerms);
}

const PHRASES = [
  { compound: 'grenzkontroll', a: 'Dobrindt verlängert Grenzkontrollen', b: 'Dobrindt verlängert Kontrollen an den Landgrenzen' },
  { compound: 'bahnstreik', a: 'Bahnstreik trifft Pendler in Berlin', b: 'Streik bei der Bahn trifft Pendler in Berlin' },
];

describe('a compound found written apart', () => {
  it.each(PHRASES)('counts "$compound" as one shared word, not as two parts', ({ compound, a, b }) => {
    const e = shared(a, b);
    const entry = e.sharedTerms.find((t) => t.term === compound);
    expect(entry).toMatchObject({ part: false });
    const [modifier, head] = compoundParts(compound, 'de');
    expect(e.sharedTerms.map((t) => t.term)).not.toContain(modifier);
    expect(e.sharedTerms.map((t) => t.term)).not.toContain(head);
    // Worth no more than the compound, nor than its parts together.
    const information = (t: string) => -Math.log2(weights.probabilityOf(weights.ids.intern(t)));
    expect(entry!.bits).toBeCloseTo(Math.min(information(compound), information(modifier!) + information(head!)), 6);
  });

  it.each(PHRASES)('reads "$compound" alike in both directions', ({ a, b }) => {
    const there = shared(a, b);
    const back = shared(b, a);
    expect(back.sharedWords).toBe(there.sharedWords);
    expect(back.shared).toBeCloseTo(there.shared, 6);
  });

  it('is not spelt by two parts of the other side\'s own compounds ("Grenzschutz", "Ausweiskontrolle")', () => {
    const e = shared('Dobrindt verlängert Grenzkontrollen', 'Dobrindt verlängert Grenzschutz und Ausweiskontrolle');
    expect(e.sharedTerms.map((t) => t.term)).not.toContain('grenzkontroll');
    expect(e.sharedTerms.every((t) => t.term === 'dobrindt' || t.term.startsWith('verl') || t.part)).toBe(true);
  });
});
