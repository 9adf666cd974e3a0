// Several processes writing one publicDir (`serve` replicas, `poll --once` from cron beside `serve`):
// they take turns on publicDir/.feedmerge-publication, and none replaces the files of a newer publication
// (one whose render began later) with an older one. Two publishers over one store and one real folder,
// their writes made to fail and their 5 s retries run on fake timers, so the order is fixed; and a real
// second process holding the turn.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { writeUnlessNewer } from '../../src/store/sqlite/write-unless-newer.js';
import type { Store } from '../../src/store/store.js';
import { Publisher } from '../../src/worker/publisher.js';
import { addStory, feedItem, memoryStore, testConfig } from './story-db.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir = '';

afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

/** One clock for both publishers (one machine), moved by the test. */
function sharedClock(start: string): { now: () => Date; move: (seconds: number) => void } {
  let time = new Date(start).getTime();
  return { now: () => new Date(time), move: (seconds) => void (time += seconds * 1000) };
}

async function story(store: Store, key: string, title: string): Promise<void> {
  await addStory(store, [{ sourceId: 'tagesschau', item: feedItem({ key, url: `https://example.org/${key}`, title }) }], {
    now: '2026-11-26T06:00:00.000Z',
  });
}

/** A publisher with the 5 s retry; `said` collects its info lines. */
function publisher(store: Store, clock: () => Date, said: string[]): Publisher {
  return new Publisher(testConfig({ publicDir: dir }), store, { filesRetryMs: 5_000, clock, info: (line) => said.push(line) });
}

/** A file where publicDir/feeds must be a folder: every write of the feeds fails until it goes. */
function blockFeeds(): void {
  rmSync(path.join(dir, 'feeds'), { recursive: true, force: true });
  writeFileSync(path.join(dir, 'feeds'), 'not a folder');
}

const rss = () => readFileSync(path.join(dir, 'feeds/all.xml'), 'utf8');

it("an older publication's retry leaves the files of a newer one another publisher wrote, and says so", async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-shared-'));
  const store = await memoryStore();
  const clock = sharedClock('2026-11-26T07:00:00Z');
  const [saidOld, saidNew] = [[] as string[], [] as string[]];
  const older = publisher(store, clock.now, saidOld);
  const newer = publisher(store, clock.now, saidNew);
  await story(store, 'a', 'Erste Meldung');
  blockFeeds();
  await expect(older.publish(clock.now())).rejects.toThrow(/cannot write the feeds to publicDir/);
  expect(older.filesProblem()).toMatch(/cannot write the feeds/);

  // Another process commits a story and publishes it; the folder takes files again.
  rmSync(path.join(dir, 'feeds'));
  await story(store, 'b', 'Zweite Meldung');
  clock.move(2);
  await newer.publish(clock.now());
  expect(rss()).toContain('Zweite Meldung');

  // The older publisher's retry, 5 s after its failure: it holds the publication without the second story.
  clock.move(3);
  await vi.advanceTimersByTimeAsync(5_000);
  await vi.waitFor(() => expect(saidOld).toHaveLength(1));
  expect(saidOld).toEqual(['the feed files are a newer publication now, written by another process']);
  expect(older.filesProblem()).toBeNull();
  expect(rss()).toContain('Zweite Meldung');
  expect(older.current().outputs.get('all')!.get('rss')!.body.toString()).not.toContain('Zweite Meldung');
});

it('an older publication written after a newer one failed is replaced by the retry of the newer one', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-shared-'));
  const store = await memoryStore();
  const clock = sharedClock('2026-11-26T07:00:00Z');
  const [saidOld, saidNew] = [[] as string[], [] as string[]];
  const older = publisher(store, clock.now, saidOld);
  const newer = publisher(store, clock.now, saidNew);
  await story(store, 'a', 'Erste Meldung');
  blockFeeds();
  await expect(older.publish(clock.now())).rejects.toThrow(/cannot write the feeds/);
  await story(store, 'b', 'Zweite Meldung');
  clock.move(1);
  // The newer render's write fails too: nothing records it, so the older one may still write when it can.
  await expect(newer.publish(clock.now())).rejects.toThrow(/cannot write the feeds/);
  rmSync(path.join(dir, 'feeds'));

  // Both retries come due at once, the older first.
  clock.move(5);
  await vi.advanceTimersByTimeAsync(5_000);
  await vi.waitFor(() => expect([...saidOld, ...saidNew]).toHaveLength(2));
  expect(saidOld).toEqual(['writing the feed files works again']);
  expect(saidNew).toEqual(['writing the feed files works again']);
  expect(rss()).toContain('Zweite Meldung');
  expect([older.filesProblem(), newer.filesProblem()]).toEqual([null, null]);
});

