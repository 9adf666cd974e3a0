// Runs the built command line (`node bin/feedmerge.js …`, after `npm run build`) as a deployment does:
// a child process per command, its exit code checked.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StoryJson } from './assign-stories.js';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repositoryRoot, 'bin/feedmerge.js');
/** Moves the command line's wall clock (see the file); `--import` takes it as a URL. */
const shiftedClock = pathToFileURL(path.join(repositoryRoot, 'scripts/eval/shifted-clock.mjs')).href;

export interface CliResult {
  stdout: string;
  stderr: string;
  wallMs: number;
}

/**
 * Runs `feedmerge <args>`; a non-zero exit is an error naming the command and its stderr. `clockOffsetMs` moves the
 * process's wall clock (scripts/eval/shifted-clock.mjs): the eval runs a set at the moment just after its newest item.
 */
export function feedmergeCli(args: readonly string[], clockOffsetMs = 0): Promise<CliResult> {
  if (!existsSync(path.join(repositoryRoot, 'dist/cli/main.js')))
    throw new Error(`no build at ${path.join(repositoryRoot, 'dist')}: run \`npm run build\` first`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const clock = clockOffsetMs === 0 ? [] : ['--import', shiftedClock];
    const env = { ...process.env, FEEDMERGE_EVAL_CLOCK_OFFSET_MS: String(clockOffsetMs) };
    execFile(process.execPath, [...clock, bin, ...args], { cwd: repositoryRoot, env, maxBuffer: 2 ** 30 }, (error, stdout, stderr) => {
      if (error)
        reject(
          new Error(
            `feedmerge ${args.join(' ')} failed (${error.code ?? error.signal}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
      else resolve({ stdout, stderr, wallMs: performance.now() - started });
    });
  });
}

/** `feedmerge poll --once --all --config <file>`: the per-source lines that report an error. */
export async function pollOnce(configFile: string, clockOffsetMs = 0): Promise<{ errors: string[]; wallMs: number }> {
  const result = await feedmergeCli(['poll', '--once', '--all', '--config', configFile], clockOffsetMs);
  return { errors: result.stdout.split('\n').filter((line) => /^[^:]+: (?:error|disabled): /.test(line)), wallMs: result.wallMs };
}

/** `feedmerge stories --json --config <file>`, parsed. */
export async function storiesJson(configFile: string, clockOffsetMs = 0): Promise<StoryJson[]> {
  return JSON.parse((await feedmergeCli(['stories', '--json', '--config', configFile], clockOffsetMs)).stdout) as StoryJson[];
}
