// One amount in two English notations is one figure (number-words.ts, scale words): a wire's "210,000 evacuated" and an
// Indian paper's "2.1 lakh", "3 mln pounds" and "£3m". Read bare, "2.1 lakh" is 2.1 and vetoes the join as a title figure
// that disagrees. Through the real ingest + placement path, English sources. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { feedItem, harness, source } from './dedup-harness.js';

const lead =
  'Cyclone Arnab made landfall near Gopalpur in Odisha on Monday evening with winds of 130 kph, uprooting trees and cutting power, after the state government moved people from low-lying coastal villages to cyclone shelters.';

describe('English scale words', () => {
  it('joins "2.1 lakh people" and "210,000 evacuated" over one lead', async () => {
    const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
    const [a] = await h.poll(
      'a',
      [
        feedItem({
          key: 'a-1',
          title: 'Cyclone Arnab: Odisha evacuates 2.1 lakh people',
          summary: lead,
          published: '2026-10-12T10:00:00Z',
        }),
      ],
      '2026-10-12T10:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [
        feedItem({
          key: 'b-1',
          title: 'Cyclone Arnab hits Odisha coast, 210,000 evacuated',
          summary: lead,
          published: '2026-10-12T11:00:00Z',
        }),
      ],
      '2026-10-12T11:05:00Z',
    );
    expect(b!.components['numberConflict']).toBe(false);
    expect(b!.storyId).toBe(a!.storyId);
  });

  // The currency is recorded after "|" (figure-units.ts).
  it.each([
    ['worth 3 mln pounds', '3000000|£'],
    ['worth £3m', '3000000|£'],
    ['a $2.1bn order', '2100000000|$'],
    ['a ₹18,500-crore deal', '185000000000|₹'],
    ['a 5m wall', '5'],
    ['7 m waves', '7'],
  ])('reads "%s" as %s', (text, figure) => {
    expect(normaliseText(text, 'en').numbers).toEqual([figure]);
  });
});

describe('an English amount as one term', () => {
  it.each([
    ['£47m penalty: Thames Water fine', ['47000000', 'penalty', 'thames', 'water', 'fine']],
    ['regulator fines Thames Water 47 mln pounds', ['regulator', 'fines', 'thames', 'water', '47000000', 'pounds']],
    ['a $1.8 billion deal', ['1800000000', 'deal']],
  ])('reads "%s" with the scaled figure and without the scale word', (text, tokens) => {
    expect(normaliseText(text, 'en').tokens).toEqual(tokens);
  });

  it('counts the amount two outlets write differently among the terms they share', async () => {
    const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
    const [a] = await h.poll(
      'a',
      [feedItem({ key: 'a-1', title: "Men's Wearhouse to buy Jos. A. Bank in $1.8bn deal", published: '2026-03-11T13:00:00Z' })],
      '2026-03-11T13:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [feedItem({ key: 'b-1', title: "Men's Wearhouse cuts $1.8 billion deal", published: '2026-03-11T13:30:00Z' })],
      '2026-03-11T13:35:00Z',
    );
    expect(String(b!.components['sharedTerms'])).toMatch(/(^| )1800000000:/);
    expect(b!.storyId).toBe(a!.storyId);
  });
});
