// The first Atom and JSON Feed page is what a client polls with its validators: an update of a story
// on an older page must change it (its date, bytes and ETag), or the client never walks there. RSS,
// which has no older pages, changes only with what it carries. Real in-memory SQLite store.
import { expect, it } from 'vitest';
import { renderPublication } from '../../src/publish/render-publication.js';
import { addStory, feedItem, memoryStore, testConfig } from './story-db.js';

it('dates the first Atom and JSON Feed page by the stories of every page', async () => {
  const store = await memoryStore();
  const config = testConfig({ outputs: [{ id: 'all', limit: 1 }] });
  const story = (key: string, published: string) =>
    addStory(
      store,
      [{ sourceId: 'zeit', item: feedItem({ key, url: `https://zeit.example/${key}`, title: `Meldung ${key}`, published }) }],
      {
        now: published,
      },
    );
  const older = await story('older', '2026-11-26T10:00:00.000Z');
  await story('newer', '2026-11-26T11:00:00.000Z');
  const now = new Date('2026-11-26T12:00:00.000Z');
  const before = await renderPublication(store, config, now);

  // The older story (page 2 at one story a page) is updated, say a correction of its headline.
  const stored = (await store.stories.get(older))!;
  await store.placements.apply({
    placements: [],
    stories: [{ ...stored, title: 'Meldung older (korrigiert)', updated: '2026-11-26T11:30:00.000Z' }],
    merges: [],
    decisions: [],
  });
  const after = await renderPublication(store, config, now);

  const first = (publication: typeof before, format: 'rss' | 'atom' | 'json') => publication.outputs.get('all')!.get(format)!;
  expect(first(after, 'json').etag).not.toBe(first(before, 'json').etag);
  expect(first(after, 'atom').etag).not.toBe(first(before, 'atom').etag);
  expect(JSON.parse(first(after, 'json').body.toString())._feedmerge).toEqual({ updated: '2026-11-26T11:30:00.000Z' });
  expect(first(after, 'atom').body.toString()).toContain('<updated>2026-11-26T11:30:00.000Z</updated>');
  expect(first(after, 'json').lastModified).toBe('Thu, 26 Nov 2026 11:30:00 GMT');
  // RSS carries the newer story only: nothing it shows changed.
  expect(first(after, 'rss').etag).toBe(first(before, 'rss').etag);
  // The second page carries the edit itself.
  expect(after.pages.get('/feeds/all/page/2.json')!.body.toString()).toContain('Meldung older (korrigiert)');
});
