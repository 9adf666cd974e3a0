// The v2 story engine's promises (issue 10), through the real store and placer: scores that mean the
// same everywhere, one shared word never enough, items joining stories (and merging them), recurring
// reports kept apart, and the same stories whatever order the items arrive in.
import { describe, expect, it } from 'vitest';
import { itemFeatures } from '../../src/dedup/item-features.js';
import { enoughShared, sharedEvidence } from '../../src/dedup/score-story.js';
import { emptyTermCounts, termWeights } from '../../src/dedup/term-weights.js';
import type { FeedItem, MatchableItem } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

const NOW = '2026-03-10T12:00:00Z';

/** The features of a German item with this title and lead (no store needed). */
function features(id: number, title: string, summary = ''): ReturnType<typeof itemFeatures> {
  const item: MatchableItem = {
    id,
    sourceId: `s${id}`,
    key: `k${id}`,
    title,
    summary,
    url: null,
    canonicalUrl: null,
    published: NOW,
    firstSeen: NOW,
    language: 'de',
    contentLength: summary.length,
    storyId: null,
  } as MatchableItem;
  return itemFeatures(item, 'de');
}

describe('the chance-corrected score', () => {
  const weights = termWeights(emptyTermCounts(), 'de');
  it.each([
    ['Bahn streikt am Montag', 'Neue Brücke über den Rhein eröffnet'],
    ['Wetter', 'Bundestag beschließt Haushalt für das kommende Jahr nach langer Debatte'],
    [
      'Fußball: Bayern gewinnt in Dortmund',
      'Die Stadt Köln plant eine neue Straßenbahnlinie durch die Innenstadt, die ab 2028 fahren soll und den Verkehr entlasten wird.',
    ],
    [
      'Regierung streitet über Rente',
      'Forscher entdecken in der Antarktis eine bisher unbekannte Art von Tiefseefischen, die bei minus zwei Grad lebt und leuchtet.',
    ],
  ])('is near 0 for unrelated texts of any length: "%s" / "%s"', (a, b) => {
    const fa = features(1, a);
    const fb = features(2, b);
    const e = sharedEvidence(fa.terms, new Set(fb.terms), fb.terms.length, weights);
    expect(e.score).toBeLessThan(0.1);
  });

  it('is near 1 for a copy', () => {
    const a = features(1, 'Putin und Xi vereinbaren engere Zusammenarbeit', 'Russland und China wollen wirtschaftlich enger kooperieren.');
    const e = sharedEvidence(a.terms, new Set(a.terms), a.terms.length, weights);
    expect(e.score).toBeGreaterThan(0.95);
  });

  it('never counts one shared word, however rare', () => {
    const a = features(1, 'Mikronesien', 'Ein Bericht über Fischerei und Inseln.');
    const b = features(2, 'Mikronesien', 'Die Wahl des Parlaments wurde verschoben.');
    const e = sharedEvidence(a.terms, new Set(b.terms), b.terms.length, weights);
    expect(e.sharedTerms.map((t) => t.term)).toEqual(['mikronesi']);
    expect(enoughShared(e)).toBe(false);
  });
});

