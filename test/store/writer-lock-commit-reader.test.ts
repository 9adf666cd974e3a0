// A writer taking the lock while a reader of the lock file's holder row (`sources add` asking who runs)
// holds its read lock: the writer's commit of its own row waits for the reader instead of failing as
// busy and turning the writer away with the row's old holder (a stale `run` made `poll --once` exit 4).
// The reader runs in a worker thread with a real SQLite connection; it lets go only once it sees the
// writer's commit waiting (a new read is then refused), so the test does not depend on timing; when the
// writer returns first (it did not wait), the main thread says so through shared memory and the reader ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import { tryWriterLock, writerLockFile } from '../../src/store/sqlite/writer-lock.js';

let folder = '';
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const reader = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const holding = new Database(workerData.file, { readonly: true });
holding.exec('BEGIN');
holding.prepare('SELECT command FROM holder').get(); // the read lock, held until the writer's commit waits
const probe = new Database(workerData.file, { readonly: true, timeout: 0 });
parentPort.postMessage('holding');
const writerReturned = new Int32Array(workerData.flag);
let sawCommitWaiting = false;
for (const until = Date.now() + 20000; Date.now() < until && Atomics.load(writerReturned, 0) === 0; ) {
  try {
    probe.prepare('SELECT command FROM holder').get();
  } catch (error) {
    if (String(error.code).startsWith('SQLITE_BUSY')) { sawCommitWaiting = true; break; }
    throw error;
  }
}
holding.exec('ROLLBACK');
parentPort.postMessage(sawCommitWaiting ? 'released' : Atomics.load(writerReturned, 0) ? 'writer returned first' : 'gave up');
`;

it('a writer whose first commit meets a reader of the holder row waits for it and takes the lock', { timeout: 60_000 }, async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-lock-reader-'));
  const database = path.join(folder, 'feedmerge.db');
  // A stale row: a `run` that ended (its lock went with it, its row stays).
  const earlier = tryWriterLock(database, 'run');
  if (!('lock' in earlier)) throw new Error('no lock');
  earlier.lock.release();

  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(reader, { eval: true, workerData: { file: writerLockFile(database), flag } });
  const messages: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: string) => {
      messages.push(message);
      if (message !== 'holding') resolve();
    });
    worker.on('error', reject);
  });
  await new Promise<void>((resolve) => worker.once('message', () => resolve()));
  const attempt = tryWriterLock(database, 'poll --once');
  Atomics.store(new Int32Array(flag), 0, 1);
  await done;
  await worker.terminate();
  expect(messages).toEqual(['holding', 'released']);
  expect('holder' in attempt ? attempt.holder : 'lock taken').toBe('lock taken');
  if ('lock' in attempt) attempt.lock.release();
});
