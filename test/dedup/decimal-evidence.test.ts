// A decimal of two significant digits is evidence (item-evidence.ts, isEvidenceToken): it names a measure precisely, a
// software version ("iOS 7.1"), a rate ("2.9%"), a magnitude, where small whole counts and years are shared by a whole day's
// news and stay conflicts only. Through the real ingest + placement path, headlines without leads as the UCI set's are.
// Texts written for this test.
import { describe, expect, it } from 'vitest';
import { isEvidenceToken } from '../../src/dedup/item-evidence.js';
import { feedItem, harness, source } from './dedup-harness.js';

describe('a decimal as evidence', () => {
  it('joins two headlines of one software release on its version', async () => {
    const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
    const [a] = await h.poll(
      'a',
      [feedItem({ key: 'a-1', title: 'Apple releases iOS 7.1 with CarPlay', published: '2026-03-10T18:00:00Z' })],
      '2026-03-10T18:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [feedItem({ key: 'b-1', title: 'iOS 7.1 is out: what is new', published: '2026-03-10T18:30:00Z' })],
      '2026-03-10T18:35:00Z',
    );
    expect(String(b!.components['sharedTerms'])).toMatch(/(^| )7\.1:/);
    expect(b!.storyId).toBe(a!.storyId);
  });

  it.each([
    ['7.1', true],
    ['2.9', true],
    ['0.25', true],
    ['150000', true],
    ['0.3', false],
    ['2.0', false],
    ['5', false],
    ['2014', false],
  ])('reads "%s" as evidence: %s', (token, evidence) => {
    expect(isEvidenceToken(token)).toBe(evidence);
  });
});
