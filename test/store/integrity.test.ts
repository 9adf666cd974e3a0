// A database file with pages overwritten in the middle (as a failing disk or a bad copy leaves it):
// writers refuse it at open (exit 3, the file untouched), readers read what they can with one
// warning, and `serve` says so: one log line per 5xx with its cause, /readyz 503.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { createLog } from '../../src/log.js';
import { openStore } from '../../src/store/open-store.js';
import { StoreError } from '../../src/store/store.js';
import { startService, writerClaim } from '../../src/worker/service.js';
import { settingsFor, source } from '../dedup/dedup-harness.js';
import { feedItem } from '../support/feed-item.js';
import { runCli, writeConfig } from './cli-process.js';

const root = path.resolve(import.meta.dirname, '../..');
const feedFile = path.join(root, 'test/fixtures/hostile/good-rss-three-items.xml');

/** A real database: 2 × 300 placed items with their decisions, and both sources' state. */
async function buildDatabase(file: string): Promise<void> {
  const store = await openStore(file);
  const placer = new Placer(store, new StoryEngine(settingsFor([source('a'), source('b')])));
  const now = '2026-03-02T12:00:00.000Z';
  for (const id of ['a', 'b']) {
    const items = Array.from({ length: 300 }, (_, i) =>
      feedItem({ key: `${id}-${i}`, title: `Meldung ${id} Nummer ${i} aus ${id}-Stadt`, summary: `Text ${i} `.repeat(30) }),
    );
    await store.transaction((s) => s.items.ingest(id, 'de', items, now));
  }
  await placer.placePending(now);
  await store.close();
}

/** Overwrites three leaf pages in the middle of `table` with junk; returns their numbers. */
function corruptPagesOf(file: string, table: string): number[] {
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const leaves = db
    .prepare<[string], { pageno: number }>("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno")
    .all(table)
    .map((r) => r.pageno);
  db.close();
  const middle = leaves.slice(Math.floor(leaves.length / 2) - 1, Math.floor(leaves.length / 2) + 2);
  const fd = openSync(file, 'r+');
  for (const page of middle) {
    const junk = Buffer.alloc(pageSize);
    for (let i = 0; i < pageSize; i++) junk[i] = (i * 131 + page * 17) & 0xff;
    writeSync(fd, junk, 0, pageSize, (page - 1) * pageSize);
  }
  closeSync(fd);
  return middle;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a database with damaged pages', () => {
  let dir: string;
  let file: string;
  let configFile: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-damaged-'));
    file = path.join(dir, 'feedmerge.db');
    await buildDatabase(file);
    copyFileSync(file, path.join(dir, 'backup.db'));
    configFile = writeConfig(dir, {
      database: 'feedmerge.db',
      publicDir: 'public',
      server: { port: 0 },
      sources: [
        { id: 'a', url: feedFile },
        { id: 'b', url: feedFile },
      ],
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is never written to: a writer refuses it at open, poll --once exits 3 with the reason', { timeout: 120_000 }, async () => {
    expect(corruptPagesOf(file, 'decisions')).toHaveLength(3);
    const before = sha(file);
    await expect(openStore(file, { writer: writerClaim('poll --once', 0) })).rejects.toThrow(StoreError);
    await expect(openStore(file, { writer: writerClaim('poll --once', 0) })).rejects.toThrow(
      /^the database ".*feedmerge\.db" failed its integrity check, so nothing is written to it: .+\. Restore a backup/,
    );
    const poll = await runCli('poll', '--once', '--all', '--config', configFile);
    expect(poll.code).toBe(3);
    expect(poll.stdout).toBe('');
    expect(poll.stderr.trim().split('\n')).toHaveLength(1);
    expect(poll.stderr).toMatch(/^feedmerge: the database ".*" failed its integrity check, so nothing is written to it: /);
    expect(sha(file)).toBe(before);

    // Readers read what they can (stories and sources never touch the damaged decisions), warning once.
    const stories = await runCli('stories', '--config', configFile);
    expect(stories.code).toBe(0);
    expect(stories.stdout).toContain('300 stories');
    expect(stories.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^feedmerge: warning: the database ".*" is damaged: .*; showing what can be read$/),
    ]);
    const sources = await runCli('sources', '--config', configFile);
    expect(sources.code).toBe(0);
    expect(sources.stdout).toContain('items 300');
    expect(sources.stderr.match(/warning/g)).toHaveLength(1);
    expect(sha(file)).toBe(before);

    // The backup restored: the next writer's check passes, and readers stop warning.
    copyFileSync(path.join(dir, 'backup.db'), file);
    const again = await runCli('poll', '--once', '--all', '--config', configFile);
    expect(again.code).toBe(0);
    expect((await runCli('stories', '--config', configFile)).stderr).toBe('');
  });

  it('serve logs the damage once, answers /readyz 503, and logs every 5xx with its cause', async () => {
    corruptPagesOf(file, 'items');
    const lines: string[] = [];
    const log = createLog(new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString().trim()), done()) }), 'text');
    const config = parseConfig(JSON.parse(readFileSync(configFile, 'utf8')), configFile);
    const service = await startService(config, log, { poll: false });
    try {
      expect(
        lines.filter((l) => / warn the database ".*" is damaged: .*; serving what can be read, \/readyz answers 503$/.test(l)),
      ).toHaveLength(1);
      const ready = await fetch(`${service.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { reason: string }).reason).toBe('store unavailable');
      expect(lines.filter((l) => / error GET \/readyz: 503: store unavailable: the database ".*" is damaged: /.test(l))).toHaveLength(1);

      // The feeds cannot be rendered from damaged item pages: each request is refused, and says why.
      const before = lines.filter((l) => !/GET \/readyz/.test(l)).length;
      for (const url of ['/feeds/all.atom', '/']) expect((await fetch(`${service.url}${url}`)).status).toBe(503);
      const logged = lines.filter((l) => !/GET \/readyz/.test(l)).slice(before);
      expect(logged).toEqual([
        expect.stringMatching(/ error GET \/feeds\/all\.atom: 503: nothing published yet: database disk image is malformed$/),
        expect.stringMatching(/ error GET \/: 503: nothing published yet: database disk image is malformed$/),
      ]);
    } finally {
      await service.stop();
    }
  });
});
