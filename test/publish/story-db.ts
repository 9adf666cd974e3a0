// Test support for the publish stage: a real in-memory SQLite filled through the store's own
// functions (ingestItems, saveStory, setItemStory, saveDecision), and configs through parseConfig.
import { parseConfig } from '../../src/config/load-config.js';
import type { Config, ConfigInput } from '../../src/config/schema.js';
import type { FeedItem } from '../../src/model.js';
import { feedItem } from '../support/feed-item.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { saveDecision } from '../../src/store/decisions.js';
import { ingestItems, setItemStory } from '../../src/store/items.js';
import { saveStory, storyIdFor } from '../../src/store/stories.js';

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
  language?: string;
}

/**
 * Ingests the members and places them in one story founded by the first member, as dedup would:
 * story id from the founder, representative = founder, published = earliest, updated = `updated`.
 */
export function addStory(db: Db, members: readonly StoryMember[], options: { now: string; updated?: string }): string {
  const ids = members.map((m) => ingestItems(db, m.sourceId, m.language ?? 'de', [m.item], options.now).newItemIds[0] ?? findItemId(db, m));
  const founder = members[0]!;
  const storyId = storyIdFor(founder.sourceId, founder.item.key);
  const published = members.map((m) => m.item.published ?? options.now).sort()[0]!;
  saveStory(db, {
    id: storyId,
    representativeItemId: ids[0]!,
    title: founder.item.title,
    url: founder.item.url,
    published,
    updated: options.updated ?? published,
  });
  ids.forEach((itemId, index) => {
    setItemStory(db, itemId, storyId);
    saveDecision(db, {
      itemId,
      storyId,
      rule: index === 0 ? 'new-story' : 'near-duplicate',
      score: index === 0 ? 0 : 0.8,
      matchedItemId: index === 0 ? null : ids[0]!,
      components: {},
      decidedAt: options.now,
    });
  });
  return storyId;
}

function findItemId(db: Db, member: StoryMember): number {
  // Re-ingesting an existing key reports it as updated or unchanged; look it up through ingest again.
  const result = ingestItems(db, member.sourceId, member.language ?? 'de', [member.item], '2026-01-01T00:00:00.000Z');
  const id = result.updatedItemIds[0];
  if (id === undefined) throw new Error(`item ${member.item.key} already stored unchanged; use a new key`);
  return id;
}

export function memoryDb(): Db {
  return openDatabase(':memory:');
}

/** A small German news day: three stories, one reported by three sources, one hostile. */
export function newsDay(db: Db): { merged: string; single: string; hostile: string } {
  const merged = addStory(
    db,
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
  const single = addStory(
    db,
    [
      {
        sourceId: 'spiegel',
        item: feedItem({
          key: 'sp-2',
          url: 'https://www.spiegel.de/wissenschaft/klima-b-456.html',
          title: 'Klimawandel: Gletscher schmelzen schneller "als erwartet" & <b>nicht</b> fett',
          summary: 'Neue Daten zeigen: Die Alpen verlieren Eis. Preis: 5 € < 10 €.',
          published: '2026-11-26T05:00:00.000Z',
        }),
      },
    ],
    { now: '2026-11-26T05:30:00.000Z' },
  );
  const hostile = addStory(
    db,
    [
      {
        sourceId: 'zeit',
        item: feedItem({
          key: 'zeit-evil',
          url: 'https://www.zeit.de/digital/evil',
          title: 'Böse\u0001 Eingabe ]]> <script>alert(1)</script> &amp; mehr\uFFFE',
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
