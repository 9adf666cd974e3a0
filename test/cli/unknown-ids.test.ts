// A command line naming an output or source the config does not have is a usage error: exit 2, one
// line naming the ids there are, and before the database is opened (here there is none yet, which
// would otherwise be reported first, with exit 3).
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../store/cli-process.js';

const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-ids-'));
const config = writeConfig(folder, {
  database: 'never-created.db',
  sources: [{ id: 'alpha', url: 'alpha.xml' }],
  outputs: [{ id: 'news' }],
});

describe('unknown ids on the command line', () => {
  it.each([
    [['export', '--output', 'nope'], 'unknown output "nope" (config has: news)'],
    [['stories', '--output', 'nope'], 'unknown output "nope" (config has: news)'],
    [['sources', 'enable', 'nope'], 'unknown source "nope" (config has: alpha)'],
  ])('%j exits 2: %s', async (args, message) => {
    const result = await runCli(...args, '--config', config);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `feedmerge: ${message}\n` });
    // Checked before the database is opened: no store file (nor a -wal or -journal beside it) was made.
    expect(existsSync(path.join(folder, 'never-created.db'))).toBe(false);
    expect(readdirSync(folder)).toEqual(['config.json']);
  });
});
