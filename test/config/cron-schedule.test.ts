// The one reader of cron expressions: next tick (UTC and time zones, DST), typical period, validation.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { cronProblem, nextCronTick, schedulePeriodSeconds, timeZoneProblem } from '../../src/cron-schedule.js';
import { openStore } from '../../src/store/open-store.js';
import { runPollCycle } from '../../src/worker/poll-cycle.js';
import { workerContext } from '../../src/worker/service.js';
import { runCli } from '../store/cli-process.js';

const now = new Date('2026-11-26T06:00:00Z');

describe('nextCronTick (UTC)', () => {
  it.each([
    ['*/10 * * * *', '2026-11-26T06:03:20.500Z', '2026-11-26T06:10:00.000Z'],
    ['*/10 * * * *', '2026-11-26T06:10:00.000Z', '2026-11-26T06:20:00.000Z'],
    ['*/10 * * * *', '2026-11-26T23:55:00.000Z', '2026-11-27T00:00:00.000Z'],
    ['0 6 * * *', '2026-11-26T06:00:00.000Z', '2026-11-27T06:00:00.000Z'],
    ['30 * * * * *', '2026-11-26T06:00:00.000Z', '2026-11-26T06:00:30.000Z'],
    ['0 9 * * mon-fri', '2026-11-27T10:00:00.000Z', '2026-11-30T09:00:00.000Z'],
    ['0 0 1 jan *', '2026-11-26T06:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['0 0 29 2 *', '2026-11-26T06:00:00.000Z', '2028-02-29T00:00:00.000Z'],
    ['0 0 L * *', '2026-11-26T06:00:00.000Z', '2026-11-30T00:00:00.000Z'],
    ['0 12 * * 5L', '2026-11-26T06:00:00.000Z', '2026-11-27T12:00:00.000Z'],
    ['0 0 * * 1#1', '2026-11-26T06:00:00.000Z', '2026-12-07T00:00:00.000Z'],
    ['0 0 15W * *', '2026-11-01T06:00:00.000Z', '2026-11-16T00:00:00.000Z'],
    ['0 0 * * 7', '2026-11-26T06:00:00.000Z', '2026-11-29T00:00:00.000Z'],
  ])('%s after %s is %s', (expression, after, expected) => {
    expect(nextCronTick(expression, new Date(after)).toISOString()).toBe(expected);
    expect(nextCronTick(expression, new Date(after), 'UTC').toISOString()).toBe(expected);
  });

  it.each([
    // node-cron accepts it, but the 8th is never in the first week (day-of-month AND day-of-week, as node-cron matches).
    ['0 0 8 * 1#1', 'CRON_NEVER_FIRES'],
    ['0 0 31 2 *', 'INVALID_CRON'],
    ['every ten minutes', 'INVALID_CRON'],
  ])('throws for %s with code %s', (expression, code) => {
    expect(() => nextCronTick(expression, now)).toThrow(expect.objectContaining({ code }));
  });
});

describe('nextCronTick in a time zone', () => {
  it.each([
    // Winter (CET, UTC+1) and summer (CEST, UTC+2): 06:00 in Berlin is 05:00 or 04:00 UTC.
    ['0 6 * * *', 'Europe/Berlin', '2026-11-26T06:00:00Z', '2026-11-27T05:00:00.000Z'],
    ['0 6 * * *', 'Europe/Berlin', '2026-07-01T00:00:00Z', '2026-07-01T04:00:00.000Z'],
    // Friday 10:00 in New York: the next weekday 09:00 is Monday, 14:00 UTC.
    ['0 9 * * mon-fri', 'America/New_York', '2026-11-27T15:00:00Z', '2026-11-30T14:00:00.000Z'],
    // A half-hour offset; and the local day starts before the UTC one.
    ['0 0 * * *', 'Asia/Kolkata', '2026-01-01T00:00:00Z', '2026-01-01T18:30:00.000Z'],
    ['0 0 1 * *', 'Pacific/Auckland', '2026-11-26T06:00:00Z', '2026-11-30T11:00:00.000Z'],
    // Spring forward in Berlin (2026-03-29, 02:00 CET → 03:00 CEST): 02:30 does not exist and fires
    // when the hour is skipped; the day after, 02:30 CEST again.
    ['30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-29T01:00:00.000Z'],
    ['30 2 * * *', 'Europe/Berlin', '2026-03-29T01:00:00Z', '2026-03-30T00:30:00.000Z'],
    ['*/10 * * * *', 'Europe/Berlin', '2026-03-29T00:55:00Z', '2026-03-29T01:00:00.000Z'],
    ['*/10 * * * *', 'Europe/Berlin', '2026-03-29T01:00:00Z', '2026-03-29T01:10:00.000Z'],
    // Fall back (2026-10-25, 03:00 CEST → 02:00 CET): 02:30 happens twice and fires twice, so
    // every ten minutes stays ten minutes apart through the repeated hour.
    ['30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', '2026-10-25T00:30:00.000Z'],
    ['30 2 * * *', 'Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00.000Z'],
    ['30 2 * * *', 'Europe/Berlin', '2026-10-25T01:30:00Z', '2026-10-26T01:30:00.000Z'],
    ['*/10 * * * *', 'Europe/Berlin', '2026-10-25T00:55:00Z', '2026-10-25T01:00:00.000Z'],
    ['0 3 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', '2026-10-25T02:00:00.000Z'],
  ])('%s in %s after %s is %s', (expression, zone, after, expected) => {
    expect(nextCronTick(expression, new Date(after), zone).toISOString()).toBe(expected);
  });
});

describe('time zones in the poll cycle', () => {
  it('set the next poll time: the global timezone, or the source’s own', async () => {
    const feed = path.resolve('test/fixtures/fetch/local-file-source.xml');
    const config = parseConfig(
      {
        database: ':memory:',
        schedule: '0 6 * * *',
        timezone: 'Europe/Berlin',
        sources: [
          { id: 'berlin', url: feed },
          { id: 'new-york', url: feed, timezone: 'America/New_York' },
          { id: 'utc', url: feed, timezone: 'UTC' },
        ],
      },
      '/tmp/config.json',
    );
    const context = workerContext(config, await openStore(':memory:'));
    // Thursday 06:00 UTC is 07:00 in Berlin and 01:00 in New York.
    await runPollCycle(context, now, { force: true });
    expect((await context.store.sources.get('berlin')).nextPollAt).toBe('2026-11-27T05:00:00.000Z');
    expect((await context.store.sources.get('new-york')).nextPollAt).toBe('2026-11-26T11:00:00.000Z');
    expect((await context.store.sources.get('utc')).nextPollAt).toBe('2026-11-27T06:00:00.000Z');
  });
});

describe('schedulePeriodSeconds', () => {
  it.each([
    ['*/10 * * * *', 600],
    ['*/5 * * * *', 300],
    ['* * * * *', 60],
    ['0,30 * * * *', 1800],
    ['15 * * * *', 3600],
    ['0 */2 * * *', 7200],
    ['0 6 * * *', 86_400],
    ['0 */10 * * * *', 600],
    ['0 6 * * 1-5', 86_400],
    // Shapes the old field-by-field reading got wrong or called "hourly".
    ['0 9-17 * * *', 3600],
    ['0 8,20 * * *', 43_200],
    ['0 6 * * 1', 7 * 86_400],
    ['*/20 9-17 * * 1-5', 1200],
  ])('%s → %d s', (cron, seconds) => expect(schedulePeriodSeconds(cron)).toBe(seconds));

  it('is the same in a time zone with DST', () => {
    expect(schedulePeriodSeconds('0 6 * * *', 'Europe/Berlin')).toBe(86_400);
    expect(schedulePeriodSeconds('*/10 * * * *', 'America/New_York')).toBe(600);
  });
});

describe('validation', () => {
  it.each([
    ['*/10 * * * *', null],
    ['0 8 * * mon-fri', null],
    // Standard cron refuses these; node-cron ran `*/61` hourly and wrapped `5-1` round the hour.
    ['*/61 * * * *', /^step 61 is larger than the minute field's 0–59$/],
    ['*/24 */24 * * *', /^step 24 is larger than the hour field's 0–23$/],
    ['*/0 * * * *', /^step 0 in "\*\/0": a step is at least 1$/],
    ['*/59 * * * *', null],
    [
      '5-1 * * * *',
      /^range 5-1 is reversed: ranges go from low to high \(the minute field's 0–59\); to wrap around, write two \(5-59,0-1\)$/,
    ],
    ['0 8 * * fri-mon', /^range fri-mon is reversed: .*the day of week field's 0–7\); to wrap around, write two \(fri-6,0-mon\)$/],
    ['0 8 * dec-jan *', /^range dec-jan is reversed: /],
    ['0 8 * * 1-5', null],
    ['0 8 * * 5-7', null],
    // Sunday by name ends a range as 7: weekend ranges ran before the check came and must still run.
    ['0 10 * * sat-sun', null],
    ['0 10 * * fri-sun', null],
    ['0 10 * * SAT-SUN', null],
    ['0 10 * * sun-tue', null],
    // A step may reach the field's highest value, as in Vixie cron: the 1st of the month, January.
    ['0 0 */31 * *', null],
    ['0 0 1 */12 *', null],
    ['0 0 */32 * *', /^step 32 is larger than the day of month field's 1–31$/],
    ['61 * * * *', /^61 is outside the minute field's 0–59$/],
    ['0 0 0 * *', /^0 is outside the day of month field's 1–31$/],
    ['*/61 * * * * *', /^step 61 is larger than the second field's 0–59$/],
    // What node-cron alone judges keeps its reason, in our words ("is a invalid expression for minute").
    ['? * * * *', /^must be a cron expression such as "\*\/10 \* \* \* \*" \(\? is not valid in the minute field\)$/],
    ['every minute', /^must be a cron expression .*expected 5 or 6 fields/],
    ['0 0 8 * 1#1', /^never fires/],
  ])('cron %j → %s', (expression, expected) => {
    const problem = cronProblem(expression);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it.each([
    ['UTC', null],
    ['Europe/Berlin', null],
    ['America/Argentina/Buenos_Aires', null],
    ['Europe/Berlín', /^unknown time zone "Europe\/Berlín"/],
    ['CEST', /^unknown time zone/],
    ['', /^unknown time zone/],
  ])('time zone %j → %s', (name, expected) => {
    const problem = timeZoneProblem(name);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('a schedule standard cron refuses', () => {
  it('stops `poll --once` with exit 2 and one line naming the key and the field, before any database', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-cron-'));
    const config = path.join(folder, 'config.json');
    writeFileSync(config, JSON.stringify({ schedule: '*/61 * * * *', sources: [{ id: 'a', url: 'a.xml' }] }));
    expect(await runCli('poll', '--once', '--config', config)).toEqual({
      code: 2,
      stdout: '',
      stderr: `feedmerge: invalid config ${config}: schedule: step 61 is larger than the minute field's 0–59\n`,
    });
    expect(readdirSync(folder)).toEqual(['config.json']);
  }, 60_000);
});

describe('one reader of cron expressions', () => {
  it('node-cron is imported by src/cron-schedule.ts only', () => {
    const importers = sourceFiles('src').filter((file) => /from 'node-cron'/.test(readFileSync(file, 'utf8')));
    expect(importers).toEqual([path.join('src', 'cron-schedule.ts')]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}
