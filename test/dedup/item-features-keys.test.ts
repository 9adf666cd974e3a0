// The same-title key and the lead's word count, as item-features.ts forms them without joining token lists: the key is the
// digest of the title's tokens, "|" and the lead's, joined by spaces, and a lead that only repeats the title counts no words.
// Items go through the real store (ingest, read back) as the engine reads them.
import { describe, expect, it } from 'vitest';
import { itemFeatures, normalisedTexts } from '../../src/dedup/item-features.js';
import { md5Digest } from '../../src/dedup/md5-digest.js';
import type { MatchableItem } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import { titleInTheLead } from '../fixtures/dedup/title-in-the-lead.js';

async function storedItems(): Promise<MatchableItem[]> {
  const store = await openStore(':memory:');
  try {
    await store.transaction((s) => s.items.ingest('bahn-news', 'de', [...titleInTheLead], '2026-11-03T07:00:00.000Z'));
    const items: MatchableItem[] = [];
    for await (const item of store.items.all()) items.push(item);
    return items;
  } finally {
    await store.close();
  }
}

describe('same-title key and lead words', () => {
  it('digest the title and lead tokens joined by spaces, and drop a lead that repeats the title', async () => {
    const items = await storedItems();
    expect(items.map((i) => i.key)).toEqual(titleInTheLead.map((i) => i.key));
    const byKey = new Map(items.map((i) => [i.key, itemFeatures(i, 'de')]));
    for (const item of items) {
      const { title, lead } = normalisedTexts(item, 'de');
      const leadTokens = lead.tokens.slice(0, 40);
      const repeats = leadTokens.join(' ') === title.tokens.join(' ');
      const features = byKey.get(item.key)!;
      expect(features.leadWords, item.key).toBe(repeats ? 0 : leadTokens.length);
      const joined = [...title.tokens, '|', ...(repeats ? [] : leadTokens)].join(' ');
      expect(features.exactKey, item.key).toBe(title.tokens.length >= 3 ? md5Digest(joined, 'hex').slice(0, 16) : null);
    }
    expect(byKey.get('title-as-lead')!.leadWords).toBe(0);
    expect(byKey.get('title-with-lead')!.leadWords).toBeGreaterThan(0);
    expect(byKey.get('lead-longer-than-title')!.leadWords).toBeGreaterThan(0);
    expect(byKey.get('short-title')!.exactKey).toBeNull();
    // A report's home is its feed's country only with a lead (feed-country.ts homeOf): both are linked on ".ch".
    expect(byKey.get('title-as-lead')!.home).toBeNull();
    expect(byKey.get('lead-longer-than-title')!.home).toEqual({ country: 'CH', named: false });
    // The same headline over the same (empty) lead is one key; its own lead makes it another.
    expect(byKey.get('title-as-lead')!.exactKey).not.toBe(byKey.get('title-with-lead')!.exactKey);
  });
});
