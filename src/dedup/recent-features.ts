// The matching features of the engine's latest placements, kept so that placing them again costs no second
// `itemFeatures`. Late items take back the placements that sort after them and place them again (story-engine
// `tailOf`); on a stream whose feeds arrive out of order that is several placements per item (bench:dedup: 4.6
// re-placed per item), and features (language guess, normalising, stemming, compound parts) were an eighth of it.
// Features are a pure function of the item's fields and its feed's language: a kept entry is used only when every
// one of them is what it was (title and summary by a 128-bit digest, so the texts are not held), so a changed item
// (an update) is computed afresh.
import type { MatchableItem } from '../model.js';
import { itemFeatures, type ItemFeatures } from './item-features.js';
import { md5Digest } from './md5-digest.js';

interface Kept {
  fields: Fields;
  features: ItemFeatures;
}

/** What `itemFeatures` reads of an item and its feed, the texts as a digest. */
interface Fields {
  sourceId: string;
  key: string;
  url: string | null;
  canonicalUrl: string | null;
  texts: string;
  language: string | null;
  published: string | null;
  firstSeen: string;
  contentLength: number;
  declaredLanguage: string | null;
}

export class RecentFeatures {
  private kept = new Map<number, Kept>();

  /** The item's features: the kept ones when its fields are unchanged, else computed (and kept). */
  of(item: MatchableItem, declaredLanguage: string | null): ItemFeatures {
    const fields = fieldsOf(item, declaredLanguage);
    const kept = this.kept.get(item.id);
    if (kept && sameFields(kept.fields, fields)) return kept.features;
    const features = itemFeatures(item, declaredLanguage);
    this.kept.set(item.id, { fields, features });
    return features;
  }

  /** Forgets an item no longer among the placements that can be taken back. */
  forget(itemId: number): void {
    this.kept.delete(itemId);
  }

  /** Forgets everything (the window is dropped). */
  clear(): void {
    this.kept.clear();
  }

  get size(): number {
    return this.kept.size;
  }
}

function fieldsOf(item: MatchableItem, declaredLanguage: string | null): Fields {
  const { sourceId, key, url, canonicalUrl, title, summary, language, published, firstSeen, contentLength } = item;
  // Lengths first: the separator alone could be moved between the two texts.
  const texts = `${title.length}:${summary.length}:${md5Digest(`${title}\u0000${summary}`, 'base64')}`;
  return { sourceId, key, url, canonicalUrl, texts, language, published, firstSeen, contentLength, declaredLanguage };
}

function sameFields(a: Fields, b: Fields): boolean {
  return (
    a.texts === b.texts &&
    a.sourceId === b.sourceId &&
    a.key === b.key &&
    a.url === b.url &&
    a.canonicalUrl === b.canonicalUrl &&
    a.language === b.language &&
    a.published === b.published &&
    a.firstSeen === b.firstSeen &&
    a.contentLength === b.contentLength &&
    a.declaredLanguage === b.declaredLanguage
  );
}
