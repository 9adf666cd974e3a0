// What a reader of the Atom feed is told after `feedmerge recluster`: a story id it may hold that no story has any
// more gets an RFC 6721 tombstone naming the story that holds its items now, dated by the recluster (its entry leaves
// the outputs at the next publish); a merge known before the recluster keeps its own date; an id that is a story
// again after the replay never gets one; a maxAgeHours output keeps the survivor as it keeps one of a live merge; every
// id gone is announced though they outnumber one page (`limit`); each is stored with the title and members it was
// listed with, so an output's words apply to it; and the merges the replay makes of stories it founded itself (no reader
// saw them) are stored with the absorbed story's published time, sources, title and members but no date: never announced.
// Three reports of one warning strike (older-id-survives.test.ts): the wire's and the broadcaster's do not match
// alone, the tabloid's matches both and merges the broadcaster's story into the wire's. Real stores (SQLite and
// PostgreSQL), the real placer and recluster (what the CLI runs), the real renderer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { recluster, type ReclusterReport } from '../../src/dedup/recluster.js';
import { storyIdFor } from '../../src/dedup/story-id.js';
import type { FeedItem } from '../../src/model.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import type { Store, StoryAlias } from '../../src/store/store.js';
import { broadcasterHamburg, tabloidHamburg, wireHamburg } from '../fixtures/dedup/lone-story-rejoins.js';
import { testConfig } from '../publish/story-db.js';
import { child, children, parseXml } from '../publish/xml-tree.js';
import { openStore } from '../../src/store/open-store.js';
import { runCli, writeConfig } from '../store/cli-process.js';
import { describeEachBackend } from '../support/backends.js';
import { harness, source, type Harness } from './dedup-harness.js';

const reports: Record<string, [string, FeedItem]> = {
  wire: ['agentur', { ...wireHamburg, published: '2025-11-18T12:30:00Z' }],
  broadcaster: ['rundfunk', { ...broadcasterHamburg, published: '2025-11-18T12:32:00Z' }],
  tabloid: ['zeitung', { ...tabloidHamburg, published: '2025-11-18T12:30:00Z' }],
};
const storyOf = (name: string): string => storyIdFor(reports[name]![0], reports[name]![1].key);
const entryId = (storyId: string): string => `tag:news.example.org,2026:story:${storyId}`;
const SOURCES = ['agentur', 'rundfunk', 'zeitung'];
// No near-duplicate scores this high: every report its own story.
const STRICT = { threshold: 0.999, windowHours: 72 };

/** Each report in its own poll, a minute apart from 12:45, placed (or only stored, to leave them to the replay). */
async function polled(database: string, options: { strict?: boolean; place?: boolean } = {}): Promise<Harness> {
  const h = await harness(
    SOURCES.map((id) => source(id)),
    options.strict ? STRICT : undefined,
    database,
  );
  for (const [k, name] of ['wire', 'broadcaster', 'tabloid'].entries()) {
    const [sourceId, item] = reports[name]!;
    const now = new Date(Date.parse('2025-11-18T12:45:00Z') + k * 60_000).toISOString();
    if (options.place === false) await h.store.transaction((s) => s.items.ingest(sourceId, 'de', [item], now));
    else await h.poll(sourceId, [item], now);
  }
  return h;
}

type Outputs = { id: string; maxAgeHours?: number; limit?: number; include?: string[] }[];

function config(outputs: Outputs = [{ id: 'all' }]) {
  return testConfig({
    sources: SOURCES.map((id) => ({ id, url: `https://${id}.example/feed.xml`, language: 'de' })),
    server: { baseUrl: 'http://news.example.org' },
    outputs,
  });
}

