// A database whose folder this process cannot write (mode 0555 for a normal user; for root, the
// immutable attribute): a writer exits 3 naming the folder and why, through the real CLI. Before,
// the line ended in SQLite's bare "unable to open database file", which names neither.
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCli, writeConfig } from './cli-process.js';

const isRoot = process.getuid?.() === 0;
let folder = '';

/** Makes `dir` take no new files for this process; false when that is not possible here. */
function makeReadOnlyFolder(dir: string): boolean {
  chmodSync(dir, 0o555);
  if (isRoot) {
    try {
      execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    } catch {
      // No chattr, or a file system without the attribute: root can still write.
    }
  }
  try {
    closeSync(openSync(path.join(dir, 'probe'), 'w'));
    return false;
  } catch {
    return true;
  }
}

afterEach(() => {
  const dir = path.join(folder, 'data');
  if (isRoot) {
    try {
      execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
    } catch {
      // nothing was set
    }
  }
  chmodSync(dir, 0o755);
  rmSync(folder, { recursive: true, force: true });
});

it('a writer in a folder it cannot write exits 3 naming the folder and why', { timeout: 60_000 }, async (context) => {
  folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-ro-folder-'));
  const data = path.join(folder, 'data');
  mkdirSync(data);
  const config = writeConfig(folder, {
    database: 'data/feedmerge.db',
    sources: [{ id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') }],
  });
  if (!makeReadOnlyFolder(data)) {
    console.warn('skipping: this process can write any folder (root without chattr +i support)');
    return context.skip();
  }
  const result = await runCli('poll', '--once', '--config', config);
  expect(result.code).toBe(3);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(
    new RegExp(
      `^feedmerge: Cannot open the writer lock "${data}/feedmerge\\.db-writer": unable to open database file ` +
        `\\(the folder "${data}" takes no new files: (EACCES \\(permission denied\\)|EPERM \\(operation not permitted\\))\\)\\n$`,
    ),
  );
});

// An existing database whose files went read-only (a mount remounted read-only after disk errors, the
// immutable attribute, mode 0444): SQLite opens them read-only and fails at the first write with
// "attempt to write a readonly database", which named neither the file nor the cause.
it('a writer whose existing lock file cannot be written exits 3 naming the file and why', { timeout: 60_000 }, async (context) => {
  folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-ro-folder-'));
  const data = path.join(folder, 'data');
  mkdirSync(data);
  const config = writeConfig(folder, {
    database: 'data/feedmerge.db',
    sources: [{ id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') }],
  });
  expect((await runCli('poll', '--once', '--config', config)).code).toBe(0);
  const lockFile = path.join(data, 'feedmerge.db-writer');
  if (!makeReadOnlyFile(lockFile)) {
    console.warn('skipping: this process can write any file (root without chattr +i support)');
    return context.skip();
  }
  try {
    const result = await runCli('poll', '--once', '--config', config);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^feedmerge: Cannot take the writer lock "${lockFile}": attempt to write a readonly database ` +
          `\\(the file "${lockFile}" cannot be written: (EACCES \\(permission denied\\)|EPERM \\(operation not permitted\\))\\)\\n$`,
      ),
    );
  } finally {
    if (isRoot) execFileSync('chattr', ['-i', lockFile], { stdio: 'ignore' });
    chmodSync(lockFile, 0o644);
  }
});

/** Makes the existing `file` unwritable for this process; false when that is not possible here. */
function makeReadOnlyFile(file: string): boolean {
  chmodSync(file, 0o444);
  if (isRoot) {
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    } catch {
      // No chattr, or a file system without the attribute: root can still write.
    }
  }
  try {
    closeSync(openSync(file, 'r+'));
    return false;
  } catch {
    return true;
  }
}
