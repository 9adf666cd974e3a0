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
  it('poll --once says so in one line, naming the schedule and the setting', async () => {
    const polled = await runCli('poll', '--once', '--config', folderWith({ schedule: '* * * * *' }));
    expect(polled.code).toBe(0);
    expect(floorLines(`${polled.stdout}${polled.stderr}`)).toEqual([
      'feedmerge: warning: schedule "* * * * *" ("schedule") asks for a poll every 1 min, but fetch.minIntervalMinutes is 5: ' +
        'those sources are polled every 5 min at most (lower fetch.minIntervalMinutes to poll as scheduled)',
    ]);
  });

  it.each([
    ['the default schedule', {}],
    ['a 1-minute schedule with the floor lowered to 1', { schedule: '* * * * *', fetch: { minIntervalMinutes: 1 } }],
  ])('says nothing for %s', async (_name, extra) => {
    const polled = await runCli('poll', '--once', '--config', folderWith(extra));
    expect(polled.code).toBe(0);
    expect(floorLines(`${polled.stdout}${polled.stderr}`)).toEqual([]);
  });

  it('run says so at start, for a source schedule too', async () => {
    const config = folderWith({ sources: [{ id: 'fast', url: 'notes.xml', schedule: '*/2 * * * *' }] });
    const cli = startCli('run', '--workers', '0', '--config', config);
    try {
      await cli.waitFor('fetch.minIntervalMinutes is');
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
    const lines = floorLines(cli.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('schedule \\"*/2 * * * *\\" (source \\"fast\\") asks for a poll every 2 min');
  });
});
