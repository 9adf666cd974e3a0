// What a reader meets when two published stories merge: the absorbed story's entry leaves every
// document, and the first Atom page carries an RFC 6721 tombstone for it (whatever page the survivor
// sits on) for as long as the absorbed story could still have been in the output. Real store, real
// renderer, Atom checked against RFC 4287's RELAX NG schema, and the first page read over HTTP by the
// Universal Feed Parser. The JSON Feed's `_feedmerge.items[]` name each member's item key.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storyIdFor } from '../../src/dedup/story-id.js';
import { renderPublication, type Publication } from '../../src/publish/render-publication.js';
import type { Store } from '../../src/store/store.js';
import { Publisher } from '../../src/worker/publisher.js';
import { startFixtureServer } from '../support/fixture-server.js';
import { openStore } from '../../src/store/open-store.js';
import { debianTool } from './debian-tool.js';
import { atomProblems, jsonFeedProblems } from './feed-validation.js';
import { servePublication, type RunningServer } from './serve-publication.js';
import { addStory, feedItem, memoryStore, testConfig } from './story-db.js';
import { child, children, parseXml } from './xml-tree.js';

const run = promisify(execFile);
const feedparser = debianTool('/usr/bin/python3', 'python3-feedparser', ['-c', 'import feedparser']);

const NOW = new Date('2026-11-26T12:00:00.000Z');
const MERGED_AT = '2026-11-26T09:00:00.000Z';
const entryId = (storyId: string): string => `tag:news.example.org,2026:story:${storyId}`;

/** A story of one item, published at `published`. */
function oneItemStory(store: Store, sourceId: string, key: string, published: string, title = `Meldung ${key}`): Promise<string> {
  const item = feedItem({ key, url: `https://${sourceId}.example/${key}`, title, published });
  return addStory(store, [{ sourceId, item }], { now: published });
}

/**
 * `bridgeKey` (a zeit item) joins `survivor` and merges `absorbed` into it at `at`, written as the story
 * engine writes a merge: the merge, the bridging item's placement and its decision dated `at`.
 */
async function merge(store: Store, survivor: string, absorbed: string, bridgeKey: string, at: string): Promise<void> {
  const bridge = feedItem({ key: bridgeKey, url: `https://zeit.example/${bridgeKey}`, title: `Brücke ${bridgeKey}`, published: at });
  const [itemId] = (await store.transaction((s) => s.items.ingest('zeit', 'de', [bridge], at))).newItemIds;
  const story = (await store.stories.get(survivor))!;
  await store.placements.apply({
    merges: [{ absorbed, survivor }],
    placements: [{ itemId: itemId!, storyId: survivor, linkKey: null }],
    stories: [{ ...story, updated: at }],
    decisions: [
      {
        itemId: itemId!,
        storyId: survivor,
        rule: 'near-duplicate',
        score: 0.8,
        matchedItemId: story.representativeItemId,
        components: { mergedStories: absorbed },
        decidedAt: at,
      },
    ],
  });
}

function text(publication: Publication, format: 'rss' | 'atom' | 'json', page = 1): string {
  const doc = page === 1 ? publication.outputs.get('all')?.get(format) : publication.pages.get(`/feeds/all/page/${page}.${format}`);
  if (!doc) throw new Error(`no ${format} page ${page}`);
  return doc.body.toString('utf8');
}

const TOMBSTONES = 'http://purl.org/atompub/tombstones/1.0';

/** The tombstones of an Atom document: ref, when and comment of each at:deleted-entry (namespace checked). */
function tombstones(atom: string): { ref: string; when: string; comment: string }[] {
  const root = parseXml(atom);
  return children(root, 'at:deleted-entry').map((c) => {
    expect(root.attributes['xmlns:at']).toBe(TOMBSTONES);
    return { ref: c.attributes['ref']!, when: c.attributes['when']!, comment: child(c, 'at:comment').text };
  });
}

