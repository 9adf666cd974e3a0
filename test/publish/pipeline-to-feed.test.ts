// From ingested items through the real story engine (placer, recluster) to the published
// feeds: copies of one story appear once, and ids and bytes survive re-polls and a recluster.
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { recluster } from '../../src/dedup/recluster.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import type { FeedItem } from '../../src/model.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import type { Store } from '../../src/store/store.js';
import { engineSettings } from '../../src/worker/settings.js';
import { feedItem, memoryStore, testConfig } from './story-db.js';

const config = testConfig();

const polls: [string, FeedItem[]][] = [
  [
    'tagesschau',
    [
      feedItem({
        key: 'ts-a',
        url: 'https://www.tagesschau.de/inland/haushalt-2027-100.html',
        canonicalUrl: 'https://www.tagesschau.de/inland/haushalt-2027-100.html',
        title: 'Bundestag beschließt Haushalt für 2027',
        summary: 'Der Bundestag hat den Bundeshaushalt für das Jahr 2027 mit den Stimmen der Koalition beschlossen.',
        published: '2026-11-26T06:00:00.000Z',
      }),
      feedItem({
        key: 'ts-b',
        url: 'https://www.tagesschau.de/ausland/wahl-100.html',
        canonicalUrl: 'https://www.tagesschau.de/ausland/wahl-100.html',
        title: 'Präsidentenwahl in Chile: Stichwahl entschieden',
        summary: 'In Chile ist die Stichwahl um das Präsidentenamt entschieden.',
        published: '2026-11-26T05:00:00.000Z',
      }),
    ],
  ],
  [
    'spiegel',
    [
      feedItem({
        key: 'sp-a',
        url: 'https://www.spiegel.de/politik/haushalt-a-1.html',
        canonicalUrl: 'https://www.spiegel.de/politik/haushalt-a-1.html',
        title: 'Bundestag beschließt Haushalt für 2027',
        summary: 'Der Bundestag hat den Haushalt für 2027 mit den Stimmen der Koalition beschlossen.',
        published: '2026-11-26T06:05:00.000Z',
      }),
    ],
  ],
  [
    'zeit',
    [
      feedItem({
        key: 'zeit-a',
        url: 'https://www.zeit.de/politik/2026-11/haushalt',
        canonicalUrl: 'https://www.zeit.de/politik/2026-11/haushalt',
        title: 'Bundestag beschließt Haushalt für 2027',
        summary: 'Der Bundestag hat den Bundeshaushalt 2027 beschlossen.',
        published: '2026-11-26T06:10:00.000Z',
      }),
    ],
  ],
];

async function poll(store: Store, placer: Placer, now: string): Promise<void> {
  for (const [sourceId, items] of polls) await store.transaction((s) => s.items.ingest(sourceId, 'de', items, now));
  await placer.placePending(now);
}

describe('ingest → placement → renderPublication', () => {
  it('publishes each story once with every copy attributed, stable across re-polls and a recluster', async () => {
    const store = await memoryStore();
    const placer = new Placer(store, new StoryEngine(engineSettings(config)));
    await poll(store, placer, '2026-11-26T06:30:00.000Z');
    const first = await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'));
    const json = JSON.parse(first.outputs.get('all')!.get('json')!.body.toString()) as {
      items: { id: string; title: string; _feedmerge: { items: { source: string }[] } }[];
    };
    expect(json.items.map((i) => i.title)).toEqual([
      'Bundestag beschließt Haushalt für 2027',
      'Präsidentenwahl in Chile: Stichwahl entschieden',
    ]);
    expect(json.items[0]!._feedmerge.items.map((i) => i.source)).toEqual(['tagesschau', 'spiegel', 'zeit']);

    // The same items polled again change nothing: same bytes, same ETags.
    await poll(store, placer, '2026-11-26T06:40:00.000Z');
    const again = await renderPublication(store, config, new Date('2026-11-26T07:10:00Z'));
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(again.outputs.get('all')!.get(format)!.etag).toBe(first.outputs.get('all')!.get(format)!.etag);
    }

    // A recluster with the same settings replays everything: the published ids do not move.
    await recluster(store, engineSettings(config), '2026-11-26T06:50:00.000Z', { dryRun: false });
    const reclustered = JSON.parse(
      (await renderPublication(store, config, new Date('2026-11-26T07:20:00Z'))).outputs.get('all')!.get('json')!.body.toString(),
    ) as typeof json;
    expect(reclustered.items.map((i) => i.id)).toEqual(json.items.map((i) => i.id));
  });
});
