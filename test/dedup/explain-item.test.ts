// explainItem: finds items by link, canonical link, guid, key or id and returns the whole decision.
import { describe, expect, it } from 'vitest';
import { explainItem } from '../../src/dedup/explain-item.js';
import * as seed from '../fixtures/dedup/ukraine-talks-feb-2026.js';
import { feedItem, harness, source } from './dedup-harness.js';

describe('explainItem', () => {
  const h = harness([source('dpa'), source('tag24')]);
  h.poll('dpa', [seed.productiveDpa], '2026-02-04T16:52:00Z');
  const [decision] = h.poll(
    'tag24',
    [
      {
        ...seed.productiveTag24,
        url: 'https://tag24.example/ukraine-ticker?utm_source=rss#1835',
        canonicalUrl: 'https://tag24.example/ukraine-ticker#1835',
      },
    ],
    '2026-02-04T17:36:00Z',
  );

  it.each([
    ['the numeric id', String(2)],
    ['the link as published', 'https://tag24.example/ukraine-ticker?utm_source=rss#1835'],
    ['the canonical link', 'https://tag24.example/ukraine-ticker#1835'],
    ['the guid', seed.productiveTag24.key],
  ])('finds the item by %s', (_name, ref) => {
    const [explained] = explainItem(h.db, ref);
    expect(explained!.item.id).toBe(decision!.itemId);
  });

  it('explains every member of a story given its id, also as the entry id a reader sees', () => {
    for (const ref of [decision!.storyId, `tag:news.example,2026:story:${decision!.storyId}`]) {
      expect(explainItem(h.db, ref).map((e) => e.item.sourceId)).toEqual(['dpa', 'tag24']);
    }
  });

  it('returns the story, the decision with every component, the matched item and the window', () => {
    const [explained] = explainItem(h.db, '2');
    expect(explained!.story!.id).toBe(decision!.storyId);
    expect(explained!.storyMembers.map((m) => m.sourceId)).toEqual(['dpa', 'tag24']);
    expect(explained!.decision!.rule).toBe('near-duplicate');
    expect(explained!.decision!.components).toMatchObject({ sameSource: false, numberConflict: false, leadsCompared: true });
    expect(explained!.matchedItem!.title).toBe(seed.productiveDpa.title);
    expect(explained!.window).toEqual({ hours: 72, threshold: 0.62 });
    expect(explained!.normalised!.title).toBe('kiewer seite nennt ukraine gespraeche abu dhabi produktiv');
  });

  it('explains a new story with its nearest miss', () => {
    h.poll(
      'dpa',
      [
        feedItem({
          key: 'other',
          title: 'Kiewer Seite nennt Ukraine-Gespräche in Abu Dhabi nicht produktiv',
          summary: 'Die Gespräche seien ohne Ergebnis geblieben, hieß es aus Kiew.',
        }),
      ],
      '2026-02-04T18:00:00Z',
    );
    const [explained] = explainItem(h.db, 'other');
    expect(explained!.decision!.rule).toBe('new-story');
    expect(typeof explained!.decision!.components['nearestScore']).toBe('number');
    expect(explained!.decision!.components['nearest.polarityConflict']).toBe(true);
  });

  it('returns nothing for an unknown reference', () => {
    expect(explainItem(h.db, 'https://nowhere.example/')).toEqual([]);
  });
});
