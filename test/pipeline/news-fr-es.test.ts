// The French and Spanish news set (test/fixtures/news-fr-es: six outlets in RSS 2.0, Atom and RSS 1.0, one in ISO-8859-1)
// through the real path: its feed files served on 127.0.0.1, `poll --once --all` and `stories --json` of the command line,
// run at the moment just after the set's newest item. Whatever the arrival order, no forbidden pair (day 1 / day 2 of
// talks, two days' index reports, namesakes, follow-ups, negated reports, two languages) shares a story, and recall stays
// above a floor a little under what was measured (0.96 after the French/Spanish fixes, 0.84 before: see the folder's README).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { frEsOrders, runFrEs, type RunCommand } from '../../scripts/eval/news-fr-es-run.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const shiftedClock = pathToFileURL(path.join(root, 'scripts/eval/shifted-clock.mjs')).href;

/** `feedmerge <args>` from the sources, its wall clock moved to `atMs` (scripts/eval/shifted-clock.mjs). */
const feedmerge: RunCommand = async (args, atMs) => {
  const env = { ...process.env, FEEDMERGE_EVAL_CLOCK_OFFSET_MS: String(atMs - Date.now()) };
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--import', shiftedClock, path.join(root, 'src/cli/main.ts'), ...args],
    {
      cwd: root,
      env,
      maxBuffer: 2 ** 26,
    },
  );
  return stdout;
};

describe('the French and Spanish news set through the command line', () => {
  it.each(frEsOrders.slice(0, 2))(
    'merges no forbidden pair and finds most retellings, sources arriving $name',
    async (order) => {
      const figures = await runFrEs(order, feedmerge);
      expect(figures.missing).toBe(0);
      expect(figures.forbiddenMerges).toEqual([]);
      expect(figures.falseMerges).toEqual([]);
      expect(figures.scores.r).toBeGreaterThanOrEqual(0.9);
      for (const language of ['fr', 'es']) expect(figures.byLanguage[language]!.r, language).toBeGreaterThanOrEqual(0.85);
    },
    300_000,
  );
});
