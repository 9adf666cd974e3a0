// `--workers` of `run` and `serve` through the real command line: a value that is no whole number of
// 0 or more is a usage error (exit 2) named like every other bad option value, with the command's own usage;
// and the start line counts one worker in the singular.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, writeConfig } from '../store/cli-process.js';

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

  it('says "1 HTTP worker process" when it serves with one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-workers-'));
    const config = writeConfig(dir, { database: 'feedmerge.db', server: { port: 0 }, sources: [{ id: 'a', url: 'a.xml' }] });
    const serve = startCli('serve', '--workers', '1', '--config', config);
    try {
      await serve.waitFor('"msg":"serving http:');
      expect(serve.stderr).toMatch(/"msg":"serving http:[^"]* with 1 HTTP worker process"/);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });
});
