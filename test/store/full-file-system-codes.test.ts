// "file system full" is said from SQLite's (extended) result code where the code tells: SQLITE_FULL is a
// write the file system refused as full (ENOSPC), whatever space is left after it; an I/O error of a read,
// a lock or a mapping is never blamed on space, however little is left. Only the codes that do not say
// (a write's or fsync's I/O error, a file that could not be created) ask the file system for its free space.
import { describe, expect, it } from 'vitest';
import { mayBeFullFileSystem, sqliteFullProblem } from '../../src/store/sqlite/file-system-problem.js';

describe('which SQLite codes may mean a full file system', () => {
  it.each([
    ['SQLITE_IOERR', true],
    ['SQLITE_IOERR_WRITE', true],
    ['SQLITE_IOERR_FSYNC', true],
    ['SQLITE_IOERR_SHMSIZE', true],
    ['SQLITE_CANTOPEN', true],
    ['SQLITE_IOERR_READ', false],
    ['SQLITE_IOERR_SHORT_READ', false],
    ['SQLITE_IOERR_LOCK', false],
    ['SQLITE_IOERR_MMAP', false],
    ['SQLITE_IOERR_CORRUPTFS', false],
    ['SQLITE_CANTOPEN_ISDIR', false],
  ])('%s: %s', (code, may) => {
    expect(mayBeFullFileSystem(code)).toBe(may);
  });

  it('SQLITE_FULL names the folder and ENOSPC without asking for free space', () => {
    expect(sqliteFullProblem('/srv/fm')).toBe('"/srv/fm": file system full (ENOSPC)');
  });
});