describe('the v2 story engine', () => {
  it('never merges two items that share one frequent word', async () => {
    const h = await harness([source('a'), source('b')]);
    const [a] = await h.poll(
      'a',
      [feedItem({ key: 'a', title: 'Ukraine: Energieversorgung in Charkiw wieder hergestellt', published: '2026-03-10T10:00:00Z' })],
      '2026-03-10T10:00:00Z',
    );
    const [b] = await h.poll(
      'b',
      [feedItem({ key: 'b', title: 'Ukraine bekommt neue Panzer aus Schweden', published: '2026-03-10T10:30:00Z' })],
      '2026-03-10T10:30:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
  });

  it("merges another outlet's rewrite of one event (names and agreement in common)", async () => {
    const h = await harness([source('a'), source('b')]);
    const [a] = await h.poll(
      'a',
      [
        feedItem({
          key: 'a',
          title: 'Putin und Xi vereinbaren engere Zusammenarbeit',
          summary:
            'Kremlchef Wladimir Putin und Chinas Staatschef Xi Jinping haben in Peking ein Wirtschaftsabkommen unterzeichnet. Beide Länder wollen beim Handel mit Öl und Gas enger kooperieren.',
          published: '2026-03-10T09:00:00Z',
        }),
      ],
      '2026-03-10T09:00:00Z',
    );
    const [b] = await h.poll(
      'b',
      [
        feedItem({
          key: 'b',
          title: 'Putin in Peking: Russland und China rücken enger zusammen',
          summary:
            'Bei seinem Besuch in Peking hat Wladimir Putin mit Xi Jinping ein Abkommen über wirtschaftliche Zusammenarbeit geschlossen, vor allem beim Handel mit Öl und Gas.',
          published: '2026-03-10T10:15:00Z',
        }),
      ],
      '2026-03-10T10:15:00Z',
    );
    expect(b!.rule).toBe('near-duplicate');
    expect(b!.storyId).toBe(a!.storyId);
    expect(String(b!.components['sharedTerms'])).toMatch(/putin/);
  });

  it("keeps a daily market report apart from the day before's, told by another outlet with other figures", async () => {
    const h = await harness([source('a'), source('b')]);
    const [a] = await h.poll(
      'a',
      [
        feedItem({
          key: 'a',
          title: 'DAX schließt mit Gewinnen',
          summary: 'Der deutsche Leitindex hat 0,8 Prozent höher bei 24.310 Punkten geschlossen. Gefragt waren Autowerte.',
          published: '2026-03-09T16:45:00Z',
        }),
      ],
      '2026-03-09T16:50:00Z',
    );
    const [b] = await h.poll(
      'b',
      [
        feedItem({
          key: 'b',
          title: 'DAX schließt mit Gewinnen',
          summary: 'Der Leitindex DAX ist 0,3 Prozent höher bei 24.390 Punkten aus dem Handel gegangen. Gefragt waren Bankwerte.',
          published: '2026-03-10T16:45:00Z',
        }),
      ],
      '2026-03-10T16:50:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
  });
});

// Two reports of one summit that share too little to be joined, then a third that tells both halves. The second comes more
// than three hours after the first: within three hours, its headline's "Gipfel" with what the leads share would make it a
// retelling of the first (score-story.ts `retellingStrongHeadlineSoonHours`).
const summitTalks: FeedItem = feedItem({
  key: 'talks',
  title: 'Gipfel in Brüssel: EU-Staaten ringen um Migrationspakt',
  summary:
    'Die Staats- und Regierungschefs der EU verhandeln in Brüssel über den Migrationspakt. Ungarn und Polen lehnen die Verteilung von Flüchtlingen ab.',
  published: '2026-03-10T08:00:00Z',
});
const summitDeal: FeedItem = feedItem({
  key: 'deal',
  title: 'Durchbruch beim EU-Gipfel: Einigung auf Verteilung von Flüchtlingen',
  summary:
    'Nach einer langen Nacht haben sich die Regierungschefs auf einen Kompromiss geeinigt. Wer niemanden aufnimmt, zahlt stattdessen in einen Fonds ein.',
  published: '2026-03-10T11:05:00Z',
});
const summitBoth: FeedItem = feedItem({
  key: 'both',
  title: 'EU-Gipfel in Brüssel: Einigung auf Migrationspakt und Verteilung von Flüchtlingen',
  summary:
    'Die Staats- und Regierungschefs der EU haben sich in Brüssel auf den Migrationspakt geeinigt. Ungarn und Polen, die die Verteilung von Flüchtlingen ablehnen, zahlen in einen Fonds ein.',
  published: '2026-03-10T11:30:00Z',
});

describe('stories merge when an item shows they are one', () => {
  it('merges two stories into the older one; the store keeps the absorbed id as an alias', async () => {
    const h = await harness([source('a'), source('b'), source('c')]);
    const [talks] = await h.poll('a', [summitTalks], '2026-03-10T08:00:00Z');
    const [deal] = await h.poll('b', [summitDeal], '2026-03-10T11:05:00Z');
    expect(deal!.storyId).not.toBe(talks!.storyId);
    const [both] = await h.poll('c', [summitBoth], '2026-03-10T11:30:00Z');
    expect(both!.storyId).toBe(talks!.storyId);
    expect(both!.components['mergedStories']).toBe(deal!.storyId);
    expect((await h.item(deal!.itemId))!.storyId).toBe(talks!.storyId);
    expect(await h.story(deal!.storyId)).toBeUndefined();
    expect(await h.store.stories.survivorOf(deal!.storyId)).toBe(talks!.storyId);
    expect((await h.store.stories.withItems(talks!.storyId))!.absorbedIds).toEqual([deal!.storyId]);
  });
});

describe('order independence', () => {
  const items: [string, FeedItem][] = [
    ['a', summitTalks],
    ['b', summitDeal],
    ['c', summitBoth],
    [
      'a',
      feedItem({
        key: 'dax',
        title: 'DAX schließt mit Gewinnen',
        summary: 'Der Leitindex stieg um 0,8 Prozent.',
        published: '2026-03-10T09:30:00Z',
      }),
    ],
    [
      'b',
      feedItem({
        key: 'dax-b',
        title: 'Leitindex DAX schließt im Plus',
        summary: 'Der DAX stieg um 0,8 Prozent auf 24.310 Punkte.',
        published: '2026-03-10T09:40:00Z',
      }),
    ],
    ['c', feedItem({ key: 'bahn', title: 'Bahn streikt am Montag', published: '2026-03-10T09:10:00Z' })],
  ];

  /** Which items share a story, as a set of "key|key" pairs. */
  async function partition(order: [string, FeedItem][]): Promise<string[]> {
    const h = await harness([source('a'), source('b'), source('c')]);
    const keyOf = new Map<number, string>();
    for (const [sourceId, item] of order)
      for (const d of await h.poll(sourceId, [item], '2026-03-10T12:00:00Z')) keyOf.set(d.itemId, item.key);
    const storyOf = new Map<string, string>();
    for (const [id, key] of keyOf) storyOf.set(key, (await h.item(id))!.storyId!);
    const keys = [...storyOf.keys()].sort();
    return keys.flatMap((x, i) =>
      keys
        .slice(i + 1)
        .filter((y) => storyOf.get(x) === storyOf.get(y))
        .map((y) => `${x}|${y}`),
    );
  }

  it('gives the same stories whatever order the feeds are polled in', async () => {
    const forward = await partition(items);
    expect(await partition([...items].reverse())).toEqual(forward);
    expect(await partition([items[2]!, items[0]!, items[5]!, items[1]!, items[4]!, items[3]!])).toEqual(forward);
    expect(forward).toContain('both|talks');
  });
});
