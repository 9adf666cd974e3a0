// The engine's kept features (recent-features.ts): placing an unchanged item again reuses them, and any change
// of a field `itemFeatures` reads (an update's new text, another feed language) computes them afresh.
import { describe, expect, it } from 'vitest';
import { itemFeatures } from '../../src/dedup/item-features.js';
import { RecentFeatures } from '../../src/dedup/recent-features.js';
import type { MatchableItem } from '../../src/model.js';

const NOW = '2026-03-10T12:00:00.000Z';

function item(fields: Partial<MatchableItem> = {}): MatchableItem {
  return {
    id: 7,
    sourceId: 'tagesschau',
    key: 'k7',
    title: 'Tarifeinigung bei der Bahn: Streik in Berlin abgesagt',
    summary: 'Die Gewerkschaft und die Bahn haben sich in der Nacht auf einen neuen Tarifvertrag geeinigt.',
    url: 'https://example.org/a/7',
    canonicalUrl: null,
    published: NOW,
    firstSeen: NOW,
    language: null,
    contentLength: 90,
    storyId: null,
    ...fields,
  };
}

describe('RecentFeatures', () => {
  it('gives the kept features for the same item again, as itemFeatures computes them', () => {
    const recent = new RecentFeatures();
    const first = recent.of(item(), 'de');
    // A copy read back from the store (another object, the same fields).
    expect(recent.of({ ...item(), storyId: 'story-1' }, 'de')).toBe(first);
    expect(first).toEqual(itemFeatures(item(), 'de'));
  });

  it.each<[string, Partial<MatchableItem>]>([
    ['title', { title: 'Tarifstreit bei der Bahn: Streik in München geht weiter' }],
    ['title, same length', { title: 'Tarifeinigung bei der Bahn: Streik in Bremen abgesagt' }],
    ['summary', { summary: 'Die Gewerkschaft ruft zu einem neuen Streik auf.' }],
    [
      'text moved between title and summary',
      { title: 'Tarifeinigung bei der Bahn: Streik in', summary: `Berlin abgesagt ${item().summary}` },
    ],
    ['published', { published: '2026-03-10T11:00:00.000Z' }],
    ['first seen', { firstSeen: '2026-03-10T12:30:00.000Z' }],
    ['link', { url: 'https://example.org/a/8' }],
    ['canonical link', { canonicalUrl: 'https://example.org/kanonisch/7' }],
    ['language', { language: 'en' }],
    ['content length', { contentLength: 900 }],
  ])('computes them afresh when the %s changed', (_, change) => {
    const recent = new RecentFeatures();
    const first = recent.of(item(), 'de');
    const changed = recent.of(item(change), 'de');
    expect(changed).not.toBe(first);
    expect(changed).toEqual(itemFeatures(item(change), 'de'));
  });

  it('computes them afresh for another feed language, and after forgetting the item', () => {
    const recent = new RecentFeatures();
    const first = recent.of(item(), 'de');
    expect(recent.of(item(), 'en')).not.toBe(first);
    const english = recent.of(item(), 'en');
    recent.forget(7);
    expect(recent.size).toBe(0);
    const again = recent.of(item(), 'en');
    expect(again).not.toBe(english);
    expect(again).toEqual(english);
  });
});
