// English "no" hyphenated to a noun makes a compound ("no-confidence vote", "no-fly zone"), not a negated headline
// (normalise-text.ts, isCompoundPrefix): a wire's "survives no-confidence vote" and a broadcaster's "survives confidence
// vote" tell one vote. "No deal" written apart, and "no-one" (nobody), still negate. Through the real ingest + placement
// path, English sources. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { feedItem, harness, source } from './dedup-harness.js';

const lead =
  'The minority government of Prime Minister Sebastien Lecornu survived the motion in the National Assembly on Tuesday after the Socialists abstained, allowing him to press ahead with the 2027 budget.';

async function placeAgainst(first: string, second: string) {
  const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
  const [a] = await h.poll(
    'a',
    [feedItem({ key: 'a-1', title: first, summary: lead, published: '2026-10-13T15:00:00Z' })],
    '2026-10-13T15:05:00Z',
  );
  const [b] = await h.poll(
    'b',
    [feedItem({ key: 'b-1', title: second, summary: lead, published: '2026-10-13T15:40:00Z' })],
    '2026-10-13T15:45:00Z',
  );
  return { a: a!, b: b! };
}

describe('English compounds with "no-"', () => {
  it('joins "survives no-confidence vote" to "survives confidence vote": the hyphenated "no" negates nothing', async () => {
    const { a, b } = await placeAgainst(
      'Lecornu government survives no-confidence vote',
      'Lecornu government survives confidence vote over budget',
    );
    expect(b.rule).toBe('near-duplicate');
    expect(b.components['polarityConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  it('keeps a headline negated by a free-standing "no" apart from the one it denies', async () => {
    const { a, b } = await placeAgainst('Lecornu government survives confidence vote', 'No Lecornu government survives confidence vote');
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.polarityConflict']).toBe(true);
  });

  it('drops only the compound "no-", not "no-one" (nobody) nor German "Nicht-"', () => {
    expect(normaliseText('Government survives no-confidence vote', 'en').tokens).toEqual(['government', 'survives', 'confidence', 'vote']);
    expect(normaliseText('No-one hurt in warehouse fire', 'en').tokens).toContain('no');
    expect(normaliseText('Protestler wegen Nicht-Terrorismus verurteilt', 'de').tokens).toContain('nicht');
  });
});
