// A road named in two headlines ("A1", "M25", "I-95") is a line, not one place: a crash near one town and a crash near
// another town on the same road are two events, however alike traffic reports read (route-names.ts, score-story.ts
// `routeConflict`). Two reports of one crash that name the same town still join. Through the real ingest + placement path,
// German and English sources, in an empty and a populated window. Fixtures: test/fixtures/dedup/same-road-two-places.ts.
import { describe, expect, it } from 'vitest';
import { routesNamed } from '../../src/dedup/route-names.js';
import {
  a1Osnabrueck,
  a1OsnabrueckRetold,
  a1Wuppertal,
  m25Dartford,
  m25DartfordRetold,
  m25Watford,
} from '../fixtures/dedup/same-road-two-places.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { harness, source } from './dedup-harness.js';

const cases = [
  { language: 'de', first: a1Osnabrueck, other: a1Wuppertal, retold: a1OsnabrueckRetold },
  { language: 'en', first: m25Dartford, other: m25Watford, retold: m25DartfordRetold },
] as const;

async function setUp(language: string, populated: boolean) {
  const h = await harness([source('a', { language }), source('b', { language }), source('c', { language }), ...BACKGROUND_SOURCES]);
  if (populated) await fillWindow(h, '2026-03-10T07:00:00Z');
  return h;
}

describe('one road, two places', () => {
  it.each(cases.flatMap((c) => [false, true].map((populated) => ({ ...c, populated }))))(
    'keeps two crashes on one road near two towns apart ($language, populated window: $populated)',
    async ({ language, first, other, populated }) => {
      const h = await setUp(language, populated);
      const [a] = await h.poll('a', [first], first.published!);
      const [b] = await h.poll('b', [other], other.published!);
      expect(b!.storyId).not.toBe(a!.storyId);
      expect(b!.components['nearest.routeConflict']).toBe(true);
    },
  );

  it.each(cases.flatMap((c) => [false, true].map((populated) => ({ ...c, populated }))))(
    'joins two reports of one crash near one town ($language, populated window: $populated)',
    async ({ language, first, other, retold, populated }) => {
      const h = await setUp(language, populated);
      const [a] = await h.poll('a', [first], first.published!);
      await h.poll('b', [other], other.published!);
      const [c] = await h.poll('c', [retold], retold.published!);
      expect(c!.storyId).toBe(a!.storyId);
      expect(c!.components['routeConflict']).toBe(false);
    },
  );

  it.each([
    ['A1: Stau nach Unfall', ['a1']],
    ['Unfall auf der A 7 bei Kassel', ['a7']],
    ['I-95 crash near Baltimore', ['i95']],
    ['M25 closed', ['m25']],
    ['Lotto am Samstag: die Zahlen', []],
    ['G7-Gipfel in Kanada', ['g7']],
  ])('reads the roads of %j', (title, routes) => {
    expect(routesNamed(title)).toEqual(routes);
  });
});
