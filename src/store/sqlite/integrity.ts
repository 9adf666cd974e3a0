// Is the database file sound? PRAGMA quick_check reads every page and checks the b-tree structure
// (not index contents): about 1.6 ms of CPU per MB, so it runs once per open of a writer or a
// server, never per request. What it finds is remembered beside the database ("<file>-damaged"),
// so commands that only read can warn without paying for a check of their own.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Db } from './database.js';

/** The file that remembers a failed check. */
function markerFile(databaseFile: string): string {
  return `${databaseFile}-damaged`;
}

/** Runs quick_check; null when the file is sound, else the first problems in one line. */
export function quickCheck(db: Db): string | null {
  const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((line) => line !== 'ok');
  return problems.length ? problems.join('; ').replace(/\s*\n\s*/g, ' ') : null;
}

/** Remembers the outcome of a check for later readers (a passing check forgets an old failure). */
export function rememberCheck(databaseFile: string, problem: string | null, at: string): void {
  if (databaseFile === ':memory:') return;
  try {
    if (problem === null) rmSync(markerFile(databaseFile), { force: true });
    else writeFileSync(markerFile(databaseFile), `${at} ${problem}\n`);
  } catch {
    // Only a hint for readers: a directory we cannot write does not change what the check found.
  }
}

/** What the last check that failed found ("TIME problem"), if no check has passed since. */
export function rememberedDamage(databaseFile: string): string | null {
  if (databaseFile === ':memory:') return null;
  try {
    return readFileSync(markerFile(databaseFile), 'utf8').trim() || null;
  } catch {
    return null;
  }
}
