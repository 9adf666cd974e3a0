// The writers pinned byte for byte: two stories (one with two members) in RSS, Atom and JSON Feed.
// A change here must be a reviewed change of the published format. Regenerate after reviewing
// with UPDATE_GOLDEN=1 npx vitest run test/publish/golden-documents.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPublication } from '../../src/publish/render-publication.js';
import { addStory, feedItem, memoryStore, testConfig } from './story-db.js';

const GOLDEN = path.resolve(import.meta.dirname, '../fixtures/publish/golden');

async function smallPublication() {
  const store = await memoryStore();
  await addStory(
    store,
    [
      {
        sourceId: 'tagesschau',
        item: feedItem({
          key: 'g1',
          url: 'https://www.tagesschau.de/inland/a-100.html',
          title: 'Streik bei der Bahn & im Nahverkehr',
          summary: 'Die GDL ruft zum Streik auf.',
          contentHtml: '<p>Die <em>GDL</em> ruft zum Streik auf. <a href="/inland/b.html">Hintergrund</a></p>',
          author: 'tagesschau',
          categories: ['Inland'],
          published: '2026-11-26T04:00:00.000Z',
        }),
      },
      {
        sourceId: 'spiegel',
        item: feedItem({
          key: 'g2',
          url: 'https://www.spiegel.de/wirtschaft/bahn-a-1.html?x=1&y=2',
          title: 'Bahnstreik: Was Reisende wissen müssen',
          published: '2026-11-26T04:30:00.000Z',
        }),
      },
    ],
    { now: '2026-11-26T05:00:00.000Z', updated: '2026-11-26T04:30:00.000Z' },
  );
  await addStory(
    store,
    [
      {
        sourceId: 'zeit',
        item: feedItem({
          key: 'g3',
          url: 'https://www.zeit.de/kultur/x',
          title: 'Buchpreis für „Roman <ohne> Titel“',
          summary: 'Ein Überraschungssieg.',
          published: '2026-11-26T03:00:00.000Z',
        }),
      },
    ],
    { now: '2026-11-26T05:00:00.000Z' },
  );
  const config = testConfig({
    outputs: [{ id: 'small', title: 'Kleine Auswahl', description: 'Zwei Geschichten' }],
    websub: { hubs: ['https://hub.example/'] },
  });
  return (await renderPublication(store, config, new Date('2026-11-26T06:00:00Z'))).outputs.get('small')!;
}

const documents = await smallPublication();

describe('golden documents', () => {
  it.each([
    ['rss', 'small.xml'],
    ['atom', 'small.atom'],
    ['json', 'small.json'],
  ] as const)('%s matches %s', (format, file) => {
    const actual = documents.get(format)!.body.toString('utf8');
    const golden = path.join(GOLDEN, file);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, 'utf8'));
  });
});
