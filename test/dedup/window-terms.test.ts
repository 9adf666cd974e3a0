// Window term statistics: document frequencies follow items into and out of the window, and the
// rare-term lookup finds items by their rarest shared words, never by common ones.
import { describe, expect, it } from 'vitest';
import { itemFeatures, type ItemFeatures } from '../../src/dedup/item-features.js';
import { emptyWindowIndex, indexItem, pruneWindowIndex } from '../../src/dedup/window-index.js';
import { POSTINGS_READ_CAP, documentFrequency, isEvidenceTerm, rareTermCandidates, termKey } from '../../src/dedup/window-terms.js';
import type { StoredItem } from '../../src/model.js';

function features(id: number, title: string, atMs = id * 60_000): ItemFeatures {
  const at = new Date(atMs).toISOString();
  const item: StoredItem = {
    id,
    sourceId: `s${id % 7}`,
    language: 'de',
    firstSeen: at,
    lastSeen: at,
    storyId: null,
    contentLength: 0,
    key: `k${id}`,
    guid: null,
    url: null,
    canonicalUrl: null,
    title,
    summary: '',
    contentHtml: null,
    author: null,
    categories: [],
    published: at,
    updated: null,
    enclosures: [],
  };
  return itemFeatures(item, 'de');
}

describe('window term statistics', () => {
  it('counts each word once per item and forgets pruned items', async () => {
    const index = emptyWindowIndex();
    indexItem(index, features(1, 'Kempter Kempter verlässt Münster', 0), 's1');
    indexItem(index, features(2, 'Kempter im Tatort', 3_600_000), 's2');
    expect(index.terms.items).toBe(2);
    expect(documentFrequency(index.terms, termKey('kempter'))).toBe(2);
    pruneWindowIndex(index, 1);
    expect(index.terms.items).toBe(1);
    expect(documentFrequency(index.terms, termKey('kempter'))).toBe(1);
    expect(documentFrequency(index.terms, termKey('muenster'))).toBe(0);
  });

  it('re-counts an item updated in place instead of counting it twice', async () => {
    const index = emptyWindowIndex();
    indexItem(index, features(1, 'Wright gewinnt'), 's1');
    indexItem(index, features(1, 'Wright gewinnt Finale'), 's1');
    expect(index.terms.items).toBe(1);
    expect(documentFrequency(index.terms, termKey('wright'))).toBe(1);
    expect(documentFrequency(index.terms, termKey('finale'))).toBe(1);
  });

  it('finds an item by a rare shared word, not by a word in most of the window', async () => {
    const index = emptyWindowIndex();
    for (let id = 1; id <= 200; id++) indexItem(index, features(id, `Regierung Bericht Nummer${id}`), `s${id}`);
    indexItem(index, features(201, 'Gutjahr verlässt den Sender'), 's201');
    const hits = rareTermCandidates(index.terms, features(202, 'Regierung: Gutjahr klagt an'));
    expect([...hits.keys()]).toEqual([201]);
  });

  it('reads a bounded number of ids per word, however many items use it', async () => {
    const index = emptyWindowIndex();
    for (let id = 1; id <= 5_000; id++) indexItem(index, features(id, id <= 90 ? `Kogler Thema${id}` : `Anderes Thema${id}`), `s${id}`);
    const hits = rareTermCandidates(index.terms, features(5_001, 'Kogler stellt vor'));
    expect(hits.size).toBe(POSTINGS_READ_CAP);
    // The most recent ones.
    expect(Math.min(...hits.keys())).toBe(90 - POSTINGS_READ_CAP + 1);
  });

  it.each([
    ['gutjahr', true],
    ['150000', true],
    ['101', true],
    ['2020', false],
    ['10', false],
    ['3', false],
  ])('treats %s as an evidence term: %s', async (token, expected) => {
    expect(isEvidenceTerm(token)).toBe(expected);
  });
});
