// A process opening the lock file while another writer's first commit is under way. That commit holds a
// lock that refuses new readers (PENDING while it waits up to 1 s for a reader of the holder row, then
// EXCLUSIVE), and the opener's setup (journal mode, table) must read the file: it waits up to 1 s, and a
// lock still refused then means "a writer is starting, name not known yet" (holder null, claimWriter
// waits and tries again), not exit 3 "Cannot open the writer lock …: database is locked". The committing
// writer is a worker thread's real connection holding EXCLUSIVE until the main thread lets it go.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import { tryWriterLock, writerLockFile } from '../../src/store/sqlite/writer-lock.js';

let folder = '';
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const committer = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.file, { timeout: 0 });
db.exec('BEGIN EXCLUSIVE');
parentPort.postMessage('holding');
const go = new Int32Array(workerData.flag);
Atomics.wait(go, 0, 0, 60000);
db.exec('ROLLBACK');
db.close();
parentPort.postMessage('released');
`;

it(
  'a writer opening the lock file during another writer’s commit is told a writer is starting, then takes the lock',
  { timeout: 60_000 },
  async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-lock-open-'));
    const database = path.join(folder, 'feedmerge.db');
    // A stale row: a `run` that ended (its lock went with it, its row stays).
    const earlier = tryWriterLock(database, 'run');
    if (!('lock' in earlier)) throw new Error('no lock');
    earlier.lock.release();

    const flag = new SharedArrayBuffer(4);
    const worker = new Worker(committer, { eval: true, workerData: { file: writerLockFile(database), flag } });
    const released = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: string) => {
        if (message === 'released') resolve();
      });
      worker.on('error', reject);
    });
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    let during: string;
    try {
      const attempt = tryWriterLock(database, 'poll --once');
      if ('lock' in attempt) attempt.lock.release();
      during = 'lock' in attempt ? 'lock taken' : `holder ${JSON.stringify(attempt.holder)}`;
    } catch (error) {
      during = `throws ${(error as Error).message}`;
    }
    Atomics.store(new Int32Array(flag), 0, 1);
    Atomics.notify(new Int32Array(flag), 0);
    await released;
    await worker.terminate();
    expect(during).toBe('holder null');
    const after = tryWriterLock(database, 'poll --once');
    expect('lock' in after ? 'lock taken' : after.holder).toBe('lock taken');
    if ('lock' in after) after.lock.release();
  },
);
