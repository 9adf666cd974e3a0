// A database file that cannot be written while its folder and writer lock file can (the immutable
// attribute on the file alone, a read-only bind mount of the file, mode 0444 for a normal user).
// SQLite opens such a file read-only without a word and failed at each write with its bare "attempt
// to write a readonly database": a poll fetched every source to store none. Now each writer exits 3
// at start naming the file and the cause, and a running `run` whose file turns read-only keeps
// serving while /readyz says "store unavailable". Through the real CLI and a real HTTP server.
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLog } from '../../src/log.js';
import { startService, type Service } from '../../src/worker/service.js';
import { describeBackend, postgresBackend } from '../support/backends.js';
import { runCli, writeConfig } from './cli-process.js';

const isRoot = process.getuid?.() === 0;
const source = path.resolve('test/fixtures/fetch/local-file-source.xml');
let folder = '';
let undo: (() => void) | null = null;

type Way = 'immutable attribute' | 'read-only bind mount';

/** Makes the existing `file` unwritable for this process the `way` named; false (and a reason) when that is not possible here. */
function makeReadOnly(file: string, way: Way): true | string {
  if (way === 'read-only bind mount') {
    if (!isRoot) return 'a bind mount needs root';
    try {
      execFileSync('mount', ['--bind', file, file], { stdio: 'ignore' });
      undo = () => execFileSync('umount', [file], { stdio: 'ignore' });
      execFileSync('mount', ['-o', 'remount,ro,bind', file], { stdio: 'ignore' });
    } catch {
      return 'mount --bind failed here (no CAP_SYS_ADMIN?)';
    }
  } else if (isRoot) {
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
      undo = () => execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
    } catch {
      return 'no chattr +i on this file system, and root writes any mode';
    }
  } else {
    chmodSync(file, 0o444);
    undo = () => chmodSync(file, 0o644);
  }
  try {
    closeSync(openSync(file, 'r+'));
    return 'the file is still writable';
  } catch {
    return true;
  }
}

function makeWritableAgain(): void {
  undo?.();
  undo = null;
}

afterEach(() => {
  makeWritableAgain();
  rmSync(folder, { recursive: true, force: true });
});

const ways: Way[] = ['immutable attribute', 'read-only bind mount'];

it.for(ways)(
  'with the %s, every writer exits 3 naming the file and the cause; nothing stored is lost',
  { timeout: 120_000 },
  async (way, context) => {
    folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-ro-db-'));
    mkdirSync(path.join(folder, 'data'));
    const config = writeConfig(folder, {
      database: 'data/feedmerge.db',
      publicDir: 'public',
      server: { port: 0 },
      sources: [{ id: 'local', url: source }],
    });
    expect((await runCli('poll', '--once', '--config', config)).code).toBe(0);
    const database = path.join(folder, 'data/feedmerge.db');
    const made = makeReadOnly(database, way);
    if (made !== true) {
      console.warn(`skipping the ${way}: ${made}`);
      return context.skip();
    }
    const line = new RegExp(
      `^feedmerge: Cannot write database "${database}": ` +
        `(EPERM \\(operation not permitted\\)|EROFS \\(read-only file system\\)|EACCES \\(permission denied\\))\\n$`,
    );
    for (const command of [['poll', '--once', '--all'], ['recluster'], ['run', '--workers', '0']]) {
      const result = await runCli(...command, '--config', config);
      expect({ command, code: result.code, stdout: result.stdout }).toEqual({ command, code: 3, stdout: '' });
      expect(result.stderr).toMatch(line);
    }
    // Readers go on.
    const stories = await runCli('stories', '--config', config);
    expect(stories.code).toBe(0);
    expect(stories.stdout).toContain('Einigung im Haushaltsstreit');

    makeWritableAgain();
    const next = await runCli('poll', '--once', '--all', '--config', config);
    expect(next.code).toBe(0);
    expect(next.stdout).toBe('local: unchanged (same body)\n');
  },
);

/** A `run` (one process, no HTTP workers) on a fresh database in a new folder, once its first cycle finished; `log()` is its log so far. */
async function runningService(prefix: string): Promise<{ service: Service; database: string; config: string; log: () => string }> {
  folder = mkdtempSync(path.join(tmpdir(), prefix));
  const config = path.join(folder, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({ database: 'feedmerge.db', publicDir: 'public', server: { port: 0 }, sources: [{ id: 'local', url: source }] }),
  );
  const out = new PassThrough();
  let logText = '';
  out.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
  const service = await startService(loadConfig(config, {}), createLog(out, 'json'), { poll: true, workers: 0 });
  while (!logText.includes('"msg":"cycle finished"')) await new Promise((resolve) => setTimeout(resolve, 20));
  return { service, database: path.join(folder, 'feedmerge.db'), config, log: () => logText };
}

