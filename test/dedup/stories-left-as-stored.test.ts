// keepStoredUpdated: a re-placement batch's story rows keep their stored `updated` time only when
// the batch left the story as stored (no member joined or left, no merge, the same row otherwise).
import { describe, expect, it } from 'vitest';
import { keepStoredUpdated } from '../../src/dedup/stories-left-as-stored.js';
import type { PlacementBatch, Story } from '../../src/model.js';

const STORED_AT = '2026-02-05T12:00:00.000Z';
const NOW = '2026-02-05T13:00:00.000Z';

const row = (id: string, representativeItemId: number, updated: string, title = `story ${id}`): Story => ({
  id,
  representativeItemId,
  title,
  url: null,
  published: STORED_AT,
  updated,
});

// Stored: A = {1, 2}, B = {3}. Items 1, 2 and 3 were placed again (not waiting).
const stored = new Map([
  ['A', row('A', 1, STORED_AT)],
  ['B', row('B', 3, STORED_AT)],
]);
const previousStory = new Map([
  [1, 'A'],
  [2, 'A'],
  [3, 'B'],
]);

const batch = (placements: [number, string][], stories: Story[], extra: Partial<PlacementBatch> = {}): PlacementBatch => ({
  placements: placements.map(([itemId, storyId]) => ({ itemId, storyId, linkKey: null })),
  stories,
  merges: [],
  decisions: [],
  ...extra,
});

describe('keepStoredUpdated', () => {
  it.each([
    [
      'every item back where it was',
      batch(
        [
          [1, 'A'],
          [2, 'A'],
          [3, 'B'],
        ],
        [row('A', 1, NOW), row('B', 3, NOW)],
      ),
      { A: STORED_AT, B: STORED_AT },
    ],
    [
      'a waiting item joined A',
      batch(
        [
          [1, 'A'],
          [2, 'A'],
          [9, 'A'],
          [3, 'B'],
        ],
        [row('A', 1, NOW), row('B', 3, NOW)],
      ),
      { A: NOW, B: STORED_AT },
    ],
    [
      'item 2 moved from A to B',
      batch(
        [
          [1, 'A'],
          [2, 'B'],
          [3, 'B'],
        ],
        [row('A', 1, NOW), row('B', 3, NOW)],
      ),
      { A: NOW, B: NOW },
    ],
    [
      'A took another representative',
      batch(
        [
          [1, 'A'],
          [2, 'A'],
        ],
        [row('A', 2, NOW, 'story 2')],
      ),
      { A: NOW },
    ],
    [
      'B was merged into A',
      batch(
        [
          [1, 'A'],
          [2, 'A'],
        ],
        [row('A', 1, NOW)],
        { merges: [{ absorbed: 'B', survivor: 'A' }] },
      ),
      { A: NOW },
    ],
    [
      'a story never stored',
      batch(
        [
          [1, 'A'],
          [2, 'A'],
        ],
        [row('C', 1, NOW)],
      ),
      { C: NOW },
    ],
  ])('%s', (_, placed, expected) => {
    keepStoredUpdated(placed, previousStory, stored);
    expect(Object.fromEntries(placed.stories.map((s) => [s.id, s.updated]))).toEqual(expected);
  });
});
