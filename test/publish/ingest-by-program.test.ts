// A news site that ingests feedmerge by program, end to end: fixture feeds served on 127.0.0.1 change
// over several cycles, `poll --once` (a new process each time, as under cron) stores and places them,
// `serve` (started anew for each round, so every round is also a restart) publishes, and the site's
// mirror (test/support/story-mirror.ts: plain fetch, conditional GET, `next_url`, `absorbed`, Atom
// tombstones) must agree after each round with `feedmerge stories --output <id> --json`: every story
// once under its entry id with all its members, every absorbed id resolving to a live story, no story
// lost, 304 when nothing changed and 200 when something did. Outputs: all sources, one with
// `maxAgeHours`, one with include words. `poll --once` and `recluster` run as processes (the cron
// claim); the stories are listed in-process, by the function `feedmerge stories --json` runs.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { printStories } from '../../src/cli/print.js';
import { storyIdFor } from '../../src/dedup/story-id.js';
import { createLog } from '../../src/log.js';
import type { FeedItem } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import { startService } from '../../src/worker/service.js';
import { eventRss } from '../support/event-feeds.js';
import { feedItem } from '../support/feed-item.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { StoryMirror, type SyncResult } from '../support/story-mirror.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const BASE = 'http://news.example.org';
const entryId = (storyId: string): string => `tag:news.example.org,2026:story:${storyId}`;
const OUTPUTS = ['all', 'recent', 'flood'] as const;
type OutputId = (typeof OUTPUTS)[number];

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

interface StoryJson {
  id: string;
  title: string;
  updated: string;
  items: { source: string; guid: string | null; title: string }[];
}

/** What `feedmerge stories --json [--output <id>]` prints, for every output and for all stored stories, from one store. */
async function listStories(configFile: string): Promise<{ byOutput: Map<string, StoryJson[]>; stored: StoryJson[] }> {
  const config = loadConfig(configFile);
  const store = await openStore(config.database, { mustExist: true });
  const list = async (output?: (typeof config.outputs)[number]): Promise<StoryJson[]> => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await printStories(store, output, { json: true }, out);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as StoryJson[];
  };
  try {
    const byOutput = new Map<string, StoryJson[]>();
    for (const output of config.outputs) byOutput.set(output.id, await list(output));
    return { byOutput, stored: await list() };
  } finally {
    await store.close();
  }
}

const MINUTE = 60_000;
// Dated within the hour before the real clock (`poll --once` reads it), except the old story.
const T = Date.now() - 30 * MINUTE;
const at = (minutes: number): string => new Date(T + minutes * MINUTE).toISOString();

const FLOOD = 'Hochwasser in Passau: Pegel der Donau steigt auf zwölf Meter';
const FLOOD_LEAD = 'Die Stadt Passau ruft den Katastrophenfall aus, die Altstadt wird geräumt, teilte das Landratsamt mit.';
const STRIKE = 'Bahnstreik: GDL legt den Fernverkehr bis Freitag lahm';
const STRIKE_LEAD = 'Die Lokführergewerkschaft ruft ihre Mitglieder ab Mittwochmorgen zum Ausstand auf, die Bahn plant einen Notfahrplan.';
const SCHOOL = 'Landtag beschließt neues Schulgesetz nach langer Debatte';
const SCHOOL_LEAD = 'Das Gesetz sieht kleinere Klassen und mehr Lehrerstellen an Grundschulen vor, die Opposition stimmte dagegen.';

const FIRE = 'Großbrand im Hamburger Hafen: Lagerhalle brennt nieder';
const FIRE_LEAD = 'Die Feuerwehr ist mit mehr als hundert Einsatzkräften vor Ort, eine Rauchwolke zieht über die Elbe.';
const FIRE_2 = 'Feuer im Hamburger Hafen zerstört Lagerhalle';
const FIRE_2_LEAD = 'Mehr als hundert Feuerwehrleute kämpfen gegen die Flammen, Anwohner sollen Fenster geschlossen halten.';

const copy = (outlet: string, key: string, title: string, summary: string, published: string): FeedItem =>
  feedItem({ key, url: `https://${outlet}.example/${key}`, title, summary, published });

