// Story ids as small numbers while the window's postings name them. A lookup reads up to 256 postings entries
// per item; as story-id strings each entry read was a probe into a hash table keyed by the id (and a table of its
// own per lookup for the tallies), and as an object per story a pointer to a cold object: cache misses that were
// most of the lookup's time. As numbers, an entry is read from its list and the story's flags and tallies from
// dense typed arrays.

const INITIAL_CAPACITY = 1_024;

/**
 * The window's story numbers. A number is given to a story id when the postings first name it and is held by the
 * entries naming it (`entries`); once none do, `sweep` (at pruning, never during a lookup) frees it for the next story.
 * So within a lookup one story id has one number, also for an entry resolved through an alias.
 */
export class StoryNumbers {
  private readonly numbers = new Map<string, number>();
  /** Story id of each number ('' when free). */
  readonly ids: string[] = [];
  /** Postings entries naming each number. */
  entries = new Int32Array(INITIAL_CAPACITY);
  /** 1 when the number's story id is an absorbed story's (the index's `aliases` has it): its entries resolve through them. */
  aliased = new Uint8Array(INITIAL_CAPACITY);
  /** `candidateStories`' tallies per number, valid where `lookup` holds the current lookup's number (`nextLookup`). */
  lookup = new Int32Array(INITIAL_CAPACITY);
  turn = new Int32Array(INITIAL_CAPACITY);
  bits = new Float64Array(INITIAL_CAPACITY);
  hit = new Uint8Array(INITIAL_CAPACITY);
  /** Each id's first characters as a number that sorts as they do (`orderKey`): ties are broken by id without reading it. */
  order = new Float64Array(INITIAL_CAPACITY);
  /**
   * The window time of the story's newest member (ms), or NaN while unknown: set when a number is given or a member
   * that may have been the newest leaves, and worked out again from the story's members when a lookup needs it
   * (window-index.ts `newestMemberMs`).
   */
  newestMs = new Float64Array(INITIAL_CAPACITY);
  private readonly free: number[] = [];
  /** Numbers whose entries reached 0 (or never rose above it) since the last sweep. */
  private unpointed: number[] = [];
  private lookups = 0;

  /** The number of `storyId`, given one if it has none (`aliased`: whether the story is an absorbed one). */
  numberOf(storyId: string, aliased: boolean): number {
    let n = this.numbers.get(storyId);
    if (n !== undefined) return n;
    n = this.free.pop() ?? this.ids.length;
    if (n >= this.entries.length) this.grow();
    this.numbers.set(storyId, n);
    this.ids[n] = storyId;
    this.entries[n] = 0;
    this.aliased[n] = aliased ? 1 : 0;
    this.lookup[n] = 0;
    this.order[n] = orderKey(storyId);
    this.newestMs[n] = NaN;
    this.unpointed.push(n);
    return n;
  }

  /** The number of `storyId`, or −1 when it has none. */
  find(storyId: string): number {
    return this.numbers.get(storyId) ?? -1;
  }

  /** Marks whether `storyId` is an absorbed story (when it has a number). */
  setAliased(storyId: string, aliased: boolean): void {
    const n = this.numbers.get(storyId);
    if (n !== undefined) this.aliased[n] = aliased ? 1 : 0;
  }

  /** Whether the story numbered `a` sorts after the one numbered `b` by id (`a`'s id > `b`'s). */
  idAfter(a: number, b: number): boolean {
    const ka = this.order[a]!;
    const kb = this.order[b]!;
    if (ka !== kb && ka >= 0 && kb >= 0) return ka > kb;
    return this.ids[a]! > this.ids[b]!;
  }

  /** Forgets the newest member time of `storyId` (when it has a number): a member that may have been the newest left. */
  forgetNewest(storyId: string): void {
    const n = this.numbers.get(storyId);
    if (n !== undefined) this.newestMs[n] = NaN;
  }

  /** One postings entry naming `n` gone. */
  release(n: number): void {
    if (--this.entries[n]! === 0) this.unpointed.push(n);
  }

  /** Frees the numbers no entry names any more. */
  sweep(): void {
    for (const n of this.unpointed) {
      const id = this.ids[n]!;
      if (this.entries[n] !== 0 || id === '') continue;
      this.numbers.delete(id);
      this.ids[n] = '';
      this.free.push(n);
    }
    this.unpointed = [];
  }

  /** A lookup number no earlier lookup since the tallies were last cleared used (never 0). */
  nextLookup(): number {
    if (this.lookups === 0x7fffffff) {
      this.lookup.fill(0);
      this.lookups = 0;
    }
    return ++this.lookups;
  }

  /** Story ids with a number. */
  get size(): number {
    return this.numbers.size;
  }

  private grow(): void {
    const size = this.entries.length * 2;
    const grown = <T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.entries = grown(this.entries, new Int32Array(size));
    this.aliased = grown(this.aliased, new Uint8Array(size));
    this.lookup = grown(this.lookup, new Int32Array(size));
    this.turn = grown(this.turn, new Int32Array(size));
    this.bits = grown(this.bits, new Float64Array(size));
    this.hit = grown(this.hit, new Uint8Array(size));
    this.order = grown(this.order, new Float64Array(size));
    this.newestMs = grown(this.newestMs, new Float64Array(size));
  }
}

/** Characters of an id that `orderKey` packs: 7 of at most 7 bits each (plus one for "ended") stay below 2^53. */
const ORDER_CHARS = 7;

/**
 * The id's first ORDER_CHARS characters as a base-128 number (each code + 1, 0 past the end), so two keys that differ
 * compare as the ids do (a string ending first sorts first); −1 when one of them is not ASCII. Ids are hex digests, and
 * comparing two of them as strings reads both from memory: most ties between candidate stories are settled here.
 */
function orderKey(id: string): number {
  let key = 0;
  for (let i = 0; i < ORDER_CHARS; i++) {
    const c = i < id.length ? id.charCodeAt(i) + 1 : 0;
    if (c > 127) return -1;
    key = key * 128 + c;
  }
  return key;
}
