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
import { itKeepsTwoEventsApart } from './two-events-one-kind.js';

const cases = [
  { language: 'de', first: a1Osnabrueck, other: a1Wuppertal, retold: a1OsnabrueckRetold },
  { language: 'en', first: m25Dartford, other: m25Watford, retold: m25DartfordRetold },
] as const;

describe('one road, two places', () => {
  itKeepsTwoEventsApart({
    cases,
    conflict: 'routeConflict',
    fillAt: '2026-03-10T07:00:00Z',
    apart: 'keeps two crashes on one road near two towns apart',
    joins: 'joins two reports of one crash near one town',
  });

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
