// "outputs": [] is a deployment that uses feedmerge as a store only (dedup, `stories --json`,
// `export`) and publishes no feed on purpose. It must keep starting after an upgrade: one warning
// line says that nothing is published and how to get the default output. Before, it was exit 2.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, writeConfig } from '../store/cli-process.js';

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
    server: { host: '127.0.0.1', port: 0 },
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

  // Only a process that publishes says it: the pollers and the placer of a scaled-out deployment
  // publish nothing whatever "outputs" holds, and a warning from each of them (any number of
  // pollers) would repeat in every log what the serving processes already say.
  it.each<[string, string[], string | RegExp, number]>([
    ['run --role serve publishes: one warning line', ['run', '--role', 'serve', '--workers', '0'], /"msg":"serving http/, 1],
    ['run --role poll publishes nothing: no warning', ['run', '--role', 'poll'], 'polling as', 0],
    ['run --role place publishes nothing: no warning', ['run', '--role', 'place'], 'placing items in stories', 0],
  ])('%s', async (_name, args, started, warnings) => {
    const cli = startCli(...args, '--config', config);
    try {
      await cli.waitFor(started);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
    expect(`${cli.stdout}${cli.stderr}`.split('\n').filter((line) => line.includes('is empty: no feed is published'))).toHaveLength(
      warnings,
    );
  });
});