it('a publisher that failed gives way to no older record, its own included: its next publish and retry write', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-shared-'));
  const store = await memoryStore();
  const clock = sharedClock('2026-11-26T07:00:00Z');
  const said: string[] = [];
  const only = publisher(store, clock.now, said);
  await story(store, 'a', 'Erste Meldung');
  await only.publish(clock.now());
  await story(store, 'b', 'Zweite Meldung');
  blockFeeds();
  clock.move(1);
  await expect(only.publish(clock.now())).rejects.toThrow(/cannot write the feeds/);
  rmSync(path.join(dir, 'feeds'));
  clock.move(5);
  await vi.advanceTimersByTimeAsync(5_000);
  await vi.waitFor(() => expect(said).toEqual(['writing the feed files works again']));
  expect(rss()).toContain('Zweite Meldung');
});

/** Starts a second process that takes publicDir's turn as `version` and holds it until `go` exists. */
function holder(version: string, go: string, text: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test/support/hold-public-dir-turn.ts'), dir, version, go, text],
    {
      cwd: root,
    },
  );
  let stdout = '';
  const holding = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('holding')) resolve();
    });
    child.once('close', (code) => reject(new Error(`ended (${code}) before holding the turn: ${stdout}`)));
  });
  const exited = new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout })),
  );
  return { child, holding, exited };
}

it('a write waits while another process holds the turn, then a newer one replaces its files and an older one does not', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-shared-'));
  const go = path.join(dir, '..', `${path.basename(dir)}-go`);
  const other = holder('2026-11-26T07:00:00.000Z', go, 'older');
  await other.holding;
  // Its render began a second after the other's; its first try of the turn is made before this returns.
  const newer = writeUnlessNewer(dir, '2026-11-26T07:00:01.000Z', () => writeFileSync(path.join(dir, 'feeds/all.xml'), 'newer'), {
    now: () => new Date('2026-11-26T07:01:00Z'),
  });
  expect(existsSync(path.join(dir, 'feeds/all.xml'))).toBe(false);
  writeFileSync(go, '');
  expect(await other.exited).toEqual({ code: 0, stdout: 'holding\nwritten\n' });
  rmSync(go);
  expect(await newer).toBe('written');
  expect(rss()).toBe('newer');

  // A render that began between the two writes now finds the newer files there, and leaves them.
  const late = writeUnlessNewer(dir, '2026-11-26T07:00:00.500Z', () => writeFileSync(path.join(dir, 'feeds/all.xml'), 'late'), {
    now: () => new Date('2026-11-26T07:01:00Z'),
  });
  expect(await late).toBe('newer-there');
  expect(rss()).toBe('newer');
});

it('a process killed while it holds the turn leaves it free and the recorded version as it was', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-shared-'));
  const now = () => new Date('2026-11-26T07:01:00Z');
  expect(await writeUnlessNewer(dir, '2026-11-26T07:00:00.000Z', () => {}, { now })).toBe('written');
  const other = holder('2026-11-26T07:00:05.000Z', path.join(dir, 'never'), 'killed');
  await other.holding;
  other.child.kill('SIGKILL');
  await other.exited;
  // Older than the killed one's render, newer than the record: written.
  const write = () => {
    mkdirSync(path.join(dir, 'feeds'), { recursive: true });
    writeFileSync(path.join(dir, 'feeds/all.xml'), 'after');
  };
  expect(await writeUnlessNewer(dir, '2026-11-26T07:00:02.000Z', write, { now, waitMs: 0 })).toBe('written');
  expect(rss()).toBe('after');
});

it('a record ahead of the clock (the clock was set back) is older than any render now', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-shared-'));
  expect(await writeUnlessNewer(dir, '2026-11-26T08:00:00.000Z', () => {}, { now: () => new Date('2026-11-26T08:00:01Z') })).toBe(
    'written',
  );
  const back = () => new Date('2026-11-26T07:00:01Z');
  expect(await writeUnlessNewer(dir, '2026-11-26T07:00:00.000Z', () => {}, { now: back })).toBe('written');
  expect(await writeUnlessNewer(dir, '2026-11-26T06:59:00.000Z', () => {}, { now: back })).toBe('newer-there');
});