describe('a site that ingests the merged feed by program', () => {
  let server: FixtureServer;
  let dir: string;
  let configFile: string;
  const feeds = new Map<string, FeedItem[]>();
  const mirrors = new Map<OutputId, StoryMirror>(OUTPUTS.map((id) => [id, new StoryMirror('http://127.0.0.1', id)]));
  let sources = ['wire', 'zeitung'];
  // Apart at first, so that a recluster at the default threshold can merge the two fire stories.
  let threshold = 0.95;

  const writeConfig = (): void => {
    writeFileSync(
      configFile,
      JSON.stringify({
        database: path.join(dir, 'feedmerge.db'),
        publicDir: path.join(dir, 'public'),
        server: { host: '127.0.0.1', port: 0, baseUrl: BASE },
        fetch: { allowPrivateNetworks: true },
        dedup: { threshold },
        sources: sources.map((id) => ({ id, url: server.url(`/${id}.rss`) })),
        outputs: [
          { id: 'all', limit: 2 },
          { id: 'recent', maxAgeHours: 2 },
          { id: 'flood', include: ['Hochwasser'] },
        ],
      }),
    );
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-ingest-'));
    configFile = path.join(dir, 'config.json');
    // Each feed answers 304 to its own ETag, a digest of what it serves now.
    server = await startFixtureServer();
    for (const id of ['wire', 'zeitung', 'radio'])
      server.route(`/${id}.rss`, (req, res) => {
        const body = eventRss(id, feeds.get(id) ?? []);
        const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
      });
  });
  afterAll(() => server.close());

  /** One round: poll every source once (a new process), then serve anew and let each mirror sync. */
  async function round(): Promise<Map<OutputId, SyncResult>> {
    writeConfig();
    await feedmerge('poll', '--once', '--all', '--config', configFile);
    return syncAll();
  }

  async function syncAll(): Promise<Map<OutputId, SyncResult>> {
    const service = await startService(loadConfig(configFile), createLog(new PassThrough()), { poll: false, workers: 0 });
    const results = new Map<OutputId, SyncResult>();
    try {
      for (const id of OUTPUTS) {
        const mirror = mirrors.get(id)!;
        mirror.origin = service.url;
        results.set(id, await mirror.sync());
      }
    } finally {
      await service.stop();
    }
    const { byOutput, stored } = await listStories(configFile);
    for (const id of OUTPUTS) expectAgreement(id, byOutput.get(id)!, stored);
    return results;
  }

  /** The mirror holds each of the output's stories once, under its entry id, with all its members; nothing dangles. */
  function expectAgreement(output: OutputId, expected: StoryJson[], stored: StoryJson[]): void {
    const mirror = mirrors.get(output)!;
    const expectedIds = new Set(expected.map((s) => entryId(s.id)));
    for (const story of expected) {
      const held = mirror.stories.get(entryId(story.id));
      expect(held, `${output}: story ${story.id} "${story.title}" is in the mirror`).toBeDefined();
      expect(held!.title).toBe(story.title);
      const members = (list: { key: string; title: string | null }[]) => list.map((m) => `${m.key} ${m.title}`).sort();
      expect(members(held!.members)).toEqual(members(story.items.map((i) => ({ key: storyIdFor(i.source, i.guid!), title: i.title }))));
    }
    // What the mirror holds beyond the output's stories left the output without a tombstone: it must
    // still be a stored story (it aged out of `maxAgeHours`, or its words no longer match), never a dead id.
    const everyStory = new Set(stored.map((s) => entryId(s.id)));
    for (const id of mirror.stories.keys())
      if (!expectedIds.has(id)) expect(everyStory.has(id), `${output}: ${id} is a stored story`).toBe(true);
    for (const absorbed of mirror.mergedInto.keys()) {
      expect(mirror.stories.has(absorbed), `${output}: ${absorbed} was folded`).toBe(false);
      expect(everyStory.has(mirror.resolveId(absorbed)), `${output}: ${absorbed} resolves to a live story`).toBe(true);
    }
  }

  const statuses = (results: Map<OutputId, SyncResult>): Record<string, number> =>
    Object.fromEntries([...results].map(([id, r]) => [id, r.json]));

  it('follows merges, late copies, edits, a recluster and restarts', async () => {
    // Round 1: two stories from the wire, an older one from the paper (outside `recent`'s 2 hours).
    // Two reports of one fire, worded apart (two stories at the threshold of 0.95).
    feeds.set('wire', [
      copy('wire', 'flood', FLOOD, FLOOD_LEAD, at(0)),
      copy('wire', 'strike', STRIKE, STRIKE_LEAD, at(5)),
      copy('wire', 'fire', FIRE, FIRE_LEAD, at(10)),
    ]);
    feeds.set('zeitung', [
      copy('zeitung', 'school', SCHOOL, SCHOOL_LEAD, new Date(T - 5 * 60 * MINUTE).toISOString()),
      copy('zeitung', 'fire', FIRE_2, FIRE_2_LEAD, at(14)),
    ]);
    let results = await round();
    expect(statuses(results)).toEqual({ all: 200, recent: 200, flood: 200 });
    expect(mirrors.get('all')!.stories.size).toBe(5);
    expect(mirrors.get('recent')!.stories.size).toBe(4);
    expect(mirrors.get('flood')!.stories.size).toBe(1);
    const floodId = entryId(storyIdFor('wire', 'flood'));
    const strikeId = entryId(storyIdFor('wire', 'strike'));

    // Round 2: nothing changed (the feeds answer 304): every document answers 304.
    results = await round();
    expect(statuses(results)).toEqual({ all: 304, recent: 304, flood: 304 });

    // Round 3: the paper carries the flood wire item, dated later: it joins the published story.
    feeds.set('zeitung', [...feeds.get('zeitung')!, copy('zeitung', 'flood', FLOOD, FLOOD_LEAD, at(3))]);
    results = await round();
    expect(statuses(results)).toEqual({ all: 200, recent: 200, flood: 200 });
    expect(
      mirrors
        .get('flood')!
        .stories.get(floodId)!
        .members.map((m) => m.source)
        .sort(),
    ).toEqual(['wire', 'zeitung']);
    expect(results.get('all')!.changed).toEqual([floodId]);

    // Round 4: a radio source is added whose copy of the strike is dated before the wire's: the
    // story keeps the id it was published under.
    sources = ['wire', 'zeitung', 'radio'];
    feeds.set('radio', [copy('radio', 'strike', STRIKE, STRIKE_LEAD, at(2))]);
    results = await round();
    expect(
      mirrors
        .get('all')!
        .stories.get(strikeId)!
        .members.map((m) => m.source)
        .sort(),
    ).toEqual(['radio', 'wire']);
    expect(mirrors.get('all')!.stories.size).toBe(5);

    // Round 5: the paper edits the headline of its old school story, which sits on the second page of
    // `all` (2 stories a page): the first page, the one the site polls, must change too.
    const schoolId = entryId(storyIdFor('zeitung', 'school'));
    const school = feeds.get('zeitung')!.find((item) => item.key === 'school')!;
    school.title = `${SCHOOL}: Opposition kündigt Klage an`;
    results = await round();
    expect(statuses(results)).toMatchObject({ all: 200, recent: 304, flood: 304 });
    expect(results.get('all')!.changed).toEqual([schoolId]);

    // Round 6: the radio edits the strike headline (its copy, the earliest, heads the story, now on the
    // second page): the entry's date_modified moves, and with it the first page.
    feeds.get('radio')!.find((item) => item.key === 'strike')!.title = `${STRIKE}, Pendler müssen umplanen`;
    results = await round();
    expect(statuses(results)).toEqual({ all: 200, recent: 200, flood: 304 });
    expect(results.get('all')!.changed).toEqual([strikeId]);

    // Round 7: the paper edits its copy of the flood item after the merge: it stays in the story.
    feeds.get('zeitung')!.find((item) => item.key === 'flood')!.title = `KORREKTUR: ${FLOOD.replace('zwölf', 'elf')}`;
    results = await round();
    expect(statuses(results)).toEqual({ all: 200, recent: 200, flood: 200 });
    expect(
      mirrors
        .get('flood')!
        .stories.get(floodId)!
        .members.map((m) => m.source)
        .sort(),
    ).toEqual(['wire', 'zeitung']);
    // A correction moves the story's date_modified.
    expect(results.get('all')!.changed).toEqual([floodId]);

    // Round 8: `recluster` at the default threshold merges the two fire stories: one entry is absorbed
    // (JSON `absorbed`, Atom tombstone) and the site folds it into the survivor.
    threshold = 0.5;
    writeConfig();
    await feedmerge('recluster', '--config', configFile);
    results = await syncAll();
    expect(statuses(results)).toEqual({ all: 200, recent: 200, flood: 200 });
    const fireIds = [entryId(storyIdFor('wire', 'fire')), entryId(storyIdFor('zeitung', 'fire'))];
    const survivor = fireIds.map((id) => mirrors.get('all')!.resolve(id)?.id);
    expect(new Set(survivor).size).toBe(1);
    expect(mirrors.get('all')!.mergedInto.size).toBe(1);
    // The replay also splits the flood story: the paper's corrected copy no longer has the wire's
    // title, so it is a story of its own, a new entry; the wire's entry keeps its id and loses it.
    const splitId = entryId(storyIdFor('zeitung', 'flood'));
    expect(
      mirrors
        .get('flood')!
        .stories.get(floodId)!
        .members.map((m) => m.source),
    ).toEqual(['wire']);
    expect(
      mirrors
        .get('flood')!
        .stories.get(splitId)!
        .members.map((m) => m.source),
    ).toEqual(['zeitung']);
    expect(mirrors.get('all')!.stories.size).toBe(5);

    // Round 9: a restart with nothing new: every document answers 304.
    results = await round();
    expect(statuses(results)).toEqual({ all: 304, recent: 304, flood: 304 });
  }, 270_000);
});

