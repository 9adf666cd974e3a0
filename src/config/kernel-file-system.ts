// /proc, /sys and /dev are file systems the kernel makes up, not places for files. Writing there
// fails at best (sysfs: EPERM) and at worst never returns: procfs answers ENOENT to a mkdir of a
// name it does not know, and Node's recursive mkdir takes that for a missing parent, makes the
// parent (EEXIST) and tries again, forever, at full CPU (reproduced on Node 20.20: `poll --once`
// with publicDir or database under /proc never returns).
// On /dev (devtmpfs, in memory) the files of a root process vanish at the next boot. /dev/shm is
// the exception: a tmpfs meant to hold files, where the eval and benches keep their runs
// (scripts/eval/real-path-run.ts).
import path from 'node:path';

const kernelFileSystems = ['/proc', '/sys', '/dev'];
const filesInMemory = '/dev/shm';

/** The kernel file system (`/proc`, `/sys`, `/dev` but not /dev/shm) an absolute path lies in, or null. */
export function kernelFileSystemOf(absolutePath: string): string | null {
  const normal = path.posix.normalize(absolutePath);
  const under = (root: string): boolean => normal === root || normal.startsWith(`${root}/`);
  if (under(filesInMemory)) return null;
  return kernelFileSystems.find(under) ?? null;
}