describe('a merge of two published stories', () => {
  let store: Store;
  let older: string;
  let newer: string;
  let publication: Publication;
  const config = testConfig();

  beforeAll(async () => {
    store = await memoryStore();
    older = await oneItemStory(store, 'tagesschau', 'ts-1', '2026-11-26T06:00:00.000Z');
    newer = await oneItemStory(store, 'spiegel', 'sp-1', '2026-11-26T07:00:00.000Z');
    await merge(store, older, newer, 'zeit-1', MERGED_AT);
    publication = await renderPublication(store, config, NOW);
  });

  it('publishes a valid Atom tombstone for the absorbed entry, naming the survivor', () => {
    const atom = text(publication, 'atom');
    expect(atomProblems(atom)).toBe('');
    expect(tombstones(atom)).toEqual([{ ref: entryId(newer), when: MERGED_AT, comment: `Merged into ${entryId(older)}` }]);
    expect(atom).not.toContain(`<id>${entryId(newer)}</id>`);
    expect(atom).toContain(`<id>${entryId(older)}</id>`);
    // The merge changed the document at its time: the feed's <updated> is not older than the tombstone.
    expect(atom).toContain(`<updated>${MERGED_AT}</updated>`);
  });

  it('keeps RSS and JSON Feed as they were (no tombstone standard there); the survivor lists the absorbed id', () => {
    expect(text(publication, 'rss')).not.toContain(entryId(newer));
    expect(text(publication, 'rss')).not.toContain('deleted-entry');
    const json = JSON.parse(text(publication, 'json')) as { items: { id: string; _feedmerge: { absorbed?: unknown } }[] };
    expect(json.items.map((i) => i.id)).toEqual([entryId(older)]);
    expect(json.items[0]!._feedmerge.absorbed).toEqual([{ story_id: newer, id: entryId(newer) }]);
  });

  it("names each member's item key in the JSON Feed, still valid JSON Feed 1.1", () => {
    const body = text(publication, 'json');
    expect(jsonFeedProblems(body)).toEqual([]);
    const json = JSON.parse(body) as { items: { _feedmerge: { items: { source: string; key: string }[] } }[] };
    // A digest of (source, stored key): the founder's is its story's id.
    expect(json.items[0]!._feedmerge.items.map((m) => [m.source, m.key])).toEqual([
      ['tagesschau', storyIdFor('tagesschau', 'ts-1')],
      ['spiegel', storyIdFor('spiegel', 'sp-1')],
      ['zeit', storyIdFor('zeit', 'zeit-1')],
    ]);
    expect(json.items[0]!._feedmerge.items[0]!.key).toBe(older);
  });

  describe('read over HTTP by the Universal Feed Parser', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await servePublication(config, store, () => publication);
    });
    afterAll(() => server.close());

    // feedparser 6 does not act on tombstones: it keeps the last unknown feed-level element as
    // `at_deleted-entry` (its attributes) and the comment as `at_comment`. It must still read the feed whole.
    it.skipIf(feedparser.skip)('parses the Atom feed without complaint and lists only the survivor', async () => {
      feedparser.require();
      const script = [
        'import feedparser, json, sys',
        'd = feedparser.parse(sys.argv[1])',
        'print(json.dumps(dict(bozo=bool(d.bozo), version=d.version, title=d.feed.get("title"), ids=[e.id for e in d.entries],',
        '  deleted=d.feed.get("at_deleted-entry"))))',
      ].join('\n');
      const { stdout } = await run('/usr/bin/python3', ['-c', script, `${server.origin}/feeds/all.atom`], { timeout: 20_000 });
      expect(JSON.parse(stdout)).toEqual({
        bozo: false,
        version: 'atom10',
        title: 'feedmerge: all stories',
        ids: [entryId(older)],
        deleted: { ref: entryId(newer), when: MERGED_AT },
      });
    });
  });
});