describe('a site whose story retention deletes', () => {
  it('keeps the entry it holds: the story left the pages first, and its deletion changes no document', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-ingest-retention-'));
    const configFile = path.join(dir, 'config.json');
    let items: FeedItem[] = [copy('wire', 'old', SCHOOL, SCHOOL_LEAD, new Date(Date.now() - 2 * MINUTE).toISOString())];
    const server = await startFixtureServer({
      '/wire.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(eventRss('wire', items)),
    });
    // Retention at one hour (the story window no longer): a story whose items all left their feed that long
    // ago is deleted unless it is on a published page (one story a page, five pages).
    writeFileSync(
      configFile,
      JSON.stringify({
        database: path.join(dir, 'feedmerge.db'),
        publicDir: path.join(dir, 'public'),
        server: { host: '127.0.0.1', port: 0, baseUrl: BASE },
        fetch: { allowPrivateNetworks: true },
        dedup: { windowHours: 1 },
        retention: { days: 1 / 24 },
        sources: [{ id: 'wire', url: server.url('/wire.rss') }],
        outputs: [{ id: 'all', limit: 1 }],
      }),
    );
    const mirror = new StoryMirror('http://127.0.0.1', 'all');
    const sync = async (): Promise<SyncResult> => {
      const service = await startService(loadConfig(configFile), createLog(new PassThrough()), { poll: false, workers: 0 });
      try {
        mirror.origin = service.url;
        return await mirror.sync();
      } finally {
        await service.stop();
      }
    };
    const storedIds = async () => (await listStories(configFile)).stored.map((s) => entryId(s.id));
    const oldId = entryId(storyIdFor('wire', 'old'));
    try {
      await feedmerge('poll', '--once', '--all', '--config', configFile);
      expect((await sync()).json).toBe(200);
      expect([...mirror.stories.keys()]).toEqual([oldId]);

      // Five newer stories (dated after the old one) fill the five pages; the old item left the feed.
      const headlines = [
        STRIKE,
        FLOOD,
        FIRE,
        'Bundestag streitet über den Haushalt des Verkehrsministers',
        'Neue Brücke über den Rhein in Köln eröffnet',
      ];
      items = headlines.map((title, n) =>
        copy('wire', `new-${n}`, title, `${title}. Mehr dazu in Kürze.`, new Date(Date.now() - n * 10_000).toISOString()),
      );
      await feedmerge('poll', '--once', '--all', '--config', configFile);
      expect((await sync()).json).toBe(200);
      expect(mirror.stories.size).toBe(6);
      expect(await storedIds()).toContain(oldId);

      // Three hours on (the clock is the test's edge: the old item's times are moved back in the file), the
      // next poll's retention deletes the old story. No document changes (it was on no page), and nothing
      // tells the site, which keeps its entry.
      const db = new Database(path.join(dir, 'feedmerge.db'));
      const threeHoursAgo = new Date(Date.now() - 180 * MINUTE).toISOString();
      db.prepare("UPDATE items SET first_seen = ?, last_seen = ? WHERE guid = 'old'").run(threeHoursAgo, threeHoursAgo);
      db.close();
      await feedmerge('poll', '--once', '--all', '--config', configFile);
      expect(await storedIds()).not.toContain(oldId);
      expect((await sync()).json).toBe(304);
      expect(mirror.stories.has(oldId)).toBe(true);
    } finally {
      await server.close();
    }
  }, 60_000);
});