/** The Atom document's entries and tombstones (ref, when, the survivor the comment names) for `output` at `now`. */
async function atom(store: Store, now: string, outputs?: Outputs, output = 'all') {
  const publication = await renderPublication(store, config(outputs), new Date(now));
  const root = parseXml(publication.outputs.get(output)!.get('atom')!.body.toString('utf8'));
  return {
    entries: children(root, 'entry').map((e) => child(e, 'id').text),
    tombstones: children(root, 'at:deleted-entry').map((d) => ({
      ref: d.attributes['ref']!,
      when: d.attributes['when']!,
      into: child(d, 'at:comment').text.replace('Merged into ', ''),
    })),
  };
}

const run = (h: Harness, at: string, options: { strict?: boolean; dryRun?: boolean } = {}): Promise<ReclusterReport> =>
  recluster(h.store, options.strict ? { ...h.settings, ...STRICT } : { ...h.settings, threshold: 0.5 }, at, {
    dryRun: options.dryRun ?? false,
  });

/** Every stored item's id. */
const itemIds = async (store: Store): Promise<number[]> => [...(await store.placements.itemStories()).keys()];

const byId = (aliases: StoryAlias[]) => new Map(aliases.map((a) => [a.storyId, a]));

describeEachBackend('tombstones after a recluster', (backend) => {
  it('keeps a live merge with its own date; an id a story again gets none; ids gone get one dated by the recluster', async () => {
    const h = await polled(await backend.database());
    try {
      // Live: the tabloid's report merges the broadcaster's story into the wire's, at its placement (12:47).
      const live = await atom(h.store, '2025-11-18T14:00:00Z');
      expect(live.entries).toEqual([entryId(storyOf('wire'))]);
      expect(live.tombstones).toEqual([
        { ref: entryId(storyOf('broadcaster')), when: '2025-11-18T12:47:00.000Z', into: entryId(storyOf('wire')) },
      ]);

      // The same settings again: the replay makes the same merge; the alias keeps the date readers were given.
      const same = await run(h, '2025-11-18T13:00:00Z');
      expect(same.idsAbsorbed).toBe(0);
      expect((await atom(h.store, '2025-11-18T14:00:00Z')).tombstones).toEqual(live.tombstones);
      expect(byId(await h.store.stories.aliases()).get(storyOf('broadcaster'))).toMatchObject({
        absorbedAt: '2025-11-18T12:47:00.000Z',
        published: '2025-11-18T12:32:00Z',
        sources: ['rundfunk'],
      });

      // Stricter: every report its own story. The broadcaster's id is a story again: no tombstone for it.
      const strict = await run(h, '2025-11-18T13:10:00Z', { strict: true });
      expect(strict.storiesAfter).toBe(3);
      expect(strict.idsAbsorbed).toBe(0);
      const split = await atom(h.store, '2025-11-18T14:00:00Z');
      expect(new Set(split.entries)).toEqual(new Set(['wire', 'broadcaster', 'tabloid'].map((n) => entryId(storyOf(n)))));
      expect(split.tombstones).toEqual([]);
      expect(await h.store.stories.aliases()).toEqual([]);

      // Back to the default: the broadcaster's and the tabloid's stories, listed until now, go into the wire's.
      const dry = await run(h, '2025-11-18T13:20:00Z', { dryRun: true });
      expect(dry.idsAbsorbed).toBe(2);
      expect(await h.store.stories.aliases()).toEqual([]);
      await run(h, '2025-11-18T13:20:00Z');
      const merged = await atom(h.store, '2025-11-18T14:00:00Z');
      expect(merged.entries).toEqual([entryId(storyOf('wire'))]);
      expect(merged.tombstones).toEqual(
        ['tabloid', 'broadcaster']
          .map((n) => ({ ref: entryId(storyOf(n)), when: '2025-11-18T13:20:00.000Z', into: entryId(storyOf('wire')) }))
          .sort((a, b) => (a.ref < b.ref ? 1 : -1)),
      );
      // No tombstone names a live entry.
      expect(merged.tombstones.map((t) => t.ref)).not.toContain(entryId(storyOf('wire')));
      const tabloidItem = (await h.store.items.byIds(await itemIds(h.store))).find((i) => i.sourceId === 'zeitung')!;
      expect(byId(await h.store.stories.aliases()).get(storyOf('tabloid'))).toMatchObject({
        survivorId: storyOf('wire'),
        published: '2025-11-18T12:30:00Z',
        sources: ['zeitung'],
        title: tabloidItem.title,
        memberIds: [tabloidItem.id],
      });
      // A recluster that changes nothing keeps those dates.
      await run(h, '2025-11-18T13:30:00Z');
      expect((await atom(h.store, '2025-11-18T14:00:00Z')).tombstones).toEqual(merged.tombstones);
    } finally {
      await h.store.close();
    }
  });

  it('keeps the survivor in a maxAgeHours output while the story it absorbed in the replay would have been there', async () => {
    const h = await polled(await backend.database(), { strict: true });
    try {
      // An hour's output at 13:31 lists what was published from 12:31: the broadcaster's story (12:32), not the wire's (12:30).
      const outputs = [{ id: 'hour', maxAgeHours: 1 }];
      const before = await atom(h.store, '2025-11-18T13:31:00Z', outputs, 'hour');
      expect(before.entries).toEqual([entryId(storyOf('broadcaster'))]);
      await run(h, '2025-11-18T13:00:00Z');
      const after = await atom(h.store, '2025-11-18T13:31:00Z', outputs, 'hour');
      // The wire's story (dated 12:30, older than the hour) holds the broadcaster's report now and stays listed.
      expect(after.entries).toEqual([entryId(storyOf('wire'))]);
      expect(after.tombstones.map((t) => t.ref)).toContain(entryId(storyOf('broadcaster')));
      // Once the broadcaster's story would have left the hour, the survivor goes too.
      expect((await atom(h.store, '2025-11-18T13:33:00Z', outputs, 'hour')).entries).toEqual([]);
    } finally {
      await h.store.close();
    }
  });

  it('through the CLI: `recluster --dry-run` counts the ids that would go and writes nothing; `recluster` tombstones them', async () => {
    const database = await backend.database();
    await (await polled(database, { strict: true })).store.close();
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-recluster-'));
    try {
      const configFile = writeConfig(dir, {
        database,
        publicDir: path.join(dir, 'public'),
        sources: SOURCES.map((id) => ({ id, url: `https://${id}.example/feed.xml`, language: 'de' })),
      });
      const dry = await runCli('recluster', '--dry-run', '--config', configFile);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/^dry run \(nothing written\): 3 items, stories 3 → 1$/m);
      expect(dry.stdout).toContain('story ids gone: 2');
      let store = await openStore(database);
      expect(await store.stories.count()).toBe(3);
      expect(await store.stories.aliases()).toEqual([]);
      await store.close();

      const started = new Date().toISOString();
      const applied = await runCli('recluster', '--config', configFile);
      expect(applied.code).toBe(0);
      expect(applied.stdout).toContain('story ids gone: 2');
      store = await openStore(database);
      const { entries, tombstones } = await atom(store, new Date(Date.now() + 60_000).toISOString());
      await store.close();
      expect(entries).toEqual([entryId(storyOf('wire'))]);
      expect(tombstones.map((t) => t.ref).sort()).toEqual([entryId(storyOf('broadcaster')), entryId(storyOf('tabloid'))].sort());
      for (const t of tombstones) {
        expect(t.into).toBe(entryId(storyOf('wire')));
        // Dated by the recluster (the CLI's clock), not by when the reports were placed in 2025.
        expect(t.when >= started).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fills in the published time and sources a recluster of an earlier version left out, keeping its date', async () => {
    const h = await polled(await backend.database());
    try {
      // What an earlier version's recluster stored for the merge it made: its own time, no published time, no sources.
      const earlier = { storyId: storyOf('broadcaster'), survivorId: storyOf('wire'), absorbedAt: '2025-11-18T13:00:00.000Z' };
      await h.store.placements.saveAliases([{ ...earlier, published: null, sources: [], title: null, memberIds: null }]);
      expect((await atom(h.store, '2025-11-18T14:00:00Z')).tombstones).toEqual([]);
      await run(h, '2025-11-18T13:30:00Z');
      const broadcasterItem = (await h.store.items.byIds(await itemIds(h.store))).find((i) => i.sourceId === 'rundfunk')!;
      expect(await h.store.stories.aliases()).toEqual([
        {
          ...earlier,
          published: '2025-11-18T12:32:00Z',
          sources: ['rundfunk'],
          title: broadcasterItem.title,
          memberIds: [broadcasterItem.id],
        },
      ]);
      expect((await atom(h.store, '2025-11-18T14:00:00Z')).tombstones.map((t) => t.when)).toEqual([earlier.absorbedAt]);
    } finally {
      await h.store.close();
    }
  });

  it('announces every id a recluster takes away though they outnumber one page, and applies the output’s words to them', async () => {
    const h = await polled(await backend.database(), { strict: true });
    try {
      expect((await run(h, '2025-11-18T13:00:00Z')).idsAbsorbed).toBe(2);
      // One story a page: both ids (all dated by the recluster) are announced, not one page's worth.
      const onePage = await atom(h.store, '2025-11-18T14:00:00Z', [{ id: 'all', limit: 1 }]);
      expect(onePage.entries).toEqual([entryId(storyOf('wire'))]);
      expect(onePage.tombstones.map((t) => t.ref).sort()).toEqual(['broadcaster', 'tabloid'].map((n) => entryId(storyOf(n))).sort());
      // An output with a word only the tabloid's report has (its title) listed the tabloid's story and not the
      // broadcaster's: only the tabloid's id is announced there (the survivor, holding that report now, is listed).
      const worded = await atom(h.store, '2025-11-18T14:00:00Z', [{ id: 'all', include: ['Urlauber'] }]);
      expect(worded.entries).toEqual([entryId(storyOf('wire'))]);
      expect(worded.tombstones.map((t) => t.ref)).toEqual([entryId(storyOf('tabloid'))]);
    } finally {
      await h.store.close();
    }
  });

  it('stores the merges the replay makes of stories it founded itself undated: no reader saw them, none is announced', async () => {
    // Stored, never placed: no output listed any of them; the replay founds and merges the stories itself.
    const h = await polled(await backend.database(), { place: false });
    try {
      const report = await run(h, '2025-11-18T13:00:00Z');
      expect(report.idsAbsorbed).toBe(0);
      const broadcasterItem = (await h.store.items.byIds(await itemIds(h.store))).find((i) => i.sourceId === 'rundfunk')!;
      const stored = {
        storyId: storyOf('broadcaster'),
        survivorId: storyOf('wire'),
        absorbedAt: null,
        published: '2025-11-18T12:32:00Z',
        sources: ['rundfunk'],
        title: broadcasterItem.title,
        memberIds: [broadcasterItem.id],
      };
      expect(await h.store.stories.aliases()).toEqual([stored]);
      // Within the span (the survivor, older, is listed), yet no tombstone, nor a date on the feed from it.
      const published = await atom(h.store, '2025-11-18T14:00:00Z');
      expect(published.entries).toEqual([entryId(storyOf('wire'))]);
      expect(published.tombstones).toEqual([]);
      // A later recluster keeps it undated (it is no id a reader holds), and still announces none.
      await run(h, '2025-11-18T13:30:00Z');
      expect(await h.store.stories.aliases()).toEqual([stored]);
      expect((await atom(h.store, '2025-11-18T14:00:00Z')).tombstones).toEqual([]);
    } finally {
      await h.store.close();
    }
  });
});

it('without a recluster the strict placement lists every report on its own (what the suite above starts from)', async () => {
  const h = await polled(':memory:', { strict: true });
  expect((await h.store.stories.list({ limit: 10 })).map((s) => s.id).sort()).toEqual(
    ['wire', 'broadcaster', 'tabloid'].map(storyOf).sort(),
  );
  await h.store.close();
});
