// `fetch.minIntervalMinutes` (default 5) is a floor under every schedule: a source on `* * * * *`
// is polled every 5 minutes, not every minute. That is the politeness the setting is for, but an
// operator who wrote a 1-minute schedule saw nothing that said so (a tryout ran a `* * * * *`
// deployment and found its sources polled every five minutes). The processes that poll say it once
// per schedule at start, with the setting to change (service.ts, roles.ts, `poll --once` in cli/main.ts).
import { scheduleShortestGapSeconds } from '../cron-schedule.js';
import type { Config } from './schema.js';

/**
 * One warning per schedule (global or a source's) with two ticks closer than fetch.minIntervalMinutes,
 * or than the scheduler's minute (`minuteTicks`, true unless the process polls every second).
 */
export function scheduleFloorWarnings(config: Config, options: { minuteTicks?: boolean } = {}): string[] {
  const floorSeconds = config.fetch.minIntervalMinutes * 60;
  // `run` and `poll --once` (the system cron) poll at most once a minute; `run --role poll` looks for due sources every second.
  const minuteSeconds = options.minuteTicks === false ? 0 : minuteTick;
  const users = new Map<string, { schedule: string; timeZone: string; where: string[] }>();
  const note = (schedule: string, timeZone: string, where: string) => {
    const key = `${timeZone} ${schedule}`;
    const entry = users.get(key) ?? { schedule, timeZone, where: [] };
    entry.where.push(where);
    users.set(key, entry);
  };
  const enabled = config.sources.filter((s) => s.enabled);
  if (enabled.some((s) => s.schedule === undefined)) note(config.schedule, config.timezone, '"schedule"');
  for (const source of enabled) {
    if (source.schedule !== undefined) note(source.schedule, source.timezone ?? config.timezone, `source "${source.id}"`);
  }
  const warnings: string[] = [];
  for (const { schedule, timeZone, where } of users.values()) {
    // The shortest gap, not the typical one: `0,1 * * * *` asks for a second poll a minute after the first.
    const gap = scheduleShortestGapSeconds(schedule, timeZone);
    if (gap >= Math.max(floorSeconds, minuteSeconds)) continue;
    const named = where.length > 3 ? `${where.slice(0, 3).join(', ')} and ${where.length - 3} more` : where.join(', ');
    const asked = `schedule "${schedule}" (${named}) asks for polls ${duration(gap)} apart`;
    // The scheduler ticks once a minute, whatever a seconds field says (cron-schedule.ts, everyMinute).
    const ticks = 'the scheduler ticks once a minute';
    if (floorSeconds < minuteSeconds) {
      warnings.push(`${asked}, but ${ticks}: those sources are polled every minute at most`);
    } else {
      const lower =
        gap < minuteSeconds
          ? `${ticks}; lower fetch.minIntervalMinutes to 1 to poll every minute`
          : 'lower fetch.minIntervalMinutes to poll as scheduled';
      warnings.push(
        `${asked}, but fetch.minIntervalMinutes is ${config.fetch.minIntervalMinutes}: those sources are polled every ${duration(floorSeconds)} at most (${lower})`,
      );
    }
  }
  return warnings;
}

const minuteTick = 60;

/** "6 s", "5 min", "7.5 min": without the float noise of 0.1 * 60. */
function duration(seconds: number): string {
  const rounded = Math.round(seconds * 1000) / 1000;
  return rounded < minuteTick ? `${rounded} s` : `${Number((rounded / minuteTick).toFixed(2))} min`;
}
