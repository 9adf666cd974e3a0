// `sources add` and `sources import` edit the config file, which a running `run` reads only at a
// reload: beside one, they name its pid and the reload, so an added source is not left unpolled
// without a word. Without a running `run` (none yet, or one that has ended and left its record in
// the lock file) they print no such line.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCli, startCli, writeConfig } from '../store/cli-process.js';

const root = path.resolve(import.meta.dirname, '../..');
let folder = '';
afterEach(() => rmSync(folder, { recursive: true, force: true }));

it('names the running run and the reload after an add or import, and nothing once it has ended', { timeout: 120_000 }, async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-add-running-'));
  for (const name of ['dpa-newsticker.rss', 'tag24-ukraine-ticker.atom', 'regionalzeitung-latin1.rss'])
    copyFileSync(path.join(root, 'data/samples', name), path.join(folder, name));
  const config = writeConfig(folder, {
    database: 'f.db',
    publicDir: 'public',
    server: { port: 0 },
    sources: [{ id: 'dpa', url: 'dpa-newsticker.rss' }],
  });
  const service = startCli('run', '--workers', '0', '--config', config);
  try {
    await service.waitFor('"source":"dpa","outcome":"ingested"');
    const added = await runCli('sources', 'add', path.join(folder, 'tag24-ukraine-ticker.atom'), '--id', 'tag24', '--config', config);
    expect(added.code).toBe(0);
    expect(added.stdout.trimEnd().split('\n').at(-1)).toMatch(
      new RegExp(
        String.raw`^pid ${service.child.pid} \(run, since [0-9T:.Z-]+\) polls this database and reads the config file only at a reload: ` +
          String.raw`\`kill -HUP ${service.child.pid}\` \(under systemd: systemctl reload feedmerge\) polls the new source now$`,
      ),
    );
    const opml = path.join(folder, 'more.opml');
    writeFileSync(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body><outline type="rss" text="Region" xmlUrl="${path.join(folder, 'regionalzeitung-latin1.rss')}"/></body></opml>`,
    );
    const imported = await runCli('sources', 'import', opml, '--config', config);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`pid ${service.child.pid} (run, since `);
  } finally {
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  }
  // The lock file still records the ended run; its pid is gone, so no hint.
  const removed = await runCli('sources', 'remove', 'tag24', '--config', config);
  expect(removed.code).toBe(0);
  const again = await runCli('sources', 'add', path.join(folder, 'tag24-ukraine-ticker.atom'), '--id', 'tag24', '--config', config);
  expect(again.code).toBe(0);
  expect(again.stdout).not.toContain('kill -HUP');
  expect(again.stdout.trimEnd().split('\n').at(-1)).toMatch(/^added source "tag24"/);
});
