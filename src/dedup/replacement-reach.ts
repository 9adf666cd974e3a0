// What a re-placement changed that a taken-back placement's decision could have read. Late items (and
// items pruned from the window since, and re-placed items that decided otherwise) are "reachers": the
// stories they joined, founded, merged or re-indexed, their exact-title, link and lead keys and their sources,
// and the terms of window items they put on their titles alone (a teaser found: their lead terms left the counts).
// A taken-back placement none of that reaches, whose lookup leads to the same candidate stories as when it
// was decided (none of them reached: the same members), is re-applied from its earlier decision
// (take-back.ts `reapplicable`) instead of scored again: no title, link or lead rule sees anything new (its lead's
// carriers are the same, so it is boilerplate or not as before and is read on the same form), and its scores moved
// only with the term weights.
import type { ItemFeatures } from './item-features.js';
import type { LoggedPlacement } from './take-back.js';
import { resolveStory, type IndexChange, type WindowIndex } from './window-index.js';

/** What a reacher's item reaches by: its source and its exact-title, link and lead keys (a pruned item keeps only these). */
export type ReachKeys = Pick<ItemFeatures, 'sourceId' | 'exactKey' | 'linkKey' | 'leadKey'>;

export class ReplacementReach {
  /** Stories reached, by id as named then and as resolved now. */
  private readonly stories = new Set<string>();
  private readonly keys = new Set<string>();
  private readonly sources = new Set<string>();
  /** Terms whose counts moved by more than one document: the lead terms of window items re-indexed on their titles. */
  private readonly movedTerms = new Set<string>();

  constructor(private readonly index: WindowIndex) {}

  /** An item placed anew (a late item, or a taken-back one that decided otherwise) or pruned from the window. */
  addItem(f: ReachKeys): void {
    this.addKeys(f);
    this.sources.add(f.sourceId);
  }

  private addKeys(f: ReachKeys): void {
    if (f.exactKey) this.keys.add(`t:${f.exactKey}`);
    if (f.linkKey) this.keys.add(`l:${f.linkKey}`);
    // A lead's carriers decide whether it is boilerplate (source-boilerplate-lead.ts): each carrier placed or pruned reaches it.
    if (f.leadKey) this.keys.add(`d:${f.leadKey}`);
  }

  /** Stories such an item changed (their members, rows or ids). */
  addStories(ids: Iterable<string>): void {
    for (const id of ids) {
      this.stories.add(id);
      this.stories.add(resolveStory(this.index, id));
    }
  }

  /** A placement made anew: its item, and the stories whose rows it kept before and those its index changes name. */
  addPlacement(entry: LoggedPlacement, f: ItemFeatures): void {
    this.addItem(f);
    // The form it was indexed on (on its title alone, a boilerplate lead's carrier has another exact-title key).
    const indexed = this.index.items.get(entry.itemId)?.features;
    if (indexed && indexed !== f) this.addKeys(indexed);
    this.addStories([...entry.before.keys(), ...changedStories(entry.changes)]);
    for (const c of entry.changes) {
      if (c.kind !== 'indexed' || !c.previous) continue;
      // What an item indexed again was indexed as (an update's old title, link or lead leaves the window's counts).
      this.addKeys(c.previous.features);
      // Other items it indexed again (the teaser re-index, window-index.ts `indexItem`): their stories are reached above,
      // and their terms' counts moved by one each, many for a teaser.
      if (c.itemId !== entry.itemId) for (const t of c.previous.features.terms) this.movedTerms.add(t);
    }
  }

  hasSource(sourceId: string): boolean {
    return this.sources.has(sourceId);
  }

  /** Whether a reacher carried `f`'s lead: it may be boilerplate now, or no longer, and `f` read on another form. */
  hasLead(f: ItemFeatures): boolean {
    return f.leadKey !== null && this.keys.has(`d:${f.leadKey}`);
  }

  /** Whether one of `f`'s terms had its count moved by a re-index: a score read with it may have moved by more than a margin. */
  movesTermsOf(f: ItemFeatures): boolean {
    return this.movedTerms.size > 0 && f.terms.some((t) => this.movedTerms.has(t));
  }

  /** Whether one of `ids` is a story reached. */
  reachesAny(ids: readonly string[]): boolean {
    return ids.some((id) => this.stories.has(id) || this.stories.has(resolveStory(this.index, id)));
  }

  /**
   * Whether anything added could change what the placement of `f` (logged as `entry`, in story `joined`) read, apart
   * from its candidate stories (the caller looks them up again): a reacher of its source (the leads one source repeats
   * are read across its items), its title, link or lead key (whether its lead is boilerplate, so whether it is read on
   * its title alone), a story it joined or changed. `placed`: `f` as placement reads it now (source-boilerplate-lead.ts
   * `withoutSourceBoilerplate`), the same form as then when its lead is not reached.
   */
  reaches(entry: LoggedPlacement, f: ItemFeatures, placed: ItemFeatures, joined: string): boolean {
    if (this.sources.has(f.sourceId)) return true;
    for (const form of [f, placed]) {
      if ((form.exactKey && this.keys.has(`t:${form.exactKey}`)) || (form.linkKey && this.keys.has(`l:${form.linkKey}`))) return true;
    }
    if (this.hasLead(f)) return true;
    return this.reachesAny([joined, ...entry.before.keys()]);
  }
}

function changedStories(changes: readonly IndexChange[]): string[] {
  const ids: string[] = [];
  for (const c of changes) {
    if (c.kind === 'indexed') {
      ids.push(c.storyId);
      if (c.previous) ids.push(c.previous.storyId);
    } else if (c.kind === 'merged') ids.push(c.survivor, c.absorbed);
  }
  return ids;
}
