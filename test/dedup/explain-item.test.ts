// explainItem: finds items by link, canonical link, guid, key or id and returns the whole decision.
import { beforeAll, describe, expect, it } from 'vitest';
import { explainItem } from '../../src/dedup/explain-item.js';
import * as seed from '../fixtures/dedup/ukraine-talks-feb-2026.js';
import type { DedupDecision } from '../../src/model.js';
import { feedItem, harness, source, type Harness } from './dedup-harness.js';

describe('explainItem', () => {
  let h: Harness;
  let decision: DedupDecision | undefined;
  beforeAll(async () => {
    h = await harness([source('dpa'), source('tag24')]);
    await h.poll('dpa', [seed.productiveDpa], '2026-02-04T16:52:00Z');
    [decision] = await h.poll(
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
  });

  it.each([
    ['the numeric id', String(2)],
    ['the link as published', 'https://tag24.example/ukraine-ticker?utm_source=rss#1835'],
    ['the canonical link', 'https://tag24.example/ukraine-ticker#1835'],
    ['the guid', seed.productiveTag24.key],
  ])('finds the item by %s', async (_name, ref) => {
    const [explained] = await explainItem(h.store, ref);
    expect(explained!.item.id).toBe(decision!.itemId);
  });

  it('explains every member of a story given its id, also as the entry id a reader sees', async () => {
    for (const ref of [decision!.storyId, `tag:news.example,2026:story:${decision!.storyId}`]) {
      expect((await explainItem(h.store, ref)).map((e) => e.item.sourceId)).toEqual(['dpa', 'tag24']);
    }
  });

  it('returns the story, the decision with every component, the matched item and the window', async () => {
    const [explained] = await explainItem(h.store, '2');
    expect(explained!.story!.id).toBe(decision!.storyId);
    expect(explained!.storyMembers.map((m) => m.sourceId)).toEqual(['dpa', 'tag24']);
    expect(explained!.decision!.rule).toBe('near-duplicate');
    expect(explained!.decision!.components).toMatchObject({ sameSource: false, numberConflict: false, leadsCompared: true });
    expect(explained!.matchedItem!.title).toBe(seed.productiveDpa.title);
    expect(explained!.window).toEqual({ hours: 72, threshold: 0.5 });
    expect(explained!.normalised!.title).toBe('kiewer seite nennt ukraine gespraeche abu dhabi produktiv');
  });

  it('explains a new story with its nearest miss', async () => {
    await h.poll(
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
    const [explained] = await explainItem(h.store, 'other');
    expect(explained!.decision!.rule).toBe('new-story');
    expect(typeof explained!.decision!.components['nearestScore']).toBe('number');
    expect(explained!.decision!.components['nearest.polarityConflict']).toBe(true);
  });

  it('shows the evidence: shared informative words with weights, conflicts, the story core compared with', async () => {
    const [explained] = await explainItem(h.store, '2');
    const evidence = explained!.evidence!;
    expect(evidence.of).toBe('match');
    expect(evidence.sharedTerms.map((t) => t.term)).toContain('produktiv');
    expect(evidence.sharedTerms.every((t) => t.bits > 0)).toBe(true);
    expect(evidence.sharedBits).toBeGreaterThan(evidence.expectedBits!);
    expect(evidence.conflicts).toEqual([]);
    expect(evidence.core.members).toBe(1);
    expect(evidence.core.terms).toContain('verhandlungschef');
    expect(explained!.normalised!.terms).toContain('produktiv');
    const [miss] = await explainItem(h.store, 'other');
    expect(miss!.evidence!.of).toBe('nearest miss');
    expect(miss!.evidence!.conflicts).toContain('polarityConflict');
  });

  it('returns nothing for an unknown reference', async () => {
    expect(await explainItem(h.store, 'https://nowhere.example/')).toEqual([]);
  });
});
