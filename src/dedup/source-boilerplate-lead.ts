// A site's fixed teaser ("Aktuelle Nachrichten aus der Region – jeden Tag neu", a newsletter plug) is under every item of
// its feeds, and no list of filler phrases (filler-lead.ts) knows it. Its repetition shows it: a lead one source writes under
// two different titles says nothing of either. An item whose lead is such boilerplate is placed and indexed on its title
// alone, as if it had no lead, so two unrelated titles are not joined by the teaser they share (in a new deployment's
// first poll the rarity weights cannot tell: the teaser's words are in a few items of very few).
// It is boilerplate when the window holds the lead under another title of the item's own source, or under two titles of
// any one source (the site's other feed). Two outlets each carrying one lead once are a wire's copies of one story: they
// must still meet, and do (no source wrote it twice).
import type { MatchableItem } from '../model.js';
import { itemFeatures, type ItemFeatures } from './item-features.js';
import { itemsKeyed, type WindowIndex } from './window-index.js';

/**
 * The item's features as placement uses them: without the lead when it is boilerplate (`leadIsBoilerplate`), `f` itself
 * otherwise (nearly always). The lead key is kept, so later items find the boilerplate through this item too.
 */
export function withoutSourceBoilerplate(index: WindowIndex, f: ItemFeatures, item: MatchableItem): ItemFeatures {
  if (!leadIsBoilerplate(index, f)) return f;
  // The language already read from title and lead is kept: the title alone is a weaker guess.
  return { ...itemFeatures({ ...item, summary: '' }, f.language), leadKey: f.leadKey };
}

/** Whether the window holds the item's lead under another title of its source, or under two titles of another source. */
export function leadIsBoilerplate(index: WindowIndex, f: ItemFeatures): boolean {
  const others = itemsKeyed(index, index.leads, f.leadKey, f.itemId);
  if (others.length === 0) return false;
  const titleBySource = new Map<string, ReadonlySet<string>>([[f.sourceId, f.titleTerms]]);
  for (const id of others) {
    const other = index.items.get(id)!.features;
    const seen = titleBySource.get(other.sourceId);
    if (seen === undefined) titleBySource.set(other.sourceId, other.titleTerms);
    else if (!sameTerms(seen, other.titleTerms)) return true;
  }
  return false;
}

function sameTerms(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const t of a) if (!b.has(t)) return false;
  return true;
}
