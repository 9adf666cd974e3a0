// A `database` that points at a file that is no SQLite database (config.json itself, a typo away):
// exit 3 through the real CLI, and nothing left beside that file. Before, the writer lock was taken
// first and "config.json-writer" stayed behind.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli, writeConfig } from './cli-process.js';

it('exits 3 for a file that is no database and leaves no lock file beside it', { timeout: 60_000 }, async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-not-a-db-'));
  const config = writeConfig(folder, {
    database: 'config.json',
    sources: [{ id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') }],
  });
  expect(await runCli('poll', '--once', '--config', config)).toEqual({
    code: 3,
    stdout: '',
    stderr: `feedmerge: Cannot open database "${config}": file is not a database\n`,
  });
  expect(readdirSync(folder)).toEqual(['config.json']);
});
