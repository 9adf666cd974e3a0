// `fetch.minIntervalMinutes` (default 5) is a floor under every schedule: a source on `* * * * *`
// is polled every 5 minutes, not every minute. That is the politeness the setting is for, but an
// operator who wrote a 1-minute schedule saw nothing that said so (a tryout ran a `* * * * *`
// deployment and found its sources polled every five minutes). Each start and reload says it once
// per schedule, with the setting to change.
import { schedulePeriodSeconds } from '../cron-schedule.js';
import type { Config } from './schema.js';

/** One warning per schedule (global or a source's) whose period is shorter than fetch.minIntervalMinutes. */
export function scheduleFloorWarnings(config: Config): string[] {
  const floorSeconds = config.fetch.minIntervalMinutes * 60;
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
    const period = schedulePeriodSeconds(schedule, timeZone);
    if (period >= floorSeconds) continue;
    const named = where.length > 3 ? `${where.slice(0, 3).join(', ')} and ${where.length - 3} more` : where.join(', ');
    warnings.push(
      `schedule "${schedule}" (${named}) asks for a poll every ${duration(period)}, but fetch.minIntervalMinutes is ${config.fetch.minIntervalMinutes}: ` +
        `those sources are polled every ${duration(floorSeconds)} at most (lower fetch.minIntervalMinutes to poll as scheduled)`,
    );
  }
  return warnings;
}

function duration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
