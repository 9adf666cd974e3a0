// Folding as the matcher sees words: ASCII is only lower-cased (without the cache), other letters go the long way.
import { describe, expect, it } from 'vitest';
import { foldWord } from '../../src/dedup/fold-word.js';

describe('foldWord', () => {
  it.each([
    ['NATO', 'nato'],
    ['Kiew', 'kiew'],
    ['tapering', 'tapering'],
    ['Covid19', 'covid19'],
    ['Gespräche', 'gespraeche'],
    ['GROẞE', 'grosse'],
    ['Straße', 'strasse'],
    ['ÉCOLE', 'ecole'],
    ['elección', 'eleccion'],
    ['İstanbul', 'istanbul'],
    ['İSTANBUL', 'istanbul'],
    ['ΣΕΙΣΜΟΣ', 'σεισμοσ'],
    ['σεισμός', 'σεισμοσ'],
    ['ΟΔΟΣ', 'οδοσ'],
    ['Ёлка', 'елка'],
    ['バス', 'バス'],
    ['K', 'k'],
  ])('%s folds to %s', (word, folded) => {
    expect(foldWord(word)).toBe(folded);
    // A second call (the cache's answer for non-ASCII words) is the same.
    expect(foldWord(word)).toBe(folded);
  });

  it('keeps the marks that make another letter in other scripts (バス is not パス)', () => {
    expect(foldWord('バス')).not.toBe(foldWord('パス'));
  });
});
