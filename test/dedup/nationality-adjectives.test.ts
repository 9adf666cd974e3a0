// An English nationality adjective is its country's name (place-names.ts, countryNameOf): outlets headline one event with either
// ("Libyan parliament ousts prime minister" / "Libya PM ousted"), and the stemmer keeps "libyan" apart from "libya" as it keeps
// any derivation. An adjective whose country English news names otherwise ("American", "French") stays as it was, and so
// does German "russisch" (it cost the STSb calibration set precision).
// Through the real ingest + placement path, headlines without leads as the UCI set's are. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { countryNameOf } from '../../src/dedup/place-names.js';
import { stemWord } from '../../src/dedup/stem-word.js';
import { feedItem, harness, source } from './dedup-harness.js';

describe('a nationality adjective as its country', () => {
  it('joins "Libyan …" and "Libya …" headlines of one event on the country they share', async () => {
    const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
    const [a] = await h.poll(
      'a',
      [feedItem({ key: 'a-1', title: 'Libyan parliament ousts Zeidan over tanker', published: '2026-03-11T15:00:00Z' })],
      '2026-03-11T15:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [feedItem({ key: 'b-1', title: 'Libya ousts Zeidan as tanker escapes', published: '2026-03-11T15:40:00Z' })],
      '2026-03-11T15:45:00Z',
    );
    expect(String(b!.components['sharedTerms'])).toMatch(/(^| )libya:/);
    expect(b!.storyId).toBe(a!.storyId);
  });

  it.each([
    ['en', 'Libyan', 'libya'],
    ['en', 'Chinese', 'china'],
    ['en', 'Canadian', 'canada'],
    ['en', 'Turkish', 'turkey'],
    ['en', 'Japanese', 'japan'],
    ['en', 'Egyptian', 'egypt'],
  ])('reads %s "%s" as "%s"', (language, adjective, name) => {
    expect(countryNameOf(stemWord(adjective.toLowerCase(), language), language)).toBe(stemWord(name.toLowerCase(), language));
  });

  it.each([
    ['en', 'American'],
    ['en', 'French'],
    ['en', 'British'],
    ['de', 'russisch'],
  ])('leaves %s "%s" as it is', (language, adjective) => {
    const stem = stemWord(adjective.toLowerCase(), language);
    expect(countryNameOf(stem, language)).toBe(stem);
  });
});
