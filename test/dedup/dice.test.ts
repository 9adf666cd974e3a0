// Our bigram Dice must be exactly string-similarity's compareTwoStrings (it replaces it for speed).
import stringSimilarity from 'string-similarity';
import { describe, expect, it } from 'vitest';
import { dice } from '../../src/dedup/dice.js';

describe('dice', () => {
  it.each([
    ['kiewer verhandlungschef ukraine gespraeche produktiv', 'kiewer seite nennt ukraine gespraeche abu dhabi produktiv'],
    ['russland ukraine tauschen hunderte gefangene', 'gefangenenaustausch russland ukraine tauschen hunderte gefangene'],
    ['aaaa', 'aa'],
    ['abab', 'baba'],
    ['a', 'a'],
    ['a', 'b'],
    ['', ''],
    ['a b c', 'abc'],
    ['straße', 'strasse'],
  ])('%s ~ %s', (a, b) => {
    expect(dice(a, b)).toBeCloseTo(stringSimilarity.compareTwoStrings(a, b), 12);
  });
});