describe('tombstones with paging and age', () => {
  /** Store with the merged pair, then `later` one-item stories published after it (newest last). */
  async function mergedThenNewer(later: number): Promise<{ store: Store; older: string; newer: string }> {
    const store = await memoryStore();
    const older = await oneItemStory(store, 'tagesschau', 'ts-1', '2026-11-26T06:00:00.000Z');
    const newer = await oneItemStory(store, 'spiegel', 'sp-1', '2026-11-26T07:00:00.000Z');
    await merge(store, older, newer, 'zeit-1', MERGED_AT);
    for (let i = 0; i < later; i++) {
      await oneItemStory(store, 'tagesschau', `ts-later-${i}`, new Date(Date.parse('2026-11-26T09:30:00.000Z') + i * 60_000).toISOString());
    }
    return { store, older, newer };
  }

  it('puts the tombstone on the first page, which the survivor is not on, and on no older page', async () => {
    const { store, older, newer } = await mergedThenNewer(3);
    const config = testConfig({ outputs: [{ id: 'all', limit: 2 }] });
    const publication = await renderPublication(store, config, NOW);
    const first = text(publication, 'atom');
    expect(first).not.toContain(`<id>${entryId(older)}</id>`);
    expect(tombstones(first).map((t) => t.ref)).toEqual([entryId(newer)]);
    expect(atomProblems(first)).toBe('');
    const second = text(publication, 'atom', 2);
    expect(second).toContain(`<id>${entryId(older)}</id>`);
    expect(tombstones(second)).toEqual([]);
  });

  it('drops the tombstone once the pages are full of stories newer than the merge', async () => {
    const { store } = await mergedThenNewer(2);
    // One story a page, five pages: full with the two later stories plus three more.
    for (let i = 0; i < 3; i++) await oneItemStory(store, 'spiegel', `sp-later-${i}`, `2026-11-26T10:0${i}:00.000Z`);
    const publication = await renderPublication(store, testConfig({ outputs: [{ id: 'all', limit: 1 }] }), NOW);
    expect(tombstones(text(publication, 'atom'))).toEqual([]);
  });

  it('keeps it while the full pages still reach back to the merge', async () => {
    const { store, newer } = await mergedThenNewer(2);
    // Five stories, the oldest (the survivor, 06:00) before the merge: the absorbed one could still be there.
    const publication = await renderPublication(store, testConfig({ outputs: [{ id: 'all', limit: 1 }] }), NOW);
    expect(tombstones(text(publication, 'atom')).map((t) => t.ref)).toEqual([entryId(newer)]);
  });

  it('carries one page of tombstones, more only for merges of one time (a recluster), up to what the pages hold', async () => {
    const { store, newer } = await mergedThenNewer(0);
    const second = await oneItemStory(store, 'tagesschau', 'ts-2', '2026-11-26T08:00:00.000Z');
    const secondNewer = await oneItemStory(store, 'spiegel', 'sp-2', '2026-11-26T08:30:00.000Z');
    await merge(store, second, secondNewer, 'zeit-2', '2026-11-26T10:00:00.000Z');
    // Two merges of two times, pages of one story: one page's worth, the newest merge.
    const one = testConfig({ outputs: [{ id: 'all', limit: 1 }] });
    expect(tombstones(text(await renderPublication(store, one, NOW), 'atom')).map((t) => t.ref)).toEqual([entryId(secondNewer)]);
    const two = testConfig({ outputs: [{ id: 'all', limit: 2 }] });
    expect(tombstones(text(await renderPublication(store, two, NOW), 'atom')).map((t) => t.ref)).toEqual([
      entryId(secondNewer),
      entryId(newer),
    ]);
    // Six merges made at one time (as a recluster dates the ids it takes away): past the page's one, those of
    // the same time as the last shown, up to the five stories five pages of one hold.
    const sameTime: string[] = [];
    for (let i = 0; i < 6; i++) {
      const survivor = await oneItemStory(store, 'tagesschau', `ts-more-${i}`, `2026-11-26T05:0${i}:00.000Z`);
      const gone = await oneItemStory(store, 'spiegel', `sp-more-${i}`, `2026-11-26T08:1${i}:00.000Z`);
      await merge(store, survivor, gone, `zeit-more-${i}`, '2026-11-26T10:20:00.000Z');
      sameTime.unshift(gone);
    }
    const refs = tombstones(text(await renderPublication(store, one, NOW), 'atom')).map((t) => t.ref);
    expect(refs).toHaveLength(5);
    expect(new Set(refs).size).toBe(5);
    for (const ref of refs) expect(sameTime.map(entryId)).toContain(ref);
    // With pages of two (ten stories): all six of that time, and no older merge past the page's two.
    expect(
      tombstones(text(await renderPublication(store, two, NOW), 'atom'))
        .map((t) => t.ref)
        .sort(),
    ).toEqual(sameTime.map(entryId).sort());
    // The pages still reach back to the absorbed stories (the survivors on them): no clock ends a
    // tombstone (before, dedup.windowHours did, 72 h after each merge), so the document stays byte for byte.
    const at = (iso: string): Promise<Publication> => renderPublication(store, two, new Date(iso));
    const now = text(await at(NOW.toISOString()), 'atom');
    expect(text(await at('2026-11-29T09:30:00.000Z'), 'atom')).toBe(now);
    expect(text(await at('2026-12-26T10:30:00.000Z'), 'atom')).toBe(now);
  });

  it('drops it once the absorbed story is past maxAgeHours, and leaves outputs without its sources alone', async () => {
    // The absorbed story (07:00) within 4 h until 11:00: its survivor (06:00) is kept until then, and so is the tombstone.
    const { store, newer } = await mergedThenNewer(1);
    const config = testConfig({
      outputs: [
        { id: 'all', maxAgeHours: 2 },
        { id: 'recent', maxAgeHours: 4 },
        { id: 'local', sources: ['local'] },
      ],
    });
    const at = async (iso: string) => {
      const publication = await renderPublication(store, config, new Date(iso));
      return (id: string): string => publication.outputs.get(id)!.get('atom')!.body.toString('utf8');
    };
    const atomOf = await at('2026-11-26T10:30:00.000Z');
    expect(tombstones(atomOf('all'))).toEqual([]);
    expect(tombstones(atomOf('recent')).map((t) => t.ref)).toEqual([entryId(newer)]);
    expect(tombstones(atomOf('local'))).toEqual([]);
    expect(tombstones((await at(NOW.toISOString()))('recent'))).toEqual([]);
  });

  it('keeps the first page dated by the merge after its tombstone left', async () => {
    const store = await memoryStore();
    const older = await oneItemStory(store, 'tagesschau', 'ts-1', '2026-11-26T06:00:00.000Z');
    const newer = await oneItemStory(store, 'spiegel', 'sp-1', '2026-11-26T07:00:00.000Z');
    await oneItemStory(store, 'tagesschau', 'ts-2', '2026-11-26T08:00:00.000Z');
    await merge(store, older, newer, 'zeit-1', MERGED_AT);
    const config = testConfig({ outputs: [{ id: 'all', maxAgeHours: 4, limit: 1 }] });
    const at = async (iso: string): Promise<string> => text(await renderPublication(store, config, new Date(iso)), 'atom');
    // 10:30: the survivor kept on page 2 (the absorbed story within 4 h), the tombstone on page 1.
    const before = await at('2026-11-26T10:30:00.000Z');
    expect(tombstones(before).map((t) => t.ref)).toEqual([entryId(newer)]);
    expect(before).toContain(`<updated>${MERGED_AT}</updated>`);
    // 11:30: the absorbed story would be past the limit: survivor and tombstone gone, the 08:00 story left alone.
    // The merge still dates the page (without it, <updated> would go back to 08:00).
    const after = await at('2026-11-26T11:30:00.000Z');
    expect(tombstones(after)).toEqual([]);
    expect(after).toContain(`<updated>${MERGED_AT}</updated>`);
  });
});

