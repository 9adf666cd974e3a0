// From ingested items through the real story engine (collapseItems, recluster) to the published
// feeds: copies of one story appear once, and ids and bytes survive re-polls and a recluster.
import { describe, expect, it } from 'vitest';
import { collapseItems } from '../../src/dedup/collapse-items.js';
import { recluster } from '../../src/dedup/recluster.js';
import type { FeedItem } from '../../src/model.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { ingestItems } from '../../src/store/items.js';
import { feedItem, memoryDb, testConfig } from './story-db.js';

const config = testConfig();
const context = (now: string) => ({ sources: new Map(config.sources.map((s) => [s.id, s])), settings: config.dedup, now });

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

function poll(db: ReturnType<typeof memoryDb>, now: string): void {
  for (const [sourceId, items] of polls) {
    const ingest = ingestItems(db, sourceId, 'de', items, now);
    collapseItems(db, ingest, context(now));
  }
}

describe('ingest → collapseItems → renderPublication', () => {
  it('publishes each story once with every copy attributed, stable across re-polls and a recluster', () => {
    const db = memoryDb();
    poll(db, '2026-11-26T06:30:00.000Z');
    const first = renderPublication(db, config, new Date('2026-11-26T07:00:00Z'));
    const json = JSON.parse(first.outputs.get('all')!.get('json')!.body.toString()) as {
      items: { id: string; title: string; _feedmerge: { items: { source: string }[] } }[];
    };
    expect(json.items.map((i) => i.title)).toEqual([
      'Bundestag beschließt Haushalt für 2027',
      'Präsidentenwahl in Chile: Stichwahl entschieden',
    ]);
    expect(json.items[0]!._feedmerge.items.map((i) => i.source)).toEqual(['tagesschau', 'spiegel', 'zeit']);

    // The same items polled again change nothing: same bytes, same ETags.
    poll(db, '2026-11-26T06:40:00.000Z');
    const again = renderPublication(db, config, new Date('2026-11-26T07:10:00Z'));
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(again.outputs.get('all')!.get(format)!.etag).toBe(first.outputs.get('all')!.get(format)!.etag);
    }

    // A recluster with the same settings replays everything: the published ids do not move.
    recluster(db, context('2026-11-26T06:50:00.000Z'), { dryRun: false });
    const reclustered = JSON.parse(
      renderPublication(db, config, new Date('2026-11-26T07:20:00Z')).outputs.get('all')!.get('json')!.body.toString(),
    ) as typeof json;
    expect(reclustered.items.map((i) => i.id)).toEqual(json.items.map((i) => i.id));
  });
});
