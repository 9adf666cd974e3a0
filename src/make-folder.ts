// Making the folders of the database and of publicDir. Node 20's mkdirSync(…, { recursive: true })
// never returns on a file system that makes up its entries: in /proc, mkdir of a new name answers
// ENOENT although the parent exists, and Node then makes the parent again and retries, forever
// (`poll --once` with publicDir "/proc/feedmerge" hung until killed). This walk ends with an error.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Creates `folder` and its missing parents, as mkdirSync(…, { recursive: true }) does, but throws where that loops. */
export function makeFolder(folder: string): void {
  const missing: string[] = [];
  let current = path.resolve(folder);
  while (!existsSync(current)) {
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  // A file where the folder should be: EEXIST, as recursive mkdir says (a file further up gives ENOTDIR below).
  if (missing.length === 0 && !statSync(current).isDirectory()) mkdirSync(current);
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      const cause = error as NodeJS.ErrnoException;
      // Made meanwhile by another process, or a name that is no folder: a dangling symlink (existsSync
      // follows it and says no, mkdir says EEXIST). Going on would blame the next child's ENOENT on /proc.
      if (cause.code === 'EEXIST' && statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
      if (cause.code === 'EEXIST') throw error;
      if (cause.code !== 'ENOENT') throw error;
      const message = `cannot create folder "${dir}": its parent "${path.dirname(dir)}" exists but takes no new folders (ENOENT; a file system the kernel makes up, such as /proc?)`;
      throw Object.assign(new Error(message, { cause }), { code: 'ENOENT', syscall: 'mkdir', path: dir });
    }
  }
}
