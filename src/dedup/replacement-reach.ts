// What a re-placement changed that a taken-back placement's decision could have read. Late items (and
// items pruned from the window since, and re-placed items that decided otherwise) are "reachers": the
// stories they joined, founded, merged or re-indexed, their exact-title and link keys and their sources.
// A taken-back placement none of that reaches, whose lookup leads to the same candidate stories as when it
// was decided (none of them reached: the same members), is re-applied from its earlier decision
// (take-back.ts `reapplicable`) instead of scored again: no title, link or same-source lead rule sees
// anything new, and its scores moved only with the term weights.
import type { ItemFeatures } from './item-features.js';
import type { LoggedPlacement } from './take-back.js';
import { resolveStory, type IndexChange, type WindowIndex } from './window-index.js';

export class ReplacementReach {
  /** Stories reached, by id as named then and as resolved now. */
  private readonly stories = new Set<string>();
  private readonly keys = new Set<string>();
  private readonly sources = new Set<string>();

  constructor(private readonly index: WindowIndex) {}

  /** An item placed anew (a late item, or a taken-back one that decided otherwise) or pruned from the window. */
  addItem(f: ItemFeatures): void {
    if (f.exactKey) this.keys.add(`t:${f.exactKey}`);
    if (f.linkKey) this.keys.add(`l:${f.linkKey}`);
    this.sources.add(f.sourceId);
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
    this.addStories([...entry.before.keys(), ...changedStories(entry.changes)]);
  }

  hasSource(sourceId: string): boolean {
    return this.sources.has(sourceId);
  }

  /** Whether one of `ids` is a story reached. */
  reachesAny(ids: readonly string[]): boolean {
    return ids.some((id) => this.stories.has(id) || this.stories.has(resolveStory(this.index, id)));
  }

  /**
   * Whether anything added could change what the placement of `f` (logged as `entry`, in story `joined`) read, apart
   * from its candidate stories (the caller looks them up again): a reacher of its source (the leads one source repeats
   * are read across its items), its title or link key, a story it joined or changed.
   */
  reaches(entry: LoggedPlacement, f: ItemFeatures, joined: string): boolean {
    if (this.sources.has(f.sourceId)) return true;
    if ((f.exactKey && this.keys.has(`t:${f.exactKey}`)) || (f.linkKey && this.keys.has(`l:${f.linkKey}`))) return true;
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
