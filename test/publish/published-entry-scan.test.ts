// Each member's title and lead go through the login scan (publishedText) once per entry: the entry's
// title, lead, member list and "Also reported by" list reuse them. Before, the representative's were
// scanned three times and every other member's twice per entry. Counted where every scan of a URL with a
// sign of a login ends, the URL parser (URL.canParse, a platform function, not our module): each title's
// and each lead's URL is handed to it once, so a second scan of any of them, by any path, fails the test.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredItem, StoryWithItems } from '../../src/model.js';
import { toPublishedEntry } from '../../src/publish/published-entry.js';
import { feedItem } from '../support/feed-item.js';

function member(i: number): StoredItem {
  const title = `Hafenfest ${i}: https://news${i}.example.org/t?token=T${i}`;
  const summary = `Rund 40 000 Gäste, online: https://news${i}.example.org/l?token=L${i} und mehr.`;
  return {
    ...feedItem({ key: `k${i}`, title, summary, url: `https://news${i}.example.org/a` }),
    id: i,
    sourceId: `s${i}`,
    language: 'de',
    firstSeen: `2026-11-26T06:${String(i).padStart(2, '0')}:00.000Z`,
    lastSeen: '2026-11-26T07:00:00.000Z',
    storyId: 'story',
    contentLength: summary.length,
  };
}

function storyOf(count: number): StoryWithItems {
  const items = Array.from({ length: count }, (_, i) => member(i + 1));
  const representative = items[0]!;
  return {
    id: 'story',
    representativeItemId: representative.id,
    title: representative.title,
    url: representative.url,
    published: representative.firstSeen,
    updated: representative.firstSeen,
    representative,
    absorbedIds: [],
    items,
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the login scan of one entry', () => {
  it.each([1, 2, 50])('reads each title and lead of a %i-member story once, and takes their keys out', (count) => {
    const parsed = vi.spyOn(URL, 'canParse');
    const entry = toPublishedEntry(storyOf(count), { sources: new Map(), baseUrl: 'https://merge.example/', storyPageUrl: '' });
    // The URL in each title and each lead, each parsed once.
    const urls = parsed.mock.calls.map(([url]) => String(url));
    const expected = Array.from({ length: count }, (_, i) => [
      `https://news${i + 1}.example.org/t?token=T${i + 1}`,
      `https://news${i + 1}.example.org/l?token=L${i + 1}`,
    ]).flat();
    expect(urls.sort()).toEqual(expected.sort());
    expect(entry.members).toHaveLength(count);
    const published = JSON.stringify(entry);
    expect(published).not.toMatch(/token=/);
    expect(entry.title).toBe('Hafenfest 1: https://news1.example.org/t');
    expect(entry.summaryText).toBe('Rund 40 000 Gäste, online: https://news1.example.org/l und mehr.');
    expect(entry.summaryHtml.split('<li>')).toHaveLength(count);
  });
});
