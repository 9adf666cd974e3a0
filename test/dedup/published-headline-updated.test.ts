// A story's `updated` (Atom updated, JSON Feed date_modified) moves when what readers see of its headline
// or link changes, through the real ingest and placement path: the published headline (an untitled
// story's is its lead's opening) and the published link (one carrying a login is not published).
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

const lead = 'Die Hafenbrücke wird ab Montag wegen Rissen im Tragwerk für den Verkehr gesperrt, teilte die Stadtverwaltung mit.';
const first = { key: 'ticker-1', title: '', url: 'https://stadt.example/ticker', summary: lead, published: '2026-12-04T08:00:00Z' };

describe('the story’s updated time', () => {
  it.each([
    ['an untitled story’s lead opening is edited (not longer): moves', first, { summary: lead.replace('Hafenbrücke', 'Nordbrücke') }, true],
    [
      'a titled story’s lead is edited (not longer): moves (the entry shows it as its summary)',
      { ...first, title: 'Hafenbrücke gesperrt' },
      { summary: lead.replace('Hafenbrücke', 'Nordbrücke') },
      true,
    ],
    ['the public link changes: moves', { ...first, title: 'Hafenbrücke gesperrt' }, { url: 'https://stadt.example/hafenbruecke' }, true],
    [
      'only a login in the link rotates (the link is not published): stays',
      { ...first, title: 'Hafenbrücke gesperrt', url: 'https://stadt.example/ticker?token=a1' },
      { url: 'https://stadt.example/ticker?token=b2' },
      false,
    ],
    [
      'only a tracking parameter in the link rotates: stays',
      { ...first, title: 'Hafenbrücke gesperrt', url: 'https://stadt.example/ticker?utm_source=rss&utm_content=1' },
      { url: 'https://stadt.example/ticker?utm_source=rss&utm_content=2' },
      false,
    ],
  ])('%s', async (_, before: Partial<FeedItem> & { title: string }, edit: Partial<FeedItem>, moves) => {
    const h = await harness([source('stadt')]);
    const [placed] = await h.poll('stadt', [feedItem(before)], '2026-12-04T08:05:00Z');
    const storyBefore = (await h.story(placed!.storyId))!;
    const [again] = await h.poll('stadt', [feedItem({ ...before, ...edit })], '2026-12-04T09:05:00Z');
    expect(again!.rule).toBe('same-item');
    const storyAfter = (await h.story(placed!.storyId))!;
    expect(storyAfter.updated !== storyBefore.updated).toBe(moves);
  });
});
