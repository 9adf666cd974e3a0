// Test support: the real command line in a child process (through tsx, no build needed), with its
// output collected as it comes, for tests of what several processes on one database do.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once stderr (or stdout) contains `text`; rejects if the process exits first. */
  waitFor(text: string | RegExp): Promise<void>;
}

/** Starts `feedmerge ...args`. */
export function startCli(...args: string[]): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const onData = () => waiters.forEach((check) => check());
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onData();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onData();
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    waitFor(text) {
      const seen = () =>
        typeof text === 'string' ? stderr.includes(text) || stdout.includes(text) : text.test(stderr) || text.test(stdout);
      return new Promise<void>((resolve, reject) => {
        if (seen()) return resolve();
        waiters.push(() => seen() && resolve());
        void exited.then((code) =>
          seen() ? resolve() : reject(new Error(`exited (${code}) before printing ${String(text)}:\n${stdout}\n${stderr}`)),
        );
      });
    },
  };
}

/** Runs `feedmerge ...args` to the end. */
export async function runCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(...args);
  const code = await cli.exited;
  return { code, stdout: cli.stdout, stderr: cli.stderr };
}

/** Writes a config file into `dir` and returns its path. */
export function writeConfig(dir: string, config: object): string {
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}
