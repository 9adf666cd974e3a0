// Why SQLite could not write a file, in the operator's words. SQLite's own messages ("unable to open
// database file", "attempt to write a readonly database", "database or disk is full") name neither
// the file nor the cause; these ask the file system, after the failure, what it was.
import { accessSync, constants, statfsSync } from 'node:fs';

const accessErrors: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
};

/**
 * Why `folder` takes no new files, or null: a read-only mount, a folder of another user, the
 * immutable attribute.
 */
export function unwritableFolder(folder: string): string | null {
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!(code in accessErrors)) return null;
    return `the folder "${folder}" takes no new files: ${code} (${accessErrors[code]})`;
  }
}

/**
 * Why the existing `file` cannot be written, or null (it can, or it does not exist): mode 0444 for
 * another user than root, the immutable attribute (EPERM even for root), a read-only mount or bind
 * mount of the file alone (EROFS).
 */
export function unwritableFile(file: string): string | null {
  const cause = fileWriteError(file);
  return cause && `the file "${file}" cannot be written: ${cause}`;
}

/** The error code and its words (`EPERM (operation not permitted)`) for an existing `file` this process cannot write, or null. */
export function fileWriteError(file: string): string | null {
  try {
    accessSync(file, constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return code in accessErrors ? `${code} (${accessErrors[code]})` : null;
  }
}

/**
 * SQLITE_FULL (outside SQLite's own page limit) in words naming `folder`: SQLite answers it only when the file
 * system refused a write as full (ENOSPC, or a short write), so the code says it whatever space is left after the
 * failure (a large write that failed leaves what it could not use). The one write SQLite makes elsewhere is a
 * temporary file of a large sort, in the temporary folder ($TMPDIR), which is then the one full.
 */
export function sqliteFullProblem(folder: string): string {
  return `"${folder}": file system full (ENOSPC)`;
}

// SQLite's I/O error codes (extended) that a full file system, or one out of inodes, can cause: a size hint's
// fallocate (WRITE; a disk quota too), an fsync that could not write delayed data, the -shm file's growth, a
// file that could not be created. A read, a lock or a mmap failing says nothing about space.
const SPACE_IO_CODES = new Set([
  'SQLITE_IOERR',
  'SQLITE_IOERR_WRITE',
  'SQLITE_IOERR_FSYNC',
  'SQLITE_IOERR_DIR_FSYNC',
  'SQLITE_IOERR_TRUNCATE',
  'SQLITE_IOERR_SHMSIZE',
  'SQLITE_IOERR_SHMOPEN',
  'SQLITE_CANTOPEN',
]);

/** Whether SQLite's I/O error `code` can mean a full file system: only then is its free space asked (fullFileSystem). */
export function mayBeFullFileSystem(code: string): boolean {
  return SPACE_IO_CODES.has(code);
}

/** Below this much free space, a write SQLite could not make is blamed on a full file system. */
const NEARLY_FULL_BYTES = 1024 * 1024;

/**
 * Whether the file system holding `folder` is out of inodes or (nearly) out of space, in words naming
 * the folder, or null. Called after SQLite failed with a code that does not say which (an I/O error of a
 * write, a file it could not open; SQLite keeps the errno from us): out of inodes, no file can be created there (the
 * "-wal" and "-shm" files, the lock file), which SQLite reports as "unable to open database file"; out
 * of space, a page cannot be written ("database or disk is full"), and what is left then is less than
 * the pages of the write that failed, not always nothing. Space is counted as this process may use it:
 * root may also use the blocks ext4 reserves for it.
 */
export function fullFileSystem(folder: string): string | null {
  let stats: ReturnType<typeof statfsSync>;
  try {
    stats = statfsSync(folder);
  } catch {
    return null;
  }
  // A file system that does not count inodes (btrfs says 0 files in all) has none to run out of.
  if (stats.files > 0 && stats.ffree === 0) return `"${folder}": no free inodes`;
  const freeBlocks = process.getuid?.() === 0 ? stats.bfree : stats.bavail;
  if (freeBlocks * stats.bsize < NEARLY_FULL_BYTES) return `"${folder}": file system full (ENOSPC)`;
  return null;
}
