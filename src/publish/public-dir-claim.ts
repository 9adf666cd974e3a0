// Several processes may write one publicDir: `serve` replicas, a `poll --once` from cron, a `run`.
// Each renders from the store as it was when it read it, and a write can come late (the retry of a
// failed write, every 5 s; a slow render): without an order, a process replaced newer files with an
// older publication. So a publish claims the folder before it reads the store, and writes only while
// its claim is the latest one there: a claim made later reads the store later, so it is as new or
// newer. A claim is one small file in publicDir holding a random token, replaced atomically.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeFolder } from '../make-folder.js';

/** The claim file; outside `feeds/` and `outputs/`, whose stale files a publish deletes. */
export const CLAIM_FILE = '.feedmerge-publication';

/** One publish's claim on a publicDir: the claim file's text while no later publish claimed it. */
export interface PublicDirClaim {
  publicDir: string;
  /** Its own token; or, when it could not write one, what the file held then (null: no file). */
  expected: string | null;
}

/**
 * Claims `publicDir` for a publish about to read the store. When the claim cannot be written (the folder
 * cannot be made or written by this process, the disk is full), the publish's own write will fail and say
 * why; its retry, once the folder takes files, still writes only while no other process claimed meanwhile.
 */
export function claimPublicDir(publicDir: string, now: Date): PublicDirClaim {
  const token = `${now.toISOString()} ${randomBytes(9).toString('hex')}`;
  const file = path.join(publicDir, CLAIM_FILE);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    makeFolder(publicDir);
    writeFileSync(temp, `${token}\n`);
    renameSync(temp, file);
    return { publicDir, expected: token };
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Never made (publicDir is a file, say).
    }
    return { publicDir, expected: readClaim(publicDir) };
  }
}

/**
 * Whether no publish claimed the folder after `claim`. A claim file that is gone or unreadable (a folder
 * emptied by hand) names no later publish, so the write goes on.
 */
export function isLatestClaim(claim: PublicDirClaim): boolean {
  const text = readClaim(claim.publicDir);
  return text === null || text === claim.expected;
}

function readClaim(publicDir: string): string | null {
  try {
    return readFileSync(path.join(publicDir, CLAIM_FILE), 'utf8').trim();
  } catch {
    return null;
  }
}
