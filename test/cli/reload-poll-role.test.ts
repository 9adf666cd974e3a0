// SIGHUP to `run --role poll` (on SQLite, the file's one writer), through the real CLI: one warning
// that it does not reload, and no "reloading the config" before it (which said the opposite).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startCli, writeConfig } from '../store/cli-process.js';

it('`run --role poll` answers SIGHUP with its one warning only', { timeout: 120_000 }, async () => {
  const config = writeConfig(mkdtempSync(path.join(tmpdir(), 'feedmerge-hup-poll-')), {
    database: 'feedmerge.db',
    sources: [{ id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') }],
  });
  const cli = startCli('run', '--role', 'poll', '--config', config);
  try {
    await cli.waitFor(/"source":"local".*"msg":"source polled"/);
    cli.child.kill('SIGHUP');
    await cli.waitFor('config not reloaded');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const records = cli.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(records.filter((r) => /reload/.test(r.msg))).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'config not reloaded: role poll reads config.json only at start; restart it' }),
    ]);
  } finally {
    if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
  }
});
