// A site's fixed teaser (source-boilerplate-lead.ts) is told from the window index's counts of each lead by source and title:
// the same answer as reading every window item carrying the lead (checked on a random history of indexing, updates,
// expiry and taken-back placements), at a cost that does not grow with the number of items carrying the teaser. Once it is
// known, the first item that carried it is on its title alone too: the site's other feed, whose teaser differs a little
// (so its first item is not known as boilerplate), does not meet it on the teaser, in one process or after a restart.
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import type { DedupDecision, FeedItem } from '../../src/model.js';
import { GERMAN_TITLES, MORE_GERMAN_TITLES, fillerFeed } from '../fixtures/dedup/filler-leads.js';
import { harness, source } from './dedup-harness.js';
import { carrierTitleOnlyFeatures, itemFeatures, titleOnlyFeatures, type ItemFeatures } from '../../src/dedup/item-features.js';
import { leadCarrier, leadIsBoilerplate } from '../../src/dedup/source-boilerplate-lead.js';
import {
  emptyWindowIndex,
  indexItem,
  pruneWindowIndex,
  undoChanges,
  type IndexChange,
  type WindowIndex,
} from '../../src/dedup/window-index.js';
import { seededRandom } from '../../scripts/eval/seeded-random.js';
import { termsOnlyFeatures } from '../support/terms-only-features.js';

function leadItem(itemId: number, sourceId: string, title: string[], leadKey: string | null, atMs = itemId): ItemFeatures {
  return { ...termsOnlyFeatures(itemId, [...title, 'teaser'], { sourceId, atMs, titleTerms: new Set(title) }), leadKey };
}

/** The rule read from every window item carrying the lead (as the check was first written). */
function plainBoilerplate(index: WindowIndex, f: ItemFeatures): boolean {
  if (!f.leadKey) return false;
  const titles = new Map<string, Set<string>>();
  const key = (t: ReadonlySet<string>): string => [...t].sort().join(' ');
  for (const [id, { features }] of index.items) {
    if (id === f.itemId || features.leadKey !== f.leadKey) continue;
    if (!titles.has(features.sourceId)) titles.set(features.sourceId, new Set());
    titles.get(features.sourceId)!.add(key(features.titleTerms));
  }
  for (const [sourceId, seen] of titles) {
    if (sourceId === f.sourceId ? [...seen].some((t) => t !== key(f.titleTerms)) : seen.size >= 2) return true;
  }
  return false;
}

describe('a lead one source writes under two titles is boilerplate', () => {
  it('agrees with a reading of every window item carrying the lead, through updates, expiry and take-backs', () => {
    const random = seededRandom('teaser-history');
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const titles = [['rat'], ['rat', 'haushalt'], ['brücke'], ['feuer', 'wehr'], ['wetter']];
    const sources = ['a', 'b', 'c'];
    const leads = ['teaser-1', 'teaser-2', null];
    const index = emptyWindowIndex();
    let time = 0;
    let checked = 0;
    let boilerplate = 0;
    for (let step = 0; step < 3000; step++) {
      time += 1;
      const r = random();
      if (r < 0.1) {
        pruneWindowIndex(index, time - 40);
        continue;
      }
      // A new item, or an update of one in the window (its source kept, its title or lead may change).
      const known = [...index.items.keys()];
      const update = r < 0.3 && known.length > 0 ? index.items.get(pick(known))!.features : null;
      const f = leadItem(update?.itemId ?? step + 1000, update?.sourceId ?? pick(sources), pick(titles), pick(leads), time);
      const expected = plainBoilerplate(index, f);
      expect(leadIsBoilerplate(index, f)).toBe(expected);
      checked++;
      if (expected) boilerplate++;
      if (random() < 0.2) {
        // Placed and taken back: the index is as before.
        const journal: IndexChange[] = [];
        index.journal = journal;
        indexItem(index, f, `story-${f.itemId}`);
        index.journal = null;
        undoChanges(index, journal);
      } else indexItem(index, f, `story-${f.itemId}`);
    }
    expect(checked).toBeGreaterThan(2000);
    // Both answers were met often, so the comparison says something.
    expect(boilerplate).toBeGreaterThan(checked / 5);
    expect(checked - boilerplate).toBeGreaterThan(checked / 5);
    // Everything expired: no counts left behind.
    pruneWindowIndex(index, Number.POSITIVE_INFINITY);
    expect(index.leads.size).toBe(0);
  });

  it('reads the window the same few times whether 100 or 5,000 items carry the teaser', () => {
    const reads = (n: number): number => {
      const index = emptyWindowIndex();
      for (let k = 1; k <= n; k++) indexItem(index, leadItem(k, 'site', [`titel${k}`], 'teaser'), `story-${k}`);
      // Every read of the window's items from here on is counted.
      let count = 0;
      const items = index.items;
      const counted = new Map(items);
      for (const name of ['get', 'has'] as const) {
        const read = counted[name].bind(counted);
        (counted as unknown as Record<string, unknown>)[name] = (id: number) => (count++, read(id));
      }
      index.items = counted;
      // Another item of the site, and another site's item: the teaser is the first's boilerplate, the second's too.
      expect(leadIsBoilerplate(index, leadItem(n + 1, 'site', ['neu'], 'teaser'))).toBe(true);
      expect(leadIsBoilerplate(index, leadItem(n + 2, 'other', ['neu'], 'teaser'))).toBe(true);
      // Its own update under its own title is no other title.
      expect(leadIsBoilerplate(emptyWindowIndex(), leadItem(1, 'site', ['titel1'], 'teaser'))).toBe(false);
      return count;
    };
    const few = reads(100);
    expect(reads(5000)).toBe(few);
    expect(few).toBeLessThanOrEqual(4);
  });
});

