// A source the config file disables ("enabled": false) is turned on in the file, not by `sources enable`,
// which lifts only a disable feedmerge stored itself (HTTP 410 Gone). Before, `sources` told the operator
// to run `sources enable`, which printed "enabled, polled at the next cycle", exited 0 and changed
// nothing: the source stayed unpolled.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../store/cli-process.js';

const feed = (title: string): string =>
  `<rss version="2.0"><channel><title>${title}</title><item><title>${title} item</title><link>https://${title}.example/1</link></item></channel></rss>`;

describe('a source disabled in the config file', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-config-disabled-'));
  writeFileSync(path.join(folder, 'on.xml'), feed('on'));
  writeFileSync(path.join(folder, 'off.xml'), feed('off'));
  const config = writeConfig(folder, {
    database: 'feedmerge.db',
    publicDir: 'public',
    sources: [
      { id: 'on', url: 'on.xml' },
      { id: 'off', url: 'off.xml', enabled: false },
    ],
  });

  it('is listed with how to turn it on in the file, not with `sources enable`', async () => {
    expect((await runCli('poll', '--once', '--config', config)).code).toBe(0);
    const listed = await runCli('sources', '--config', config);
    expect(listed.code).toBe(0);
    const offLines = listed.stdout.slice(listed.stdout.indexOf('off  ')).split('\n');
    expect(offLines[1]).toContain('next poll never (disabled)');
    expect(offLines[2]).toBe(
      `    DISABLED: source "off" is disabled in ${config} ("enabled": false); to poll it, set "enabled": true there and reload a running service (systemctl reload feedmerge, or kill -HUP)`,
    );
    expect(listed.stdout).not.toContain('sources enable off');
  });

  it('makes `sources enable` fail (exit 1) saying so, instead of claiming it is enabled', async () => {
    const result = await runCli('sources', 'enable', 'off', '--config', config);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`feedmerge: source "off" is disabled in ${config} ("enabled": false)`);
    // And it is indeed still not polled.
    const polled = await runCli('poll', '--once', '--all', '--config', config);
    expect(polled.stdout).not.toContain('off:');
  });
});
