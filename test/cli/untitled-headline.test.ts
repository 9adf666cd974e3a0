// An item without a title (a Mastodon note, a JSON Feed item with only content) is named the same way
// everywhere people read it: the feeds head its story with the opening of its lead, and `stories`,
// `explain` and the output's page name the story and the item the same way (headlineOf); "(untitled)"
// only when there is no lead either, never "source: " followed by nothing. Before, the CLI and the
// page's member links said "(untitled)" where the feeds showed the lead.
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { explanationLeads, printExplanation, printStories } from '../../src/cli/print.js';
import { explainItem } from '../../src/dedup/explain-item.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { addStory, feedItem, memoryStore, testConfig } from '../publish/story-db.js';

const note = 'Got a wedding date 😎 and the venue is booked for the whole weekend, with a boat trip on the lake on Sunday morning';
const headline = 'Got a wedding date 😎 and the venue is booked for the whole weekend, with a boat trip on the lake on…';

it('names an untitled story and item by its lead in stories, explain, the page and the feeds alike', async () => {
  const store = await memoryStore();
  const now = '2026-11-26T06:05:00.000Z';
  await addStory(
    store,
    [
      { sourceId: 'spiegel', item: feedItem({ key: 's1', url: 'https://www.spiegel.de/1', title: '', summary: note, published: now }) },
      { sourceId: 'zeit', item: feedItem({ key: 'z1', url: 'https://www.zeit.de/1', title: 'Hochzeit am See', published: now }) },
      { sourceId: 'taz', item: feedItem({ key: 't1', url: 'https://taz.de/1', title: '', published: now }) },
    ],
    { now },
  );
  const printed = async (print: (out: PassThrough) => Promise<void> | void): Promise<string> => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    await print(out);
    return text;
  };

  const stories = await printed((out) => printStories(store, undefined, {}, out));
  expect(stories).toMatch(new RegExp(`^\\S+  ${escape(headline)}  \\[`, 'm'));
  expect(stories).toContain(`    spiegel: ${headline}  https://www.spiegel.de/1\n`);
  expect(stories).toContain('    zeit: Hochzeit am See  https://www.zeit.de/1\n');
  expect(stories).toContain('    taz: (untitled)  https://taz.de/1\n');
  expect(stories.endsWith('\n1 story\n')).toBe(true);

  // Explained from the titled member: the story and the untitled members are named by their leads.
  const explanations = await explainItem(store, 'https://www.zeit.de/1');
  const explained = await printed(async (out) =>
    printExplanation(explanations, testConfig(), {}, out, await explanationLeads(store, explanations)),
  );
  expect(explained).toMatch(new RegExp(`^  story \\S+: ${escape(headline)} \\(3 items\\)$`, 'm'));
  expect(explained).toMatch(new RegExp(`^    - item \\d+ from spiegel: ${escape(headline)}$`, 'm'));
  expect(explained).toMatch(/^ {4}- item \d+ from taz: \(untitled\)$/m);
  expect(explained).toMatch(new RegExp(`^  matched item \\d+ from spiegel: ${escape(headline)}$`, 'm'));

  const publication = await renderPublication(store, testConfig(), new Date('2026-11-26T07:00:00Z'));
  const json = JSON.parse(publication.outputs.get('all')!.get('json')!.body.toString('utf8')) as { items: { title: string }[] };
  expect(json.items.map((i) => i.title)).toEqual([headline]);
  const page = publication.pages.get('/outputs/all.html')!.body.toString('utf8');
  expect(page).toContain(`<a href="https://www.spiegel.de/1">${headline}</a>`);
  // The link may carry its text's direction (dir/lang, text-direction.ts): an attribute, not other words.
  expect(page).toMatch(/<a href="https:\/\/taz\.de\/1"(?: [a-z]+="[^"]*")*>\(untitled\)<\/a>/);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
