// A new story records its nearest miss (place-item.ts `nearestInDetail`): always its score and matched item, and its whole
// evidence (`nearest.*` components) only when it came near (a score of 0.15 or more) or a conflict or penalty lowered it.
// The evidence of the others is never built, so this pins what each kind of new story stores. Through the real ingest +
// placement path (in-memory SQLite).
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

// Written for this test: a council's budget vote, a report of another town's budget sharing a few of its words, and a
// report of one football match sharing one.
const budget: FeedItem = feedItem({
  key: 'a-budget',
  title: 'Stadtrat beschließt Haushalt mit knapper Mehrheit',
  summary:
    'Der Stadtrat hat am Abend den Haushalt für das kommende Jahr beschlossen. Die Opposition kritisierte die neuen Schulden, der Kämmerer verteidigte die Investitionen in Schulen und Straßen.',
  published: '2026-03-10T18:00:00Z',
});
const otherBudget: FeedItem = feedItem({
  key: 'b-budget',
  title: 'Kreistag streitet über Schulden im Haushalt',
  summary:
    'Im Kreistag ist der Streit über die Schulden des Landkreises eskaliert. Die Opposition verlangt Kürzungen, der Landrat will an den Investitionen in Kliniken festhalten.',
  published: '2026-03-10T18:30:00Z',
});
const match: FeedItem = feedItem({
  key: 'c-match',
  title: 'Torwart hält Elfmeter in der Nachspielzeit',
  summary: 'Mit einer Parade in der Nachspielzeit sicherte der Torwart seiner Mannschaft am Abend den Sieg im Pokal.',
  published: '2026-03-10T19:00:00Z',
});

describe('a new story and its nearest miss', () => {
  it('stores the nearest miss in detail only when it came near, its score and matched item always', async () => {
    const h = await harness([source('a'), source('b'), source('c')]);
    const [a] = await h.poll('a', [budget], '2026-03-10T18:00:00Z');
    const [b] = await h.poll('b', [otherBudget], '2026-03-10T18:30:00Z');
    const [c] = await h.poll('c', [match], '2026-03-10T19:00:00Z');
    for (const d of [b!, c!]) {
      expect(d.rule).toBe('new-story');
      expect(typeof d.components['nearestScore']).toBe('number');
      const detailed = Object.keys(d.components).some((k) => k.startsWith('nearest.'));
      const score = d.components['nearestScore'] as number;
      // Detailed exactly when near, or when the evidence's own score differs from the score (a conflict or penalty).
      const evidence = d.components['nearest.evidenceScore'];
      expect(detailed).toBe(score >= 0.15 || (evidence !== undefined && evidence !== score));
      if (!detailed)
        expect(Object.keys(d.components)).toEqual([
          'nearestScore',
          'nearestItemId',
          'threshold',
          'windowHours',
          'candidatesVerified',
          'candidatesBelowBound',
        ]);
    }
    // The other budget report came near the vote (in detail); its matched item is the vote.
    expect(b!.components['nearestItemId']).toBe(a!.itemId);
    expect(b!.components['nearest.evidenceScore']).toBeDefined();
    expect(b!.components['nearest.sharedTerms']).toContain('haushalt');
    // The match came nowhere near either: its score and matched item only.
    expect(c!.components['nearestScore']).toBeLessThan(0.15);
    expect(Object.keys(c!.components).some((k) => k.startsWith('nearest.'))).toBe(false);
  });
});
