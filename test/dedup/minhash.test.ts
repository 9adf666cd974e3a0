// MinHash + LSH: deterministic, Jaccard-estimating, and band keys that find similar sets.
import { describe, expect, it } from 'vitest';
import { bandKeys, estimateJaccard, hashToken, minhashSignature } from '../../src/dedup/minhash.js';

const hashes = (words: string[]): number[] => words.map(hashToken);
const words = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('minhash', () => {
  it('is deterministic and order-independent', () => {
    const a = minhashSignature(hashes(['ukraine', 'gespraeche', 'produktiv']), 32);
    const b = minhashSignature(hashes(['produktiv', 'ukraine', 'gespraeche']), 32);
    expect([...a]).toEqual([...b]);
  });

  it.each([0, 0.25, 0.5, 0.75, 1])('estimates Jaccard %s within 0.1 with 256 hashes', async (jaccard) => {
    // Sets of 40 words sharing round(n) of them: |A∩B| / |A∪B| = jaccard.
    const shared = Math.round((80 * jaccard) / (1 + jaccard));
    const a = [...words('s', shared), ...words('a', 40 - shared)];
    const b = [...words('s', shared), ...words('b', 40 - shared)];
    const estimate = estimateJaccard(minhashSignature(hashes(a), 256), minhashSignature(hashes(b), 256));
    expect(Math.abs(estimate - jaccard)).toBeLessThan(0.1);
  });

  it('gives identical sets identical band keys and disjoint sets none in common', () => {
    const shape = { bands: 10, rows: 2, family: 1 };
    const a = bandKeys(hashes(words('x', 8)), shape);
    expect(bandKeys(hashes(words('x', 8)), shape)).toEqual(a);
    const c = bandKeys(hashes(words('y', 8)), shape);
    expect(a.filter((k) => c.includes(k))).toEqual([]);
  });

  it('separates signature families in the bucket space', () => {
    const set = hashes(words('x', 8));
    const title = bandKeys(set, { bands: 4, rows: 2, family: 1 });
    const body = bandKeys(set, { bands: 4, rows: 2, family: 2 });
    expect(title.filter((k) => body.includes(k))).toEqual([]);
  });

  it('makes a pair with Jaccard 0.6 a candidate in almost every trial (P = 1 − (1 − J²)^10 ≈ 0.9999)', () => {
    let found = 0;
    for (let trial = 0; trial < 50; trial++) {
      const a = [...words(`s${trial}-`, 6), `a${trial}-1`, `a${trial}-2`];
      const b = [...words(`s${trial}-`, 6), `b${trial}-1`, `b${trial}-2`];
      const shape = { bands: 10, rows: 2, family: 1 };
      const ka = bandKeys(hashes(a), shape);
      if (bandKeys(hashes(b), shape).some((k) => ka.includes(k))) found++;
    }
    expect(found).toBeGreaterThanOrEqual(48);
  });

  it('has no keys for an empty set', () => {
    expect(bandKeys([], { bands: 4, rows: 2, family: 1 })).toEqual([]);
  });
});
