// A schedule shorter than fetch.minIntervalMinutes (default 5) is polled at that floor, not as
// written: an operator running `* * * * *` saw its sources polled every five minutes with nothing
// in the output saying why. The processes that poll say so once at start (and `run` at each reload),
// naming the schedule, who uses it and the setting to change; a schedule the floor allows says nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, writeConfig } from '../store/cli-process.js';

const feed = `<rss version="2.0"><channel><title>notes</title><item><title>Ferry cancelled</title><link>https://notes.example/1</link></item></channel></rss>`;

function folderWith(extra: Record<string, unknown>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-schedule-floor-'));
  writeFileSync(path.join(folder, 'notes.xml'), feed);
  return writeConfig(folder, {
    database: 'feedmerge.db',
    publicDir: 'public',
    server: { host: '127.0.0.1', port: 0 },
    sources: [
      { id: 'notes', url: 'notes.xml' },
      { id: 'hourly', url: 'notes.xml', schedule: '0 * * * *' },
    ],
    ...extra,
  });
}

const floorLines = (output: string) => output.split('\n').filter((line) => line.includes('fetch.minIntervalMinutes is'));

describe('a schedule shorter than fetch.minIntervalMinutes', () => {
  // Run from the system cron every minute, the same warning each run was a cron mail a minute: `poll
  // --once` says it only at a terminal (the processes that run on, `run` and `run --role poll`, at start).
  it.each([
    ['a 1-minute schedule, from cron (no terminal)', { schedule: '* * * * *' }],
    ['the default schedule', {}],
    ['a 1-minute schedule with the floor lowered to 1', { schedule: '* * * * *', fetch: { minIntervalMinutes: 1 } }],
  ])('poll --once says nothing for %s', async (_name, extra) => {
    const polled = await runCli('poll', '--once', '--config', folderWith(extra));
    expect(polled.code).toBe(0);
    expect(floorLines(`${polled.stdout}${polled.stderr}`)).toEqual([]);
  });

  it('run says so at start, for a source schedule too, and at a reload only what the reload made new', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-schedule-floor-'));
    writeFileSync(path.join(folder, 'notes.xml'), feed);
    const write = (schedule: string) =>
      writeConfig(folder, {
        database: 'feedmerge.db',
        publicDir: 'public',
        server: { host: '127.0.0.1', port: 0 },
        sources: [{ id: 'fast', url: 'notes.xml', schedule }],
      });
    const config = write('*/2 * * * *');
    const cli = startCli('run', '--workers', '0', '--config', config);
    try {
      await cli.waitFor('fetch.minIntervalMinutes is');
      await cli.waitFor('"msg":"cycle finished"');
      // The same config again: nothing new to say. Then a second schedule: only its line.
      cli.child.kill('SIGHUP');
      await cli.waitFor('"msg":"config reloaded"');
      write('0,1 * * * *');
      cli.child.kill('SIGHUP');
      await cli.waitFor('0,1 * * * *\\\" (source');
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
    expect(cli.stderr.split('"msg":"config reloaded"')).toHaveLength(3);
    const lines = floorLines(cli.stderr);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(
      'schedule \\"*/2 * * * *\\" (source \\"fast\\") asks for polls 2 min apart, but fetch.minIntervalMinutes is 5: ' +
        'those sources are polled every 5 min at most (lower fetch.minIntervalMinutes to poll as scheduled)',
    );
    // An hourly schedule with two ticks a minute apart: its shortest gap counts, not its period.
    expect(lines[1]).toContain('schedule \\"0,1 * * * *\\" (source \\"fast\\") asks for polls 1 min apart');
  });
});
