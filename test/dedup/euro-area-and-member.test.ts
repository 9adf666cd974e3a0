// The euro area is a place of its own (src/dedup/places/regions.txt): its monthly inflation and one member country's
// figure the same morning are the same kind of report, told alike with the same figure, and two stories (score-story.ts
// `placeConflict`: each headline names a place the other text never mentions). Two reports of the euro-area figure
// still join. Through the real ingest + placement path, German and English sources, in an empty and a populated window.
// Fixtures: test/fixtures/dedup/euro-area-and-member.ts.
import { describe, expect, it } from 'vitest';
import { placesAmong } from '../../src/dedup/place-names.js';
import { euroAreaDe, euroAreaDeRetold, euroAreaEn, euroAreaEnRetold, memberDe, memberEn } from '../fixtures/dedup/euro-area-and-member.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { harness, source } from './dedup-harness.js';

const cases = [
  { language: 'de', first: euroAreaDe, other: memberDe, retold: euroAreaDeRetold },
  { language: 'en', first: euroAreaEn, other: memberEn, retold: euroAreaEnRetold },
] as const;

async function setUp(language: string, populated: boolean) {
  const h = await harness([source('a', { language }), source('b', { language }), source('c', { language }), ...BACKGROUND_SOURCES]);
  if (populated) await fillWindow(h, '2026-04-01T08:00:00Z');
  return h;
}

describe('the euro area and a member country', () => {
  it.each(cases.flatMap((c) => [false, true].map((populated) => ({ ...c, populated }))))(
    "keeps the euro area's figure and a member's apart ($language, populated window: $populated)",
    async ({ language, first, other, populated }) => {
      const h = await setUp(language, populated);
      const [a] = await h.poll('a', [first], first.published!);
      const [b] = await h.poll('b', [other], other.published!);
      expect(b!.storyId).not.toBe(a!.storyId);
      expect(b!.components['nearest.placeConflict']).toBe(true);
    },
  );

  it.each(cases.flatMap((c) => [false, true].map((populated) => ({ ...c, populated }))))(
    'joins two reports of the euro-area figure ($language, populated window: $populated)',
    async ({ language, first, other, retold, populated }) => {
      const h = await setUp(language, populated);
      const [a] = await h.poll('a', [first], first.published!);
      await h.poll('b', [other], other.published!);
      const [c] = await h.poll('c', [retold], retold.published!);
      expect(c!.storyId).toBe(a!.storyId);
      expect(c!.components['placeConflict']).toBe(false);
    },
  );

  it.each([
    [['euroraum'], 'de'],
    [['eurolaendern'], 'de'],
    [['eurozone'], 'en'],
  ])('knows %j as a place', (tokens, language) => {
    expect(placesAmong(tokens, language)).toHaveLength(1);
  });
});
