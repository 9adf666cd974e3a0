// The euro area is a place of its own (src/dedup/places/regions.txt): its monthly inflation and one member country's
// figure the same morning are the same kind of report, told alike with the same figure, and two stories (score-story.ts
// `placeConflict`: each headline names a place the other text never mentions). Two reports of the euro-area figure
// still join. Through the real ingest + placement path, German and English sources, in an empty and a populated window.
// Fixtures: test/fixtures/dedup/euro-area-and-member.ts.
import { describe, expect, it } from 'vitest';
import { placesAmong } from '../../src/dedup/place-names.js';
import { euroAreaDe, euroAreaDeRetold, euroAreaEn, euroAreaEnRetold, memberDe, memberEn } from '../fixtures/dedup/euro-area-and-member.js';
import { itKeepsTwoEventsApart } from './two-events-one-kind.js';

const cases = [
  { language: 'de', first: euroAreaDe, other: memberDe, retold: euroAreaDeRetold },
  { language: 'en', first: euroAreaEn, other: memberEn, retold: euroAreaEnRetold },
] as const;

describe('the euro area and a member country', () => {
  itKeepsTwoEventsApart({
    cases,
    conflict: 'placeConflict',
    fillAt: '2026-04-01T08:00:00Z',
    apart: "keeps the euro area's figure and a member's apart",
    joins: 'joins two reports of the euro-area figure',
  });

  it.each([
    [['euroraum'], 'de'],
    [['eurolaendern'], 'de'],
    [['eurozone'], 'en'],
  ])('knows %j as a place', (tokens, language) => {
    expect(placesAmong(tokens, language)).toHaveLength(1);
  });
});