describe('what the window keeps of a lead carrier', () => {
  it("gives the item's title-only features exactly, from its title and declared language with its features", () => {
    const texts = [...GERMAN_TITLES.slice(0, 4), 'Stocks fall as the Fed holds rates'];
    const languages = [null, 'de', 'en-GB', 'xx'];
    const times: [string | null, string][] = [
      [null, '2026-05-12T07:00:00Z'],
      ['2026-05-11T22:15:30.123Z', '2026-05-12T07:00:00Z'],
      ['2026-06-01T00:00:00Z', '2026-05-12T07:00:00Z'],
      [null, 'not a time'],
    ];
    let compared = 0;
    for (const title of texts)
      for (const language of languages)
        for (const [published, firstSeen] of times) {
          const item = {
            id: 7,
            sourceId: 'site',
            key: 'https://site.example/a/7',
            url: 'https://site.example/a/7?utm_source=rss',
            canonicalUrl: language === 'de' ? null : 'https://site.example/a/7',
            title,
            summary: 'Aktuelle Nachrichten aus Oberfranken und der Region – jeden Tag neu im Frankenboten, am Mittwoch.',
            language,
            published,
            firstSeen,
            storyId: null,
            contentLength: 1234,
          };
          const f = itemFeatures(item, 'de');
          const carrier = leadCarrier(f, item)!;
          expect(Object.keys(carrier).sort()).toEqual(['language', 'title']);
          expect(carrierTitleOnlyFeatures(carrier, f)).toEqual(titleOnlyFeatures(item, f));
          compared++;
        }
    expect(compared).toBe(80);
  });
});

/** The window items indexed with the lead 'teaser' as evidence. */
function withLead(index: WindowIndex): number[] {
  const lead = index.leads.get('teaser');
  if (lead === undefined) return [];
  if (typeof lead === 'number') return index.items.get(lead)?.withLead ? [lead] : [];
  return [...lead.withLead];
}

describe("the first item carrying a site's teaser", () => {
  it('is indexed again on its title when an item is placed on its title for that teaser, and back with its lead when that is taken back', () => {
    const index = emptyWindowIndex();
    const first = { ...leadItem(1, 'site', ['stadtrat', 'haushalt'], 'teaser'), leadWords: 12 };
    const item = {
      id: 1,
      sourceId: 'site',
      key: 'k1',
      url: null,
      canonicalUrl: null,
      title: 'Stadtrat beschließt Haushalt',
      summary: '',
      language: 'de',
      published: null,
      firstSeen: '2026-05-12T07:00:00Z',
      storyId: null,
      contentLength: 0,
    };
    indexItem(index, first, 'story-1', undefined, { title: item.title, language: item.language });
    // Its lead's only carrier: kept as its id.
    expect(index.leads.get('teaser')).toBe(1);
    expect(withLead(index)).toEqual([1]);
    const journal: IndexChange[] = [];
    index.journal = journal;
    // The site's second item, placed on its title alone (no lead words, its lead key kept).
    const second = termsOnlyFeatures(2, ['feuerwehr'], { sourceId: 'site', titleTerms: new Set(['feuerwehr']) });
    indexItem(index, { ...second, leadKey: 'teaser' }, 'story-2');
    index.journal = null;
    const again = index.items.get(1)!;
    expect(again.features.leadWords).toBe(0);
    expect(again.features.leadKey).toBe('teaser');
    expect(again.features.terms).not.toContain('teaser');
    expect(again.storyId).toBe('story-1');
    expect(withLead(index)).toEqual([]);
    // No window item carries the teaser's words as evidence now.
    const carriers = (): number => {
      const id = index.terms.ids.idOf('teaser');
      return id < 0 ? 0 : index.terms.ids.documentFrequency[id]!;
    };
    expect(carriers()).toBe(0);
    undoChanges(index, journal);
    expect(index.items.get(1)!.features).toBe(first);
    expect(index.items.has(2)).toBe(false);
    expect(withLead(index)).toEqual([1]);
    expect(carriers()).toBe(1);
  });

  const EARLIER = '2026-05-12T07:00:00Z';
  const NOW = '2026-05-12T09:00:00Z';
  const TEASER = 'Aktuelle Nachrichten aus Oberfranken und der Region – jeden Tag neu im Frankenboten.';
  // The site's second feed writes the teaser a little differently: a lead key of its own, so its first item is not yet
  // known as boilerplate, and its teaser words are the first feed's.
  const variants = [
    ['with a section added', `${TEASER} Heute aus dem Ressort Sport.`],
    ['with another paper name', TEASER.replace('Frankenboten', 'Frankenkurier')],
  ] as const;

  for (const restart of [false, true]) {
    it.each(variants)(
      `is on its title alone once the teaser is known: the other feed's teaser %s meets none${restart ? ' (engine rebuilt from the store per poll)' : ''}`,
      async (_, teaser) => {
        const h = await harness([source('a'), source('b')]);
        const poll = async (sourceId: string, items: FeedItem[]): Promise<DedupDecision[]> => {
          await h.store.transaction((s) => s.items.ingest(sourceId, 'de', items, NOW));
          return (restart ? new Placer(h.store, new StoryEngine(h.settings)) : h.placer).placePending(NOW);
        };
        const decisions = [
          ...(await poll('a', fillerFeed('a', GERMAN_TITLES.slice(0, 5), TEASER, EARLIER))),
          ...(await poll('b', fillerFeed('b', MORE_GERMAN_TITLES.slice(0, 5), teaser, NOW))),
        ];
        expect(decisions).toHaveLength(10);
        expect(decisions.filter((d) => d.rule !== 'new-story')).toEqual([]);
      },
    );
  }
});
