// `stories` as people read it: a member without a title (a JSON Feed item may carry only content) reads "(untitled)",
// as on the output's page, never "source: " followed by nothing.
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { printStories } from '../../src/cli/print.js';
import { addStory, feedItem, memoryStore } from '../publish/story-db.js';

it('prints an untitled member as (untitled)', async () => {
  const store = await memoryStore();
  const now = '2026-11-26T06:05:00.000Z';
  await addStory(
    store,
    [
      { sourceId: 'zeit', item: feedItem({ key: 'z1', url: 'https://www.zeit.de/1', title: 'Ohne Titel im Spiegel', published: now }) },
      { sourceId: 'spiegel', item: feedItem({ key: 's1', url: 'https://www.spiegel.de/1', title: '', published: now }) },
    ],
    { now },
  );
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  await printStories(store, undefined, {}, out);
  expect(text).toContain('    zeit: Ohne Titel im Spiegel  https://www.zeit.de/1\n');
  expect(text).toContain('    spiegel: (untitled)  https://www.spiegel.de/1\n');
  expect(text).not.toMatch(/: {2}/);
});
