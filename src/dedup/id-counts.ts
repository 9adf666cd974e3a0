// A story core's term counts (term id → members carrying it), kept in one array of (id, count) pairs instead of a Map.
// A window of 100,000 items holds about as many stories, nearly all of one member with 20–50 terms: as three Maps each
// such core cost ~1.2 KB, the largest share of the window's memory (bench:poll-files' peak). Iteration follows insertion
// order as a Map's does (a deleted id set again goes last), since a core's tables are summed in that order. Look-ups
// scan the pairs while a table is small and use an index Map from `INDEXED_FROM` entries (a big story's many terms).
const INDEXED_FROM = 64;

export class IdCounts implements ReadonlyMap<number, number> {
  /** id, count, id, count, … (small integers: V8 keeps them unboxed). */
  private pairs: number[] = [];
  /** Id → position of its pair, only for large tables. */
  private index: Map<number, number> | null = null;

  get size(): number {
    return this.pairs.length >> 1;
  }

  private find(id: number): number {
    if (this.index) return this.index.get(id) ?? -1;
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === id) return i;
    return -1;
  }

  get(id: number): number | undefined {
    const i = this.find(id);
    return i < 0 ? undefined : this.pairs[i + 1];
  }

  has(id: number): boolean {
    return this.find(id) >= 0;
  }

  set(id: number, count: number): this {
    const i = this.find(id);
    if (i >= 0) {
      this.pairs[i + 1] = count;
      return this;
    }
    this.index?.set(id, this.pairs.length);
    this.pairs.push(id, count);
    if (!this.index && this.pairs.length >= 2 * INDEXED_FROM) this.reindex();
    return this;
  }

  delete(id: number): boolean {
    const i = this.find(id);
    if (i < 0) return false;
    this.pairs.splice(i, 2);
    if (this.index) {
      if (this.pairs.length < INDEXED_FROM) this.index = null;
      else this.reindex();
    }
    return true;
  }

  private reindex(): void {
    const index = new Map<number, number>();
    for (let i = 0; i < this.pairs.length; i += 2) index.set(this.pairs[i]!, i);
    this.index = index;
  }

  *entries(): MapIterator<[number, number]> {
    for (let i = 0; i < this.pairs.length; i += 2) yield [this.pairs[i]!, this.pairs[i + 1]!];
  }

  *keys(): MapIterator<number> {
    for (let i = 0; i < this.pairs.length; i += 2) yield this.pairs[i]!;
  }

  *values(): MapIterator<number> {
    for (let i = 1; i < this.pairs.length; i += 2) yield this.pairs[i]!;
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(callback: (count: number, id: number, table: ReadonlyMap<number, number>) => void): void {
    for (let i = 0; i < this.pairs.length; i += 2) callback(this.pairs[i + 1]!, this.pairs[i]!, this);
  }
}
