// "outputs": [] is a deployment that uses feedmerge as a store only (dedup, `stories --json`,
// `export`) and publishes no feed on purpose. It must keep starting after an upgrade: one warning
// line says that nothing is published and how to get the default output. Before, it was exit 2.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../store/cli-process.js';

describe('an empty outputs list', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-empty-outputs-'));
  writeFileSync(
    path.join(folder, 'notes.xml'),
    `<rss version="2.0"><channel><title>notes</title><item><title>Fähre fällt aus</title><link>https://notes.example/1</link></item></channel></rss>`,
  );
  const config = writeConfig(folder, {
    database: 'feedmerge.db',
    publicDir: 'public',
    sources: [{ id: 'notes', url: 'notes.xml' }],
    outputs: [],
  });

  it('polls and stores with one warning line, publishes no feed, and the stories can be read', async () => {
    const polled = await runCli('poll', '--once', '--config', config);
    expect(polled.code).toBe(0);
    expect(polled.stdout).toContain('notes: 1 new');
    const warnings = `${polled.stdout}${polled.stderr}`.split('\n').filter((line) => line.includes('"outputs" is empty'));
    expect(warnings).toEqual([
      'feedmerge: warning: "outputs" is empty: no feed is published (the stories are stored; leave "outputs" out for the default "all" over every source)',
    ]);
    const publicDir = path.join(folder, 'public');
    expect(existsSync(publicDir) ? readdirSync(publicDir, { recursive: true }).filter((f) => String(f).startsWith('feeds')) : []).toEqual(
      [],
    );
    const stories = await runCli('stories', '--json', '--config', config);
    expect(stories.code).toBe(0);
    expect(stories.stdout).toContain('Fähre fällt aus');
  });
});