it('gives no tombstone to a story id that is a story again (a re-placement undid the merge)', async () => {
  const store = await memoryStore();
  const older = await oneItemStory(store, 'tagesschau', 'ts-1', '2026-11-26T06:00:00.000Z');
  const newer = await oneItemStory(store, 'spiegel', 'sp-1', '2026-11-26T07:00:00.000Z');
  await merge(store, older, newer, 'zeit-1', MERGED_AT);
  const [item] = await store.items.ofStory(older).then((items) => items.filter((i) => i.sourceId === 'spiegel'));
  await store.placements.apply({
    merges: [],
    placements: [{ itemId: item!.id, storyId: newer, linkKey: null, moved: true }],
    stories: [
      {
        id: newer,
        representativeItemId: item!.id,
        title: item!.title,
        url: item!.url,
        published: item!.published!,
        updated: NOW.toISOString(),
      },
    ],
    decisions: [],
  });
  const publication = await renderPublication(store, testConfig(), NOW);
  expect(tombstones(text(publication, 'atom'))).toEqual([]);
  expect(storyIdFor('spiegel', 'sp-1')).toBe(newer);
});

describe('maxAgeHours and a merge with an older story', () => {
  // The merged story is dated by its older half: a story of 30 h ago absorbing one of an hour ago would
  // take both out of a 24-hour output. The survivor stays while a story it absorbed would have.
  it('keeps the survivor in the output while the story it absorbed is within maxAgeHours', async () => {
    const store = await memoryStore();
    const old = await oneItemStory(store, 'tagesschau', 'ts-old', '2026-11-25T06:00:00.000Z');
    const fresh = await oneItemStory(store, 'spiegel', 'sp-fresh', '2026-11-26T11:00:00.000Z');
    const config = testConfig({ outputs: [{ id: 'all', maxAgeHours: 24 }] });
    const before = await renderPublication(store, config, NOW);
    expect(before.storyIds).toEqual(new Set([fresh]));

    await merge(store, old, fresh, 'zeit-bridge', '2026-11-26T11:30:00.000Z');
    expect((await store.stories.get(old))!.published).toBe('2026-11-25T06:00:00.000Z');
    const after = await renderPublication(store, config, NOW);
    expect(after.storyIds).toEqual(new Set([old]));
    const atom = text(after, 'atom');
    expect(atom).toContain(`<id>${entryId(old)}</id>`);
    expect(tombstones(atom).map((t) => t.ref)).toEqual([entryId(fresh)]);
    const json = JSON.parse(text(after, 'json')) as { items: { id: string }[] };
    expect(json.items.map((i) => i.id)).toEqual([entryId(old)]);

    // Once the absorbed story itself is past the limit, the survivor goes as it would have.
    const later = await renderPublication(store, config, new Date('2026-11-27T11:30:00.000Z'));
    expect(later.storyIds).toEqual(new Set());
  });

  // The keep and the tombstone are about the absorbed story: an output that never carried it keeps
  // neither (before, the survivor's sources were checked, so a 24 h tagesschau output listed a 30 h
  // old tagesschau story again and announced the spiegel entry it never had as deleted).
  it('brings back no story and announces no entry for an output without the absorbed story’s sources', async () => {
    const store = await memoryStore();
    const old = await oneItemStory(store, 'tagesschau', 'ts-old', '2026-11-25T06:00:00.000Z');
    const fresh = await oneItemStory(store, 'spiegel', 'sp-fresh', '2026-11-26T11:00:00.000Z');
    const config = testConfig({
      outputs: [
        { id: 'ts', sources: ['tagesschau'], maxAgeHours: 24 },
        { id: 'ts-all', sources: ['tagesschau'] },
        { id: 'sp', sources: ['spiegel'], maxAgeHours: 24 },
      ],
    });
    await merge(store, old, fresh, 'zeit-bridge', '2026-11-26T11:30:00.000Z');
    const after = await renderPublication(store, config, NOW);
    const atomOf = (id: string): string => after.outputs.get(id)!.get('atom')!.body.toString('utf8');
    const idsOf = (id: string): string[] =>
      (JSON.parse(after.outputs.get(id)!.get('json')!.body.toString('utf8')) as { items: { id: string }[] }).items.map((i) => i.id);
    expect(idsOf('ts')).toEqual([]);
    expect(tombstones(atomOf('ts'))).toEqual([]);
    // Without an age limit the tagesschau output always listed the survivor, never the spiegel entry.
    expect(idsOf('ts-all')).toEqual([entryId(old)]);
    expect(tombstones(atomOf('ts-all'))).toEqual([]);
    // The spiegel output carried the absorbed entry: it keeps the survivor and announces the entry.
    expect(idsOf('sp')).toEqual([entryId(old)]);
    expect(tombstones(atomOf('sp')).map((t) => t.ref)).toEqual([entryId(fresh)]);
  });
});

