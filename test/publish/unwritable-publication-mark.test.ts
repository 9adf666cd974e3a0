// publicDir/.feedmerge-publication (the turn between processes sharing publicDir) that this process cannot
// use never makes publishing worse than before it existed: a mark it may only read (root's one-off
// `poll --once` made it 0644; here chattr +i as root, mode 0444 otherwise) or a damaged one. The files are
// written, /readyz's filesProblem stays clear, and one warning names the file. A folder that cannot be
// written still fails with the errno and the path of the file write. Real folders, real SQLite files.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { PUBLICATION_MARK_FILE, writeUnlessNewer } from '../../src/store/sqlite/write-unless-newer.js';
import { Publisher } from '../../src/worker/publisher.js';
import { addStory, feedItem, memoryStore, testConfig } from './story-db.js';

const isRoot = process.getuid?.() === 0;
const root = path.resolve(import.meta.dirname, '../..');
let dir = '';
let undo: (() => void) | null = null;

afterEach(() => {
  undo?.();
  undo = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Makes `file` (or folder) unwritable for this process: chattr +i as root (root writes any mode), else a mode without w. */
function makeReadOnly(file: string, mode: number): true | string {
  if (isRoot) {
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
      undo = () => execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
    } catch {
      return 'no chattr +i on this file system, and root writes any mode';
    }
  } else {
    const before = statSync(file).mode & 0o7777;
    chmodSync(file, mode);
    undo = () => chmodSync(file, before);
  }
  return true;
}

async function publisherWithStory(title: string): Promise<{ publisher: Publisher; warned: string[] }> {
  const store = await memoryStore();
  await addStory(store, [{ sourceId: 'tagesschau', item: feedItem({ key: 'a', url: 'https://example.org/a', title }) }], {
    now: '2026-11-26T06:00:00.000Z',
  });
  const warned: string[] = [];
  const publisher = new Publisher(testConfig({ publicDir: dir }), store, { filesRetryMs: 5_000, warn: (line) => warned.push(line) });
  return { publisher, warned };
}

const rss = (publicDir = dir) => readFileSync(path.join(publicDir, 'feeds/all.xml'), 'utf8');

it('a mark this process may only read: the files are written as before, readiness stays fine, one warning names the file', async (context) => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-mark-'));
  const mark = path.join(dir, PUBLICATION_MARK_FILE);
  expect(await writeUnlessNewer(dir, '2026-11-26T07:00:00.000Z', () => {})).toBe('written');
  const readOnly = makeReadOnly(mark, 0o444);
  if (readOnly !== true) return context.skip(readOnly);
  expect(() => closeSync(openSync(mark, 'r+'))).toThrow();
  const { publisher, warned } = await publisherWithStory('Vom Dienst geschrieben');
  await publisher.publish(new Date());
  expect(rss()).toContain('Vom Dienst geschrieben');
  expect(publisher.filesProblem()).toBeNull();
  await publisher.publish(new Date());
  expect(publisher.filesProblem()).toBeNull();
  expect(warned).toHaveLength(1);
  expect(warned[0]).toContain(`"${mark}"`);
  expect(warned[0]).toMatch(/written without taking turns/);
  expect(warned[0]).toMatch(isRoot ? /EPERM/ : /EACCES/);
  expect(warned[0]).toMatch(/takes no turns until it can write/);
});

it('a damaged mark is replaced with a new one, said once, and the turn works again', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-mark-'));
  const mark = path.join(dir, PUBLICATION_MARK_FILE);
  writeFileSync(mark, 'garbage, not a database, and long enough to be read as a header: '.repeat(4));
  const { publisher, warned } = await publisherWithStory('Nach dem Schaden');
  await publisher.publish(new Date());
  expect(rss()).toContain('Nach dem Schaden');
  expect(publisher.filesProblem()).toBeNull();
  expect(warned).toEqual([expect.stringMatching(/was damaged \(SQLITE_NOTADB.*replaced it with a new one/)]);
  // A valid mark again: a version older than the one just recorded gives way.
  expect(await writeUnlessNewer(dir, '2000-01-01T00:00:00.000Z', () => {})).toBe('newer-there');
});

it("a mark lacking the folder's group and other write bits gets them at the next open; a 0750 folder adds none", async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-mark-'));
  const mark = path.join(dir, PUBLICATION_MARK_FILE);
  chmodSync(dir, 0o777);
  await writeUnlessNewer(dir, '2026-11-26T07:00:00.000Z', () => {});
  chmodSync(mark, 0o600); // as a mark made on a full disk, or under another umask, stays
  await writeUnlessNewer(dir, '2026-11-26T07:00:01.000Z', () => {});
  expect(statSync(mark).mode & 0o777).toBe(0o666);
  chmodSync(dir, 0o750);
  chmodSync(mark, 0o640);
  await writeUnlessNewer(dir, '2026-11-26T07:00:02.000Z', () => {});
  expect(statSync(mark).mode & 0o777).toBe(0o640);
});

it('a publicDir that cannot be written fails with the errno and the path of the file write, as before the mark', async (context) => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-mark-'));
  const publicDir = path.join(dir, 'pub');
  execFileSync('mkdir', [publicDir]);
  const readOnly = makeReadOnly(publicDir, 0o555);
  if (readOnly !== true) return context.skip(readOnly);
  const store = await memoryStore();
  const publisher = new Publisher(testConfig({ publicDir }), store, {});
  const failure = await publisher.publish(new Date()).then(
    () => null,
    (error: NodeJS.ErrnoException) => error,
  );
  expect(failure?.code).toBe(isRoot ? 'EPERM' : 'EACCES');
  expect(failure?.message).toContain(`cannot write the feeds to publicDir "${publicDir}"`);
  expect(failure?.message).toContain(path.join(publicDir, 'feeds'));
  expect(publisher.filesProblem()).toMatch(/EPERM|EACCES/);
});

it("the service user meets root's 0644 mark from a one-off poll: a real process as that user writes the files and warns", async (context) => {
  if (!isRoot) return context.skip('needs root to make the mark as another user');
  const setpriv = spawnSync('setpriv', ['--version']);
  if (setpriv.status !== 0) return context.skip('no setpriv here');
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-mark-'));
  chmodSync(dir, 0o755);
  const publicDir = path.join(dir, 'pub');
  mkdirSync(publicDir, { mode: 0o755 });
  chownSync(publicDir, 65534, 65534); // the service user's folder, as on main
  const go = path.join(dir, 'go');
  writeFileSync(go, '');
  expect(await writeUnlessNewer(publicDir, '2026-11-26T07:00:00.000Z', () => {})).toBe('written'); // root's poll --once
  const mark = path.join(publicDir, PUBLICATION_MARK_FILE);
  expect(statSync(mark).uid).toBe(0);
  const child = spawnSync(
    'setpriv',
    [
      '--reuid',
      '65534',
      '--regid',
      '65534',
      '--clear-groups',
      process.execPath,
      '--import',
      'tsx',
      path.join(root, 'test/support/hold-public-dir-turn.ts'),
      publicDir,
      '2026-11-26T08:00:00.000Z',
      go,
      'Vom Dienst',
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: tmpdir() } },
  );
  expect(child.stderr).toBe('');
  expect(child.stdout).toContain(`EACCES: permission denied, access '${mark}'`);
  expect(child.stdout.trim().split('\n').at(-1)).toBe('written');
  expect(rss(publicDir)).toBe('Vom Dienst');
});
