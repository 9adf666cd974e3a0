// A full disk in the middle of a poll: the sources whose transactions committed keep their items,
// the others are "not stored" (the cycle's error, never counted against them, remembered for
// `sources` and the page, counted by kind in the metrics), and the first cycle after space returns
// stores the rest. Twice: with SQLite's own limit on the file's pages (SQLITE_FULL, runs
// everywhere), and with a real full file system (a small tmpfs; needs root, else skipped).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { printSources } from '../../src/cli/print.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { metrics } from '../../src/metrics.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { openStore } from '../../src/store/open-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { runPollCycle, type CycleReport } from '../../src/worker/poll-cycle.js';
import { workerContext, writerClaim } from '../../src/worker/service.js';
import { runCli, writeConfig } from '../store/cli-process.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const SOURCES = ['alpha', 'bravo', 'charlie'];
const ITEMS = 150;

/** ~150 KB of feed per source: each needs a few dozen new pages. */
const rss = (name: string) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${name}</title><link>https://${name}.example/</link><description>d</description>
${Array.from(
  { length: ITEMS },
  (_, i) =>
    `<item><title>${name} ${i} ${'Wort '.repeat(8)}</title><link>https://${name}.example/${i}</link><guid>${name}-${i}</guid>` +
    `<description>${`${name} Absatz ${i}. `.repeat(50)}</description></item>`,
).join('\n')}
</channel></rss>`;

async function fullCount(): Promise<number> {
  const metric = await metrics.storeFailures.get();
  return metric.values.find((v) => v.labels.kind === 'full')?.value ?? 0;
}

function text(fn: (out: Writable) => Promise<void>): Promise<string> {
  let out = '';
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
  return fn(stream).then(() => out);
}

/**
 * What every variant checks after the cycle that ran out of space; `cause` is what follows SQLite's words (the folder and
 * "file system full (ENOSPC)" on a real full file system, nothing when only the page limit was reached).
 */
async function expectPartlyStored(store: Store, config: Config, report: CycleReport, fullBefore: number, cause: string): Promise<string[]> {
  const stored = report.sources.filter((s) => s.status === 'ingested');
  const failed = report.sources.filter((s) => s.status === 'store-failed');
  expect(stored.length).toBeGreaterThan(0);
  expect(failed.length).toBeGreaterThan(0);
  expect(stored.length + failed.length).toBe(SOURCES.length);
  for (const s of failed) expect(s.error).toBe(`store error: database or disk is full${cause}`);
  expect(report.error).toMatch(/^[a-z]+: store error: database or disk is full/);
  expect(await fullCount()).toBeGreaterThan(fullBefore);

  // What committed stays; what did not left no trace on the source: no backoff, no validators.
  const counts = await store.items.countBySource();
  for (const s of stored) expect(counts.get(s.sourceId)).toBe(ITEMS);
  for (const s of failed) {
    expect(counts.get(s.sourceId) ?? 0).toBe(0);
    expect(await store.sources.get(s.sourceId)).toMatchObject({
      consecutiveFailures: 0,
      lastFetchAt: null,
      lastError: null,
      bodyHash: null,
    });
  }
  // Remembered (a row in a table that has room: no new page needed) and shown by `sources` and the page.
  const remembered = await store.sources.storeFailures();
  expect([...remembered.keys()].sort()).toEqual(failed.map((s) => s.sourceId).sort());
  const listing = await text((out) => printSources(store, config, {}, out));
  for (const s of failed) expect(listing).toContain(`NOT STORED at ${report.startedAt}: store error: database or disk is full${cause}`);
  const page = (await renderPublication(store, config, new Date(report.startedAt))).pages.get('/')!.body.toString();
  expect(page).toContain('not stored (');
  return failed.map((s) => s.sourceId);
}

/** What every variant checks after the first cycle with space again. */
async function expectRestStored(store: Store, report: CycleReport, failedBefore: string[]): Promise<void> {
  expect(report.error).toBeNull();
  // Only the sources that were not stored were due: the others kept their schedule.
  expect(
    report.sources
      .filter((s) => s.status === 'ingested')
      .map((s) => s.sourceId)
      .sort(),
  ).toEqual([...failedBefore].sort());
  const counts = await store.items.countBySource();
  for (const id of SOURCES) expect(counts.get(id)).toBe(ITEMS);
  expect(await store.items.pending(10)).toEqual([]);
  expect((await store.sources.storeFailures()).size).toBe(0);
}

describe('a full disk in the middle of a poll', () => {
  let server: FixtureServer;
  let dir: string;
  beforeEach(async () => {
    server = await startFixtureServer(
      Object.fromEntries(SOURCES.map((id) => [`/${id}.rss`, serveBody(rss(id), { 'content-type': 'application/rss+xml' })])),
    );
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-full-'));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const configFor = (database: string, ids = SOURCES) =>
    parseConfig(
      { database, publicDir: 'public', sources: ids.map((id) => ({ id, url: server.url(`/${id}.rss`), schedule: '0 * * * *' })) },
      path.join(dir, 'config.json'),
    );
  const t0 = new Date('2026-03-02T12:00:00Z');
  const t1 = new Date('2026-03-02T12:05:00Z');

  /**
   * Fills the file system at `mount` up to room for one source's items and a half, measured as
   * what storing one feed's items took on a scratch database there (WAL frames are pages of this
   * SQLite's page size): the first source stores, the next runs out of space, and the frames the
   * failed one wrote leave room for the row that remembers it.
   */
  const fillDisk = async (mount: string): Promise<void> => {
    const free = () => {
      const { bavail, bsize } = statfsSync(mount);
      return bavail * bsize;
    };
    const probe = path.join(mount, 'probe.db');
    const store = await openSqliteStore(probe);
    const feed = await parseFeed(Buffer.from(rss(SOURCES[0]!)), { fetchedAt: t0.toISOString() });
    const before = free();
    await store.transaction((session) => session.items.ingest(SOURCES[0]!, null, feed.items, t0.toISOString()));
    const oneFeed = before - free();
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${probe}${suffix}`, { force: true });
    writeFileSync(path.join(mount, 'filler'), Buffer.alloc(Math.max(0, free() - Math.round(1.5 * oneFeed))));
  };

  it('SQLITE_FULL (the file may not grow): commits stay, nothing is blamed, the next cycle stores the rest', async () => {
    const file = path.join(dir, 'feedmerge.db');
    const config = configFor(file);
    await (await openSqliteStore(file)).close();
    const raw = new Database(file, { readonly: true });
    const emptyPages = raw.pragma('page_count', { simple: true }) as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();

    // Room for one feed, not for two: one takes ~480 KiB of pages with its HTML bodies (measured: 123 pages
    // of 4 KiB, 30 of 16 KiB), two ~900 KiB, whatever the page size.
    const limited = await openSqliteStore(file, { pageLimit: emptyPages + Math.floor((600 * 1024) / pageSize) });
    const fullBefore = await fullCount();
    const report = await runPollCycle(workerContext(config, limited), t0);
    const failed = await expectPartlyStored(limited, config, report, fullBefore, '');
    await limited.close();

    const roomy = await openSqliteStore(file);
    await expectRestStored(roomy, await runPollCycle(workerContext(config, roomy), t1), failed);
    await roomy.close();
  });

  const canMount = (() => {
    if (process.getuid?.() !== 0) return false;
    const probe = mkdtempSync(path.join(tmpdir(), 'feedmerge-mount-probe-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
      execFileSync('umount', [probe], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  })();
  if (!canMount) console.warn('skipping the tmpfs disk-full test: mounting a tmpfs needs root (CAP_SYS_ADMIN)');

  it.skipIf(!canMount)('ENOSPC on a real file system (a small tmpfs): the same, in one process, when a file is deleted', async () => {
    const mount = path.join(dir, 'small-disk');
    execFileSync('mkdir', ['-p', mount]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount]);
    try {
      const file = path.join(mount, 'feedmerge.db');
      const config = configFor(file);
      const store = await openSqliteStore(file);
      await fillDisk(mount);
      const fullBefore = await fullCount();
      const report = await runPollCycle(workerContext(config, store), t0);
      const context = workerContext(config, store);
      const failed = await expectPartlyStored(store, config, report, fullBefore, ` ("${mount}": file system full (ENOSPC))`);

      rmSync(path.join(mount, 'filler'));
      await expectRestStored(store, await runPollCycle(context, t1), failed);
      await store.close();
    } finally {
      execFileSync('umount', ['-l', mount]);
    }
  });

  it.skipIf(!canMount)(
    'poll --once on a full disk: a line per source not stored, the cause on stderr, exit 1',
    { timeout: 120_000 },
    async () => {
      const mount = path.join(dir, 'small-disk');
      execFileSync('mkdir', ['-p', mount]);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount]);
      try {
        const configFile = writeConfig(dir, {
          database: path.join(mount, 'feedmerge.db'),
          publicDir: 'public',
          sources: SOURCES.map((id) => ({ id, url: server.url(`/${id}.rss`) })),
        });
        // The database and its writer lock exist, as after earlier polls; then the disk fills up.
        await (await openStore(path.join(mount, 'feedmerge.db'), { writer: writerClaim('poll --once', 0) })).close();
        await fillDisk(mount);

        const full = await runCli('poll', '--once', '--config', configFile);
        expect(full.code).toBe(1);
        const lines = full.stdout.trim().split('\n').sort();
        expect(lines).toHaveLength(SOURCES.length);
        const cause = `database or disk is full ("${mount}": file system full (ENOSPC))`;
        const notStored = lines.filter((l) => /^[a-z]+: not stored: store error: /.test(l) && l.endsWith(cause));
        expect(notStored.length).toBeGreaterThan(0);
        expect(lines.filter((l) => l.endsWith(`: ${ITEMS} new, 0 updated, 0 unchanged`)).length).toBe(SOURCES.length - notStored.length);
        expect(full.stderr).toMatch(new RegExp(`^feedmerge: [a-z]+: store error: ${cause.replace(/[()]/g, '\\$&')}`, 'm'));
        const listing = await runCli('sources', '--config', configFile);
        expect(listing.stdout.match(/NOT STORED at /g)).toHaveLength(notStored.length);

        rmSync(path.join(mount, 'filler'));
        const next = await runCli('poll', '--once', '--config', configFile);
        expect(next.code).toBe(0);
        expect(next.stdout.match(new RegExp(`: ${ITEMS} new`, 'g'))).toHaveLength(notStored.length);
        expect((await runCli('sources', '--config', configFile)).stdout).not.toContain('NOT STORED');
      } finally {
        execFileSync('umount', ['-l', mount]);
      }
    },
  );

  it.skipIf(!canMount)(
    'no free inodes: a writer exits 3 naming the folder and "no free inodes", and stores once inodes are free',
    { timeout: 120_000 },
    async () => {
      // After a clean close SQLite has removed the "-wal" and "-shm" files, and the next writer must create them:
      // with no inode left, SQLite said only "unable to open database file".
      const mount = path.join(dir, 'few-inodes');
      execFileSync('mkdir', ['-p', mount]);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,nr_inodes=16', 'tmpfs', mount]);
      try {
        const database = path.join(mount, 'feedmerge.db');
        const configFile = writeConfig(dir, {
          database,
          publicDir: 'public',
          sources: SOURCES.map((id) => ({ id, url: server.url(`/${id}.rss`) })),
        });
        await (await openStore(database, { writer: writerClaim('poll --once', 0) })).close();
        const fillers: string[] = [];
        for (;;) {
          const filler = path.join(mount, `filler-${fillers.length}`);
          try {
            writeFileSync(filler, '');
          } catch {
            break;
          }
          fillers.push(filler);
        }
        expect(statfsSync(mount).ffree).toBe(0);

        const full = await runCli('poll', '--once', '--config', configFile);
        expect(full.code).toBe(3);
        expect(full.stdout).toBe('');
        expect(full.stderr).toBe(
          `feedmerge: Cannot open database "${database}": unable to open database file ("${mount}": no free inodes)\n`,
        );

        for (const filler of fillers) rmSync(filler);
        const next = await runCli('poll', '--once', '--config', configFile);
        expect(next.code).toBe(0);
        expect(next.stdout.match(new RegExp(`: ${ITEMS} new`, 'g'))).toHaveLength(SOURCES.length);
      } finally {
        execFileSync('umount', ['-l', mount]);
      }
    },
  );
});
