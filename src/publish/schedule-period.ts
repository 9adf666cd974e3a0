// How often the feeds can change, read from the poll schedule: the basis of Cache-Control.

/**
 * The period in seconds of a cron schedule, for the common shapes ("*\/10 * * * *", "5 * * * *",
 * "0 *\/2 * * *", "0,30 * * * *", "0 6 * * *"); anything else counts as hourly. A poll can only
 * change a feed once per period, so clients caching for that long miss nothing they could have seen.
 */
export function schedulePeriodSeconds(cron: string): number {
  const fields = cron.trim().split(/\s+/);
  // node-cron accepts an optional leading seconds field.
  const [minute, hour] = fields.length === 6 ? fields.slice(1) : fields;
  const step = (field: string | undefined, unit: number): number | null => {
    if (field === undefined) return null;
    if (field === '*') return unit;
    const every = /^\*\/(\d+)$/.exec(field);
    if (every) return Number(every[1]) * unit;
    if (/^\d+(,\d+)+$/.test(field)) {
      const values = field
        .split(',')
        .map(Number)
        .sort((a, b) => a - b);
      const gaps = values.slice(1).map((v, i) => v - values[i]!);
      return Math.max(1, Math.min(...gaps)) * unit;
    }
    return null;
  };
  const minutes = step(minute, 60);
  if (minutes !== null && minute !== '*') return minutes;
  if (minute === '*') return hour === '*' ? 60 : 3600;
  const hours = step(hour, 3600);
  if (hours !== null) return hours;
  if (/^\d+$/.test(hour ?? '')) return 86_400;
  return 3600;
}
