// MinHash signatures and LSH band keys over token sets, in 32-bit integer arithmetic.
// Written here rather than taken from npm: the `minhash` package loses precision above 2^53 and
// is far slower (see STACK.md); this is the whole algorithm.

/** FNV-1a over UTF-16 code units, then a murmur3 finaliser: a well-mixed 32-bit token hash. */
export function hashToken(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** murmur3's fmix32: spreads every input bit over the output. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface LshShape {
  bands: number;
  rows: number;
  /** Distinguishes signature families (title, title+lead) that share one bucket space. */
  family: number;
}

const SEEDS: number[] = [];
function seed(i: number): number {
  while (SEEDS.length <= i) SEEDS.push(mix32(0x9e3779b9 + SEEDS.length * 0x632be5ab));
  return SEEDS[i]!;
}

/** The MinHash signature (bands × rows minima) of a set of token hashes; all 0xffffffff when empty. */
export function minhashSignature(tokenHashes: readonly number[], size: number): Uint32Array {
  const signature = new Uint32Array(size).fill(0xffffffff);
  for (let k = 0; k < size; k++) {
    const s = seed(k);
    let min = 0xffffffff;
    for (const t of tokenHashes) {
      const h = mix32(t ^ s);
      if (h < min) min = h;
    }
    signature[k] = min;
  }
  return signature;
}

/** One bucket key per band: items sharing any key become candidates (P = 1 − (1 − J^rows)^bands). */
export function bandKeys(tokenHashes: readonly number[], shape: LshShape): number[] {
  if (tokenHashes.length === 0) return [];
  const signature = minhashSignature(tokenHashes, shape.bands * shape.rows);
  const keys: number[] = [];
  for (let b = 0; b < shape.bands; b++) {
    let h = mix32(shape.family * 0x27d4eb2d + b);
    for (let r = 0; r < shape.rows; r++) h = mix32(h ^ signature[b * shape.rows + r]!) + r;
    // 30 bits: V8 keeps such numbers unboxed (small integers), which halves the index's memory for keys.
    keys.push(mix32(h) & 0x3fffffff);
  }
  return keys;
}

/** Estimated Jaccard similarity from two signatures (share of equal minima), for tests and explain. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length === 0 ? 0 : same / a.length;
}