// A feed's date and bytes move only with what it shows: before, a tombstone left dedup.windowHours (72 h)
// after its merge, the first page's <updated> went back to its newest entry, the ETag changed and the
// WebSub hub was pinged, though no story had moved. A real hub on loopback counts the pings.
it('publishes the same first page, ETag and date days later, and pings no hub', async () => {
  const store = await memoryStore();
  const older = await oneItemStory(store, 'tagesschau', 'ts-1', '2026-11-26T06:00:00.000Z');
  const newer = await oneItemStory(store, 'spiegel', 'sp-1', '2026-11-26T07:00:00.000Z');
  await oneItemStory(store, 'tagesschau', 'ts-2', '2026-11-26T07:30:00.000Z');
  await oneItemStory(store, 'tagesschau', 'ts-3', '2026-11-26T08:00:00.000Z');
  await merge(store, older, newer, 'zeit-1', MERGED_AT);
  const pings: string[] = [];
  const hub = await startFixtureServer({
    '/hub': (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        pings.push(new URLSearchParams(body).get('hub.url') ?? '');
        res.writeHead(204).end();
      });
    },
  });
  const publicDir = mkdtempSync(path.join(tmpdir(), 'feedmerge-tombstones-'));
  try {
    // One story a page: the first page holds the 08:00 story (dated 08:00), the survivor sits on page 3.
    const config = testConfig({ publicDir, websub: { hubs: [hub.url('/hub')] }, outputs: [{ id: 'all', limit: 1 }] });
    const publisher = new Publisher(config, store);
    expect(await publisher.notify(await publisher.publish(NOW))).toEqual([]);
    expect(pings).toEqual(['xml', 'atom', 'json'].map((ext) => `http://news.example.org/feeds/all.${ext}`));
    const first = publisher.current().outputs.get('all')!.get('atom')!;
    expect(tombstones(first.body.toString('utf8')).map((t) => t.ref)).toEqual([entryId(newer)]);
    expect(first.body.toString('utf8')).toContain(`<updated>${MERGED_AT}</updated>`);

    const daysLater = new Date('2026-11-29T12:00:00.000Z');
    const changed = await publisher.publish(daysLater);
    await publisher.notify(changed);
    expect(changed).toEqual([]);
    expect(pings).toHaveLength(3);
    const again = publisher.current().outputs.get('all')!.get('atom')!;
    expect(again.etag).toBe(first.etag);
    expect(again.lastModified).toBe(first.lastModified);
    expect(again.body.equals(first.body)).toBe(true);
  } finally {
    await hub.close();
    rmSync(publicDir, { recursive: true, force: true });
  }
});

