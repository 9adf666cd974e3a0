// Output items map back to input items by source + guid, or by source + link when the feed has no guid.
import { describe, expect, it } from 'vitest';
import { assignStories, type StoryJson } from '../../scripts/eval/assign-stories.js';

const items = [
  { source: 'a', guid: 'g1', url: 'https://a.example/1' },
  { source: 'a', guid: 'g2', url: 'https://a.example/2' },
  { source: 'b', guid: 'g1', url: 'https://b.example/1' }, // same guid, other source: another item
  { source: 'c', guid: 'g4', url: 'https://c.example/4' },
];

const story = (id: string, members: StoryJson['items']): StoryJson => ({ id, title: id, items: members });

describe('assignStories', () => {
  it('finds items by source and guid, or by a link the source uses once', () => {
    const result = assignStories(items, [
      story('s1', [
        { source: 'a', guid: 'g1', url: 'https://a.example/1', title: '' },
        { source: 'b', guid: null, url: 'https://b.example/1', title: '' },
      ]),
      story('s2', [{ source: 'a', guid: 'g2', url: null, title: '' }]),
      story('s3', [{ source: 'c', guid: 'g4', url: 'https://c.example/4', title: '' }]),
    ]);
    expect(result).toEqual({ predicted: ['s1', 's2', 's1', 's3'], missing: [], duplicated: [], unknown: 0 });
  });

  it('reports items missing, items out twice and output items it cannot place', () => {
    const result = assignStories(items, [
      story('s1', [
        { source: 'a', guid: 'g1', url: null, title: '' },
        { source: 'a', guid: 'g1', url: null, title: '' },
        { source: 'z', guid: 'g9', url: null, title: '' },
      ]),
      story('s2', [{ source: 'a', guid: 'g2', url: null, title: '' }]),
    ]);
    expect(result.missing).toEqual([2, 3]);
    expect(result.duplicated).toEqual([0]);
    expect(result.unknown).toBe(1);
    expect(result.predicted).toEqual(['s1', 's2', 'missing:2', 'missing:3']);
  });
});
