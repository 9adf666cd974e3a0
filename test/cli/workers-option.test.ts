// `--workers` of `run` and `serve` through the real command line: a value that is no whole number of
// 0 or more is a usage error (exit 2) named like every other bad option value, with the command's own usage.
import { describe, expect, it } from 'vitest';
import { runCli } from '../store/cli-process.js';

describe('--workers', () => {
  it.each([
    ['serve', '-1'],
    ['run', '1.5'],
  ])('%s --workers %s exits 2, naming the option and showing the command’s usage', async (command, value) => {
    const result = await runCli(command, '--workers', value);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^error: option '--workers <n>' argument '${value.replace('.', '\\.')}' is invalid\\. must be a whole number, 0 or more\\.\\n`,
      ),
    );
    expect(result.stderr).toContain(`Usage: feedmerge ${command} [options]`);
  });
});
