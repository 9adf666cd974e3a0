// Test support for the publish stage: a real in-memory SQLite store filled through its own API
// (ingest, then placements as the story engine would decide them), and configs through parseConfig.
import { parseConfig } from '../../src/config/load-config.js';
import type { Config, ConfigInput } from '../../src/config/schema.js';
import type { FeedItem } from '../../src/model.js';
import { feedItem } from '../support/feed-item.js';
import { storyIdFor } from '../../src/dedup/story-id.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

export { feedItem };

export const SOURCES: ConfigInput['sources'] = [
  { id: 'tagesschau', url: 'https://www.tagesschau.de/xml/rss2/', title: 'tagesschau.de', language: 'de' },
  { id: 'spiegel', url: 'https://www.spiegel.de/schlagzeilen/index.rss', title: 'DER SPIEGEL', language: 'de' },
  { id: 'zeit', url: 'https://newsfeed.zeit.de/index', title: 'ZEIT ONLINE', language: 'de' },
  { id: 'local', url: 'feeds/local.xml', title: 'Local file & Co' },
];

/** A validated, frozen config for tests (paths resolve under /tmp). */
export function testConfig(extra: Partial<ConfigInput> = {}): Config {
  return parseConfig(
    { sources: SOURCES, server: { baseUrl: 'http://news.example.org' }, ...extra },
    '/tmp/feedmerge-publish-test/config.json',
  );
}

export interface StoryMember {
  sourceId: string;
  item: FeedItem;
  language?: string | null;
}

/**
 * Ingests the members and places them in one story founded by the first member, as dedup would:
 * story id from the founder, representative = founder, published = earliest, updated = `updated`.
 */
export async function addStory(store: Store, members: readonly StoryMember[], options: { now: string; updated?: string }): Promise<string> {
  const ids: number[] = [];
  for (const m of members) {
    const result = await store.transaction((s) =>
      s.items.ingest(m.sourceId, m.language === undefined ? 'de' : m.language, [m.item], options.now),
    );
    const id = result.newItemIds[0] ?? result.updatedItemIds[0];
    if (id === undefined) throw new Error(`item ${m.item.key} already stored unchanged; use a new key`);
    ids.push(id);
  }
  const founder = members[0]!;
  const storyId = storyIdFor(founder.sourceId, founder.item.key);
  const published = members.map((m) => m.item.published ?? options.now).sort()[0]!;
  await store.placements.apply({
    placements: ids.map((itemId) => ({ itemId, storyId, linkKey: null })),
    stories: [
      {
        id: storyId,
        representativeItemId: ids[0]!,
        title: founder.item.title,
        url: founder.item.url,
        published,
        updated: options.updated ?? published,
      },
    ],
    merges: [],
    decisions: ids.map((itemId, index) => ({
      itemId,
      storyId,
      rule: index === 0 ? 'new-story' : 'near-duplicate',
      score: index === 0 ? 0 : 0.8,
      matchedItemId: index === 0 ? null : ids[0]!,
      components: {},
      decidedAt: options.now,
    })),
  });
  return storyId;
}

export function memoryStore(): Promise<Store> {
  return openStore(':memory:');
}

/** A small German news day: three stories, one reported by three sources, one hostile. */
export async function newsDay(store: Store): Promise<{ merged: string; single: string; hostile: string }> {
  const merged = await addStory(
    store,
    [
      {
        sourceId: 'tagesschau',
        item: feedItem({
          key: 'ts-1',
          url: 'https://www.tagesschau.de/inland/bundestag-haushalt-100.html',
          title: 'Bundestag beschließt Haushalt für 2027',
          summary: 'Nach langer Debatte hat der Bundestag den Etat verabschiedet.',
          contentHtml:
            '<p>Nach langer Debatte hat der <b>Bundestag</b> den Etat verabschiedet. <a href="/inland/etat-102.html">Mehr</a></p>',
          published: '2026-11-26T06:00:00.000Z',
          categories: ['Inland'],
          author: 'ARD-Hauptstadtstudio',
        }),
      },
      {
        sourceId: 'spiegel',
        item: feedItem({
          key: 'sp-1',
          url: 'https://www.spiegel.de/politik/haushalt-2027-a-123.html?utm_source=rss&x=1',
          title: 'Haushalt 2027: Bundestag stimmt zu',
          published: '2026-11-26T06:10:00.000Z',
        }),
      },
      {
        sourceId: 'zeit',
        item: feedItem({
          key: 'zeit-1',
          url: 'https://www.zeit.de/politik/2026-11/haushalt',
          title: 'Bundestag verabschiedet Haushalt',
          published: '2026-11-26T06:20:00.000Z',
        }),
      },
    ],
    { now: '2026-11-26T06:30:00.000Z', updated: '2026-11-26T06:25:00.000Z' },
  );
  const single = await addStory(
    store,
    [
      {
        sourceId: 'spiegel',
        item: feedItem({
          key: 'sp-2',
          url: 'https://www.spiegel.de/wissenschaft/klima-b-456.html',
          title: 'Klimawandel: Gletscher schmelzen schneller "als erwartet" & 3 < 5 \'nicht\' fett',
          summary: 'Neue Daten zeigen: Die Alpen verlieren Eis. Preis: 5 € < 10 €.',
          published: '2026-11-26T05:00:00.000Z',
        }),
      },
    ],
    { now: '2026-11-26T05:30:00.000Z' },
  );
  const hostile = await addStory(
    store,
    [
      {
        sourceId: 'zeit',
        item: feedItem({
          key: 'zeit-evil',
          url: 'https://www.zeit.de/digital/evil',
          // A live script tag, stored as an earlier feedmerge may have stored it: publishing applies the plain-text rule
          // again, so it goes; "3 < 5 &amp;" stays, escaped as each format escapes text.
          title: 'Böse\u0001 Eingabe ]]> <script>alert(1)</script> 3 < 5 &amp; mehr\uFFFE',
          summary: 'Text mit ]]> und ]]> und \u0007 Steuerzeichen & Entitäten &lt;',
          contentHtml: [
            '<p onclick="alert(1)">Hallo <script>alert("x")</script><style>body{display:none}</style>Welt</p>',
            '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf">',
            '<form action="https://evil.example/"><input name="q"></form>',
            '<a href="javascript:alert(1)">js</a> <a href="JaVaScRiPt:alert(2)">js2</a> <a href="vbscript:msgbox(1)">vb</a>',
            '<img src="data:image/png;base64,AAAA" alt="data"><img src="bild.jpg" alt="relativ" onerror="alert(3)">',
            '<a href="../andere/seite.html" style="color:red">relativ</a> <![CDATA[ ]]> ]]> \u0002',
            '<svg><script>alert(4)</script></svg><math><mi>x</mi></math>',
          ].join(''),
          published: '2026-11-25T22:00:00.000Z',
        }),
      },
    ],
    { now: '2026-11-25T22:30:00.000Z' },
  );
  return { merged, single, hostile };
}
