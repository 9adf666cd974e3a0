// A feed rewords the title of its item in another feed's story (the item is a member, not the representative):
// the entry's "Also reported by" line, Atom related link and JSON Feed `_feedmerge.items` change while the
// story's title and link stay. Its `updated` (JSON Feed date_modified, Atom <updated>) must move once, and the
// first page's dating with it (feed <updated>, `_feedmerge.updated`, ETag, Last-Modified); a poll that changes
// nothing shown (a rotated tracking parameter, the same item re-sent) must move none of them. Through the real
// path on both stores: fixture feeds on 127.0.0.1, `poll --once` processes, the feeds as `serve` serves them.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLog } from '../../src/log.js';
import { startService } from '../../src/worker/service.js';
import { describeEachBackend } from '../support/backends.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixture = (file: string) => readFileSync(path.join(root, 'test/fixtures/pipeline', file));

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

interface JsonFeed {
  _feedmerge: { updated: string };
  items: {
    title: string;
    content_html: string;
    date_modified: string;
    _feedmerge: { items: { source: string; title: string | null; url: string | null }[] };
  }[];
}

/** What a subscriber reads of the first page of both feeds, with their validators. */
interface Served {
  json: JsonFeed;
  jsonEtag: string;
  jsonLastModified: string;
  atom: string;
  atomEtag: string;
  atomLastModified: string;
}

const feeds = new Map<string, Buffer>();
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  for (const id of ['wire', 'zeitung'])
    server.route(`/${id}.rss`, (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feeds.get(id)));
});
afterAll(() => server.close());

describeEachBackend('a member’s reworded title', (backend) => {
  it('moves the story’s updated once; a rotated tracking parameter or a re-sent item moves nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-member-retitle-'));
    const configFile = path.join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        database: await backend.database(),
        publicDir: path.join(dir, 'public'),
        server: { host: '127.0.0.1', port: 0, baseUrl: 'http://news.example.org' },
        fetch: { allowPrivateNetworks: true },
        sources: [
          { id: 'wire', title: 'Agentur', url: server.url('/wire.rss'), priority: 1 },
          { id: 'zeitung', title: 'Zeitung', url: server.url('/zeitung.rss') },
        ],
        outputs: [{ id: 'all' }],
      }),
    );
    const poll = async (zeitung: string): Promise<string> => {
      feeds.set('zeitung', fixture(zeitung));
      return feedmerge('poll', '--once', '--all', '--config', configFile);
    };
    const served = async (): Promise<Served> => {
      const service = await startService(loadConfig(configFile), createLog(new PassThrough()), { poll: false, workers: 0 });
      try {
        const json = await fetch(`${service.url}/feeds/all.json`);
        const atom = await fetch(`${service.url}/feeds/all.atom`);
        expect([json.status, atom.status]).toEqual([200, 200]);
        return {
          json: (await json.json()) as JsonFeed,
          jsonEtag: json.headers.get('etag')!,
          jsonLastModified: json.headers.get('last-modified')!,
          atom: await atom.text(),
          atomEtag: atom.headers.get('etag')!,
          atomLastModified: atom.headers.get('last-modified')!,
        };
      } finally {
        await service.stop();
      }
    };
    const entry = (s: Served) => {
      expect(s.json.items).toHaveLength(1);
      return s.json.items[0]!;
    };
    const member = (s: Served) => entry(s)._feedmerge.items.find((i) => i.source === 'zeitung')!;
    // The feed's own <updated> comes before the first entry; the entry's after its <id>.
    const atomFeedUpdated = (atom: string) => /<updated>([^<]+)<\/updated>/.exec(atom)![1];
    const atomEntryUpdated = (atom: string) => /<entry>[\s\S]*?<updated>([^<]+)<\/updated>/.exec(atom)![1];

    feeds.set('wire', fixture('rss2-wire-report-member-titles.xml'));
    expect(await poll('rss2-member-title-as-first-sent.xml')).toContain('zeitung: 1 new, 0 updated, 0 unchanged');
    const first = await served();
    expect(entry(first).title).toBe('Hafenbrücke wird ab Montag gesperrt');
    expect(member(first)).toMatchObject({ title: 'Brücke am Hafen bald dicht', url: 'https://wire.example/meldung/4711' });
    expect(atomEntryUpdated(first.atom)).toBe(entry(first).date_modified);

    // Only the link's utm_campaign rotated: stored as an update, nothing shown changed.
    expect(await poll('rss2-member-title-tracking-rotated.xml')).toContain('zeitung: 0 new, 1 updated, 0 unchanged');
    const rotated = await served();
    expect(entry(rotated).date_modified).toBe(entry(first).date_modified);
    expect(rotated.json._feedmerge.updated).toBe(first.json._feedmerge.updated);
    expect(atomFeedUpdated(rotated.atom)).toBe(atomFeedUpdated(first.atom));
    expect([rotated.jsonEtag, rotated.jsonLastModified]).toEqual([first.jsonEtag, first.jsonLastModified]);
    expect([rotated.atomEtag, rotated.atomLastModified]).toEqual([first.atomEtag, first.atomLastModified]);

    // The same item sent again in a new document, spaced otherwise: its body (kept as sent) counts as an update.
    expect(await poll('rss2-member-title-resent-respaced.xml')).toContain('zeitung: 0 new, 1 updated, 0 unchanged');
    const resent = await served();
    expect(entry(resent).date_modified).toBe(entry(first).date_modified);
    expect([resent.jsonEtag, resent.atomEtag]).toEqual([first.jsonEtag, first.atomEtag]);

    // The member's title reworded (not longer, no correction): the story's title stays, its updated moves.
    expect(await poll('rss2-member-title-reworded.xml')).toContain('zeitung: 0 new, 1 updated, 0 unchanged');
    const reworded = await served();
    expect(entry(reworded).title).toBe('Hafenbrücke wird ab Montag gesperrt');
    expect(member(reworded).title).toBe('Hafen: Brücke zu ab Montag');
    expect(entry(reworded).content_html).toContain('Hafen: Brücke zu ab Montag');
    expect(reworded.atom).toContain('title="Zeitung: Hafen: Brücke zu ab Montag"');
    const moved = entry(reworded).date_modified;
    expect(Date.parse(moved)).toBeGreaterThan(Date.parse(entry(first).date_modified));
    expect(atomEntryUpdated(reworded.atom)).toBe(moved);
    expect(atomFeedUpdated(reworded.atom)).toBe(moved);
    expect(reworded.json._feedmerge.updated).toBe(moved);
    expect(reworded.jsonEtag).not.toBe(first.jsonEtag);
    expect(reworded.atomEtag).not.toBe(first.atomEtag);
    expect(Date.parse(reworded.jsonLastModified)).toBeGreaterThan(Date.parse(first.jsonLastModified));
    expect(Date.parse(reworded.atomLastModified)).toBeGreaterThan(Date.parse(first.atomLastModified));

    // Once per change: polling the reworded version again moves nothing.
    expect(await poll('rss2-member-title-reworded.xml')).toContain('zeitung: unchanged (same body)');
    expect(entry(await served()).date_modified).toBe(moved);
  }, 300_000); // 5 CLI processes, each a node start with tsx
});