// An output's words decide a tombstone as they decided the entry: the absorbed story's title and members as
// they were when merged (story_aliases.absorbed_title, absorbed_items). Before, every merge of the output's
// sources got one, and moved the feed's date.
describe("an output's words and merged-away stories", () => {
  async function twoMerges(store: Store): Promise<{ ukraine: string; rail: string }> {
    const s1 = await oneItemStory(store, 'tagesschau', 'ts-1', '2026-11-26T06:00:00.000Z', 'Gespräche in Genf');
    const ukraine = await oneItemStory(store, 'spiegel', 'sp-1', '2026-11-26T07:00:00.000Z', 'Waffenruhe für die Ukraine');
    const s2 = await oneItemStory(store, 'tagesschau', 'ts-2', '2026-11-26T06:30:00.000Z', 'Streik legt Verkehr lahm');
    const rail = await oneItemStory(store, 'spiegel', 'sp-2', '2026-11-26T07:30:00.000Z', 'Bahnstreik am Montag');
    await merge(store, s1, ukraine, 'zeit-1', MERGED_AT);
    await merge(store, s2, rail, 'zeit-2', '2026-11-26T10:00:00.000Z');
    return { ukraine, rail };
  }
  const config = testConfig({
    outputs: [{ id: 'all' }, { id: 'ukraine', include: ['Ukraine'] }, { id: 'no-rail', exclude: ['Bahnstreik'] }],
  });

  it('announces only the entries the output showed, dated by those merges only', async () => {
    const store = await memoryStore();
    const { ukraine, rail } = await twoMerges(store);
    const publication = await renderPublication(store, config, NOW);
    const atomOf = (id: string): string => publication.outputs.get(id)!.get('atom')!.body.toString('utf8');
    expect(tombstones(atomOf('all')).map((t) => t.ref)).toEqual([entryId(rail), entryId(ukraine)]);
    expect(tombstones(atomOf('ukraine')).map((t) => t.ref)).toEqual([entryId(ukraine)]);
    expect(tombstones(atomOf('no-rail')).map((t) => t.ref)).toEqual([entryId(ukraine)]);
    // The survivor (Geneva talks, now holding the Ukraine report) is the ukraine output's one entry, dated by its merge.
    expect(atomOf('ukraine')).toContain(`<updated>${MERGED_AT}</updated>`);
    expect(atomOf('all')).toContain('<updated>2026-11-26T10:00:00.000Z</updated>');
  });

  it('keeps no survivor in a maxAgeHours output whose words the absorbed story did not pass', async () => {
    const store = await memoryStore();
    const old = await oneItemStory(store, 'tagesschau', 'ts-old', '2026-11-25T06:00:00.000Z', 'Ukraine: Gespräche in Genf');
    const fresh = await oneItemStory(store, 'spiegel', 'sp-fresh', '2026-11-26T11:00:00.000Z', 'Bahnstreik am Montag');
    await merge(store, old, fresh, 'zeit-bridge', '2026-11-26T11:30:00.000Z');
    const day = testConfig({
      outputs: [
        { id: 'ukraine', include: ['Ukraine'], maxAgeHours: 24 },
        { id: 'rail', include: ['Bahnstreik'], maxAgeHours: 24 },
      ],
    });
    const publication = await renderPublication(store, day, NOW);
    const idsOf = (id: string): string[] =>
      (JSON.parse(publication.outputs.get(id)!.get('json')!.body.toString('utf8')) as { items: { id: string }[] }).items.map((i) => i.id);
    // The ukraine output never listed the rail strike (and the Geneva talks had aged out of it): nothing comes back.
    expect(idsOf('ukraine')).toEqual([]);
    expect(idsOf('rail')).toEqual([entryId(old)]);
    expect(tombstones(publication.outputs.get('rail')!.get('atom')!.body.toString('utf8')).map((t) => t.ref)).toEqual([entryId(fresh)]);
  });

  // The output listed B; B merged into an older A whose words it excludes, so the survivor is hidden. A reader
  // still holds B: before, its tombstone needed B no older than the oldest story listed, so with only newer
  // stories left (C), or none, it was never shown (main, by the clock, showed it).
  it.each([
    ['a newer story left', true],
    ['no story left', false],
  ])('announces a merged entry whose survivor the words hide, with %s', async (_, withNewer) => {
    const store = await memoryStore();
    const a = await oneItemStory(store, 'tagesschau', 'ts-a', '2026-11-26T05:00:00.000Z', 'Bahnstreik am Montag');
    const b = await oneItemStory(store, 'spiegel', 'sp-b', '2026-11-26T07:00:00.000Z', 'Pendler suchen Wege');
    const c = withNewer ? await oneItemStory(store, 'spiegel', 'sp-c', '2026-11-26T08:00:00.000Z', 'Wetter am Wochenende') : null;
    await merge(store, a, b, 'zeit-1', MERGED_AT);
    const outputs = testConfig({
      outputs: [
        { id: 'no-rail', exclude: ['Bahnstreik'] },
        { id: 'no-rail-day', exclude: ['Bahnstreik'], maxAgeHours: 24 },
      ],
    });
    const at = async (iso: string) => {
      // Empty outputs dated as a publisher dates them: when it first rendered (NOW).
      const publication = await renderPublication(store, outputs, new Date(iso), NOW);
      return (id: string) => ({
        ids: (JSON.parse(publication.outputs.get(id)!.get('json')!.body.toString('utf8')) as { items: { id: string }[] }).items.map(
          (i) => i.id,
        ),
        atom: publication.outputs.get(id)!.get('atom')!.body.toString('utf8'),
      });
    };
    const noon = await at(NOW.toISOString());
    for (const id of ['no-rail', 'no-rail-day']) {
      expect(noon(id).ids).toEqual(c ? [entryId(c)] : []);
      expect(tombstones(noon(id).atom)).toEqual([{ ref: entryId(b), when: MERGED_AT, comment: `Merged into ${entryId(a)}` }]);
      expect(atomProblems(noon(id).atom)).toBe('');
    }
    // Days later: the output without an age limit has the same document; the 24 h one lets B go once it would
    // have aged out (its survivor, hidden by the words, is not kept either).
    const later = await at('2026-11-29T12:00:00.000Z');
    expect(later('no-rail').atom).toBe(noon('no-rail').atom);
    expect(later('no-rail-day').ids).toEqual([]);
    expect(tombstones(later('no-rail-day').atom)).toEqual([]);
  });

  // The maxAgeHours keep has the same case: a survivor from before the limit absorbs a story the output listed,
  // but the output's words hide the survivor, so it is not kept; the tombstone stays while B is within the limit.
  it('announces the entry in a maxAgeHours output whose words hide the survivor it would keep', async () => {
    const store = await memoryStore();
    const old = await oneItemStory(store, 'tagesschau', 'ts-old', '2026-11-25T06:00:00.000Z', 'Bahnstreik am Montag');
    const fresh = await oneItemStory(store, 'spiegel', 'sp-fresh', '2026-11-26T11:00:00.000Z', 'Pendler suchen Wege');
    await merge(store, old, fresh, 'zeit-bridge', '2026-11-26T11:30:00.000Z');
    const day = testConfig({ outputs: [{ id: 'no-rail', exclude: ['Bahnstreik'], maxAgeHours: 24 }] });
    const at = async (iso: string): Promise<Publication> => renderPublication(store, day, new Date(iso), NOW);
    const noon = await at(NOW.toISOString());
    expect(noon.storyIds).toEqual(new Set());
    const atom = noon.outputs.get('no-rail')!.get('atom')!.body.toString('utf8');
    expect(tombstones(atom).map((t) => t.ref)).toEqual([entryId(fresh)]);
    const later = await at('2026-11-27T11:30:00.000Z');
    expect(tombstones(later.outputs.get('no-rail')!.get('atom')!.body.toString('utf8'))).toEqual([]);
  });

  // Such a merge may name an entry a topic output never showed: it counts only beside the stories listed,
  // never for pages that are not full, or a quiet topic output would carry a page of them for as long as
  // they are stored.
  it('shows a merge stored before titles and members were kept, on a topic output, only beside its stories', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-tombstones-'));
    try {
      const file = path.join(folder, 'feedmerge.db');
      const store = await openStore(file);
      const { ukraine } = await twoMerges(store);
      const olderSurvivor = await oneItemStory(store, 'tagesschau', 'ts-old', '2026-11-20T06:00:00.000Z', 'Haushalt beschlossen');
      const older = await oneItemStory(store, 'spiegel', 'sp-old', '2026-11-20T07:00:00.000Z', 'Bundestag stimmt Haushalt zu');
      await merge(store, olderSurvivor, older, 'zeit-old', '2026-11-20T08:00:00.000Z');
      await store.close();
      const raw = new Database(file);
      raw.prepare('UPDATE story_aliases SET absorbed_title = NULL, absorbed_items = NULL WHERE alias = ?').run(older);
      raw.close();
      const reopened = await openStore(file);
      const publication = await renderPublication(reopened, config, NOW);
      await reopened.close();
      const atomOf = (id: string): string => publication.outputs.get(id)!.get('atom')!.body.toString('utf8');
      // The topic output lists the Geneva talks (06:00 on the 26th): the older merge's story sat on no page beside it.
      expect(tombstones(atomOf('ukraine')).map((t) => t.ref)).toEqual([entryId(ukraine)]);
      // An output without words listed it: its pages are not full, so it is announced there.
      expect(tombstones(atomOf('all')).map((t) => t.ref)).toContain(entryId(older));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('lists a merge stored before titles and members were kept by its sources alone, as before', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-tombstones-'));
    try {
      const file = path.join(folder, 'feedmerge.db');
      const store = await openStore(file);
      const { ukraine, rail } = await twoMerges(store);
      await store.close();
      // What migration 14 leaves on an alias made before it.
      const raw = new Database(file);
      raw.prepare('UPDATE story_aliases SET absorbed_title = NULL, absorbed_items = NULL WHERE alias = ?').run(rail);
      raw.close();
      const reopened = await openStore(file);
      const publication = await renderPublication(reopened, config, NOW);
      await reopened.close();
      const atom = publication.outputs.get('ukraine')!.get('atom')!.body.toString('utf8');
      expect(tombstones(atom).map((t) => t.ref)).toEqual([entryId(rail), entryId(ukraine)]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
