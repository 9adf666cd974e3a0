// A site's fixed teaser ("Aktuelle Nachrichten aus der Region – jeden Tag neu", a newsletter plug) is under every item of
// its feeds, and no list of filler phrases (filler-lead.ts) knows it. Its repetition shows it: a lead one source writes under
// two different titles says nothing of either. An item whose lead is such boilerplate is placed and indexed on its title
// alone, as if it had no lead, so two unrelated titles are not joined by the teaser they share (in a new deployment's
// first poll the rarity weights cannot tell: the teaser's words are in a few items of very few).
// It is boilerplate when the window holds the lead under another title of the item's own source, or under two titles of
// any one source (the site's other feed). Two outlets each carrying one lead once are a wire's copies of one story: they
// must still meet, and do (no source wrote it twice).
import type { MatchableItem } from '../model.js';
import { titleOnlyFeatures, type ItemFeatures } from './item-features.js';
import { titleKey, type LeadCarrier, type WindowIndex } from './window-index.js';

/**
 * The item's features as placement uses them: without the lead when it is boilerplate (`leadIsBoilerplate`), `f` itself
 * otherwise (nearly always). The lead key is kept, so later items find the boilerplate through this item too; indexing
 * it also puts the window items still indexed with that lead on their titles alone (window-index.ts `indexItem`).
 */
export function withoutSourceBoilerplate(index: WindowIndex, f: ItemFeatures, item: MatchableItem): ItemFeatures {
  if (!leadIsBoilerplate(index, f)) return f;
  return titleOnlyFeatures(item, f);
}

/**
 * What the window index keeps of an item indexed with its lead as evidence (`IndexedItem.withLead`), to index it again
 * on its title alone should its lead prove boilerplate: its title and declared language (the rest is in its features,
 * item-features.ts `carrierTitleOnlyFeatures`); undefined for any other item.
 */
export function leadCarrier(f: ItemFeatures, item: MatchableItem): LeadCarrier | undefined {
  if (!f.leadKey || f.leadWords === 0) return undefined;
  return { title: item.title, language: item.language };
}

/**
 * Whether the window holds the item's lead under another title of its source, or under two titles of another source. A few
 * look-ups in the lead's counts (window-index.ts `LeadTitles`), however many window items carry it; the item's own indexed
 * version (an update's) is not another item and is left out of them.
 */
export function leadIsBoilerplate(index: WindowIndex, f: ItemFeatures): boolean {
  if (!f.leadKey) return false;
  const lead = index.leads.get(f.leadKey);
  if (lead === undefined) return false;
  if (typeof lead === 'number') {
    // One carrier: boilerplate when it is another item of the item's source under another title.
    if (lead === f.itemId) return false;
    const other = index.items.get(lead)!.features;
    return other.sourceId === f.sourceId && titleKey(other.titleTerms) !== titleKey(f.titleTerms);
  }
  const indexed = index.items.get(f.itemId)?.features;
  const self = indexed?.leadKey === f.leadKey ? indexed : undefined;
  const selfTitle = self && titleKey(self.titleTerms);
  /** Items of `sourceId` carrying the lead under `title` (all its items: null), the item's own indexed version left out. */
  const others = (sourceId: string, title: string | null): number => {
    const source = lead.bySource.get(sourceId);
    if (!source) return 0;
    const count = title === null ? source.items : (source.titles.get(title) ?? 0);
    return self?.sourceId === sourceId && (title === null || title === selfTitle) ? count - 1 : count;
  };
  // Another title of its own source.
  if (others(f.sourceId, null) > others(f.sourceId, titleKey(f.titleTerms))) return true;
  // Two titles of another source: of those counted, leave out its own source, and a source that has two only with the item's own version.
  let twoTitles = lead.sourcesWithTwoTitles;
  if ((lead.bySource.get(f.sourceId)?.titles.size ?? 0) >= 2) twoTitles--;
  if (self && self.sourceId !== f.sourceId) {
    const titles = lead.bySource.get(self.sourceId)!.titles;
    if (titles.size === 2 && titles.get(selfTitle!) === 1) twoTitles--;
  }
  return twoTitles > 0;
}
