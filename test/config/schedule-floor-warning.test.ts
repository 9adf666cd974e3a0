// Which schedules the start-up warning names, and what it says: the shortest gap between two ticks
// counts (an hourly `0,1 * * * *` asks for two polls a minute apart), a seconds field meets the
// scheduler's one tick a minute whatever fetch.minIntervalMinutes allows, and durations read as
// people write them (0.1 min is "6 s", not 6.000000000000001).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { scheduleFloorWarnings } from '../../src/config/schedule-floor-warning.js';

const warningsFor = (schedule: string, minIntervalMinutes?: number) =>
  scheduleFloorWarnings(
    parseConfig(
      {
        database: ':memory:',
        schedule,
        fetch: minIntervalMinutes === undefined ? {} : { minIntervalMinutes },
        sources: [{ id: 'a', url: '/tmp/a.xml' }],
      },
      '/tmp/config.json',
    ),
  );

describe('scheduleFloorWarnings', () => {
  it.each([
    [
      '* * * * *',
      undefined,
      'asks for polls 1 min apart, but fetch.minIntervalMinutes is 5: those sources are polled every 5 min at most (lower fetch.minIntervalMinutes to poll as scheduled)',
    ],
    ['0,1 * * * *', undefined, 'asks for polls 1 min apart, but fetch.minIntervalMinutes is 5'],
    ['0,2 * * * *', undefined, 'asks for polls 2 min apart, but fetch.minIntervalMinutes is 5'],
    ['*/2 9-17 * * 1-5', undefined, 'asks for polls 2 min apart'],
    ['*/10 * * * *', 15, 'those sources are polled every 15 min at most'],
    ['*/5 * * * *', 7.5, 'asks for polls 5 min apart, but fetch.minIntervalMinutes is 7.5: those sources are polled every 7.5 min at most'],
    [
      '*/10 * * * * *',
      0.5,
      'asks for polls 10 s apart, but the scheduler ticks once a minute: those sources are polled every minute at most',
    ],
    [
      '*/10 * * * * *',
      0.1,
      'asks for polls 10 s apart, but the scheduler ticks once a minute: those sources are polled every minute at most',
    ],
    [
      '*/30 * * * * *',
      5,
      'asks for polls 30 s apart, but fetch.minIntervalMinutes is 5: those sources are polled every 5 min at most (the scheduler ticks once a minute; lower fetch.minIntervalMinutes to 1 to poll every minute)',
    ],
  ])('warns about "%s" with fetch.minIntervalMinutes %s', (schedule, minimum, said) => {
    const warnings = warningsFor(schedule, minimum);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`schedule "${schedule}" ("schedule") asks for polls `);
    expect(warnings[0]).toContain(said);
  });

  it.each([
    ['*/5 * * * *', undefined],
    ['0,30 * * * *', undefined],
    ['0,10 0 * * *', undefined],
    ['* * * * *', 1],
    ['* * * * *', 0.1],
    ['0 * * * * *', 0.5],
  ])('says nothing about "%s" with fetch.minIntervalMinutes %s', (schedule, minimum) => {
    expect(warningsFor(schedule, minimum)).toEqual([]);
  });
});

// `run --role poll` looks for due sources every second: there only fetch.minIntervalMinutes holds a seconds field back.
describe('scheduleFloorWarnings for a poller (no minute ticks)', () => {
  const forPoller = (schedule: string, minIntervalMinutes: number) =>
    scheduleFloorWarnings(
      parseConfig(
        { database: ':memory:', schedule, fetch: { minIntervalMinutes }, sources: [{ id: 'a', url: '/tmp/a.xml' }] },
        '/tmp/config.json',
      ),
      { minuteTicks: false },
    );

  it('names the minimum, not the minute', () => {
    expect(forPoller('*/10 * * * * *', 0.5)).toEqual([
      'schedule "*/10 * * * * *" ("schedule") asks for polls 10 s apart, but fetch.minIntervalMinutes is 0.5: ' +
        'those sources are polled every 30 s at most (lower fetch.minIntervalMinutes to poll as scheduled)',
    ]);
  });

  it('says nothing when the minimum allows the schedule', () => {
    expect(forPoller('*/10 * * * * *', 0.1)).toEqual([]);
  });
});
