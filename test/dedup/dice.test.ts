// The verifier is string-similarity itself; what must hold is that the cheap bound run before
// it never under-estimates, or skipping a pair could change a decision.
import stringSimilarity from 'string-similarity';
import { describe, expect, it } from 'vitest';
import { bigramSketch, dice, diceUpperBound } from '../../src/dedup/dice.js';
import { itemFeatures } from '../../src/dedup/item-features.js';
import { scorePair, scoreUpperBound } from '../../src/dedup/score-pair.js';
import type { StoredItem } from '../../src/model.js';
import * as seeds from '../fixtures/dedup/ukraine-talks-feb-2026.js';

const PAIRS: [string, string][] = [
  ['kiewer verhandlungschef ukraine gespraeche produktiv', 'kiewer seite nennt ukraine gespraeche abu dhabi produktiv'],
  ['russland ukraine tauschen hunderte gefangene', 'gefangenenaustausch russland ukraine tauschen hunderte gefangene'],
  ['aaaa', 'aa'],
  ['abab', 'baba'],
  ['a', 'a'],
  ['a', 'b'],
  ['', ''],
  ['a b c', 'abc'],
  ['straße', 'strasse'],
  ['bundestag beschliesst haushalt', 'streik bei der bahn am montag'],
];

describe('dice', () => {
  it.each(PAIRS)('is string-similarity: %s ~ %s', (a, b) => {
    expect(dice(a, b)).toBe(stringSimilarity.compareTwoStrings(a, b));
  });

  it.each(PAIRS)('bound never under-estimates: %s ~ %s', (a, b) => {
    expect(diceUpperBound(bigramSketch(a), bigramSketch(b))).toBeGreaterThanOrEqual(dice(a, b));
  });

  it('bound is tight enough to skip unrelated texts', () => {
    const bound = diceUpperBound(bigramSketch('bundestag beschliesst haushalt'), bigramSketch('streik bei der bahn am montag'));
    expect(bound).toBeLessThan(0.3);
  });
});

function stored(id: number, sourceId: string, title: string, summary: string): StoredItem {
  return {
    id,
    sourceId,
    key: `k${id}`,
    guid: null,
    url: null,
    canonicalUrl: null,
    title,
    summary,
    contentHtml: null,
    author: null,
    categories: [],
    enclosures: [],
    language: 'de',
    published: '2026-02-05T10:00:00Z',
    updated: null,
    firstSeen: '2026-02-05T10:00:00Z',
    lastSeen: '2026-02-05T10:00:00Z',
    storyId: null,
    contentLength: 0,
  };
}

describe('scoreUpperBound', () => {
  it('is at least the exact score for every pair of the seed stories', () => {
    const seedItems = Object.values(seeds).flatMap((v) => (Array.isArray(v) ? v : [v]));
    const items = seedItems.map((t, i) => itemFeatures(stored(i + 1, `s${i % 3}`, t.title, t.summary), 'de'));
    let pairs = 0;
    for (const a of items) {
      for (const b of items) {
        if (a === b) continue;
        expect(scoreUpperBound(a, b)).toBeGreaterThanOrEqual(scorePair(a, b).score);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(10);
  });
});
