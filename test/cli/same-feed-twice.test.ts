// One feed listed twice in config.json (two ids, or two spellings of one URL or path) is polled and stored
// twice, and each of its stories counts it as two sources. The config accepts it, so `feedmerge sources`
// warns beside the second entry, naming the first; before, nothing said so.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli, writeConfig } from '../store/cli-process.js';

it('`sources` warns about each source that repeats an earlier one, and only about those', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-same-feed-'));
  writeFileSync(path.join(folder, 'local.xml'), '<rss version="2.0"><channel><title>L</title></channel></rss>');
  const config = writeConfig(folder, {
    database: 'feedmerge.db',
    sources: [
      { id: 'wire', url: 'https://wire.example/en.rss' },
      { id: 'local', url: 'local.xml' },
      { id: 'wire-again', url: 'HTTPS://Wire.Example:443/en.rss#top' },
      { id: 'local-again', url: path.join(folder, 'local.xml') },
      { id: 'other', url: 'https://wire.example/de.rss' },
      { id: 'off', url: 'https://wire.example/en.rss', enabled: false },
    ],
  });
  const result = await runCli('sources', '--config', config);
  expect(result.code).toBe(0);
  const warnings = result.stdout.split('\n').filter((line) => line.includes('WARNING'));
  expect(warnings).toEqual([
    `    WARNING: the same feed as source "wire": it is polled and stored twice and counted as two sources of its stories; list it once in ${config}`,
    `    WARNING: the same feed as source "local": it is polled and stored twice and counted as two sources of its stories; list it once in ${config}`,
  ]);
  const lines = result.stdout.split('\n');
  expect(lines[lines.indexOf(warnings[0]!) - 1]).toMatch(/^wire-again {2}/);
});