it(
  'a running service whose file turns read-only keeps serving, and /readyz says "store unavailable"',
  { timeout: 60_000 },
  async (context) => {
    const { service, database, log } = await runningService('feedmerge-ro-db-run-');
    const readyz = async () => {
      const response = await fetch(`${service.url}/readyz`);
      return { status: response.status, body: (await response.json()) as { ready: boolean; reason: string | null } };
    };
    try {
      expect(await readyz()).toMatchObject({ status: 200, body: { ready: true } });
      const made = makeReadOnly(database, 'immutable attribute');
      if (made !== true) {
        console.warn(`skipping: ${made}`);
        return context.skip();
      }
      expect(await readyz()).toMatchObject({ status: 503, body: { ready: false, reason: 'store unavailable' } });
      expect(log()).toMatch(
        new RegExp(`GET /readyz: 503: store unavailable: the database \\\\"${database}\\\\" cannot be written: E[A-Z]+ \\([a-z ]+\\)"`),
      );
      const served = await fetch(`${service.url}/feeds/all.xml`);
      expect(served.status).toBe(200);
      expect(await served.text()).toContain('Einigung im Haushaltsstreit');
      makeWritableAgain();
      expect(await readyz()).toMatchObject({ status: 200, body: { ready: true } });
    } finally {
      makeWritableAgain();
      await service.stop();
    }
  },
);

it(
  'a running service stopped while its file is read-only stops cleanly, says why its last checkpoint failed, and loses nothing',
  { timeout: 60_000 },
  async (context) => {
    const { service, database, config, log } = await runningService('feedmerge-ro-db-stop-');
    let stopped = false;
    try {
      const made = makeReadOnly(database, 'immutable attribute');
      if (made !== true) {
        console.warn(`skipping: ${made}`);
        return context.skip();
      }
      // The last checkpoint fails on such a file (SQLite: a disk I/O error); the commits are in the WAL.
      await expect(service.stop()).resolves.toBeUndefined();
      stopped = true;
    } finally {
      makeWritableAgain();
      if (!stopped) await service.stop();
    }
    // As root the file is immutable (chattr +i), which fails the checkpoint even on the open descriptor; a mode
    // 0444 set after the open (a normal user) does not, and there is nothing to say.
    const lines = log()
      .split('\n')
      .filter((line) => line.includes('last checkpoint'));
    expect(lines).toHaveLength(isRoot ? 1 : 0);
    if (isRoot)
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: 'warn',
        msg: `the last checkpoint of the database "${database}" failed at close: disk I/O error (the file "${database}" cannot be written: EPERM (operation not permitted)); every commit is in "${database}-wal", which the next open reads`,
      });
    const listed = await runCli('stories', '--json', '--config', config);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Einigung im Haushaltsstreit');
  },
);

describeBackend(postgresBackend, 'migrate from a read-only database file', () => {
  // `migrate` takes the writer lock only to keep writers out; it reads the file and writes PostgreSQL. A
  // disk going bad is exactly when an operator copies the data out of a file made read-only.
  it('copies it to PostgreSQL and exits 0', { timeout: 120_000 }, async (context) => {
    folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-ro-db-migrate-'));
    mkdirSync(path.join(folder, 'data'));
    const config = writeConfig(folder, {
      database: 'data/feedmerge.db',
      publicDir: 'public',
      server: { port: 0 },
      sources: [{ id: 'local', url: source }],
    });
    expect((await runCli('poll', '--once', '--config', config)).code).toBe(0);
    const made = makeReadOnly(path.join(folder, 'data/feedmerge.db'), 'immutable attribute');
    if (made !== true) {
      console.warn(`skipping: ${made}`);
      return context.skip();
    }
    const target = await postgresBackend.database();
    const result = await runCli('migrate', '--to', target, '--config', config);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^items: [1-9]\d* copied, 0 already there$/m);
    expect(await postgresBackend.sql(target, 'SELECT count(*)::int AS n FROM items')).not.toEqual([{ n: 0 }]);
  });
});
