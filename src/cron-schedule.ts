// The one reader of cron expressions: validation, the next tick in a time zone, the typical period of
// a schedule, and the scheduler's minute tick. node-cron is reached only from this file.
import cron, { parse as parseCron, validateDetailed, type ParsedFields } from 'node-cron';

/** Why `expression` cannot be a schedule, or null when it can. */
export function cronProblem(expression: string): string | null {
  const fieldProblem = cronFieldProblem(expression);
  if (fieldProblem) return fieldProblem;
  const { valid, errors } = validateDetailed(expression);
  if (!valid) {
    // node-cron words it "61 is a invalid expression for minute".
    const detail = errors.map((e) => e.message.replace(/ is a invalid expression for (.+)$/, ' is not valid in the $1 field')).join('; ');
    return `must be a cron expression such as "*/10 * * * *"${detail ? ` (${detail})` : ''}`;
  }
  try {
    nextCronTick(expression, new Date(0));
    return null;
  } catch {
    return 'never fires (no matching date)';
  }
}

interface CronField {
  name: string;
  low: number;
  high: number;
  /** Names the field takes for its numbers ("jan" → 1, "sun" → 0), by their first three letters or in full. */
  names?: readonly string[];
  firstNamed?: number;
}

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const fiveFields: readonly CronField[] = [
  { name: 'minute', low: 0, high: 59 },
  { name: 'hour', low: 0, high: 23 },
  { name: 'day of month', low: 1, high: 31 },
  { name: 'month', low: 1, high: 12, names: months, firstNamed: 1 },
  { name: 'day of week', low: 0, high: 7, names: weekdays, firstNamed: 0 },
];

/**
 * What standard (Vixie) cron refuses and node-cron takes: a step wider than its field (`*\/61 * * * *`,
 * which node-cron ran hourly), a reversed range (`5-1`, which node-cron wrapped round to :05…:59, :00,
 * :01) and a number outside the field, each named with its field. Null when the numbers, ranges and
 * steps are within their fields; anything else (names, `L`, `W`, `#`, the field count) node-cron judges.
 */
function cronFieldProblem(expression: string): string | null {
  const parts = expression.trim().split(/\s+/);
  const fields = parts.length === 6 ? [{ name: 'second', low: 0, high: 59 }, ...fiveFields] : parts.length === 5 ? fiveFields : null;
  if (!fields) return null;
  for (const [i, field] of fields.entries()) {
    const span = `the ${field.name} field's ${field.low}–${field.high}`;
    for (const item of parts[i]!.split(',')) {
      const match = /^([^/]+?)(?:-([^/]+))?(?:\/(\d+))?$/.exec(item);
      if (!match) continue;
      const [, first, last, step] = match;
      if (step !== undefined) {
        if (Number(step) === 0) return `step 0 in "${item}": a step is at least 1`;
        // As Vixie cron: a step may be as large as the field's highest value ("0 0 */31 * *" is the 1st).
        if (Number(step) > field.high) return `step ${Number(step)} is larger than ${span}`;
      }
      const from = first === '*' ? field.low : fieldNumber(first!, field);
      let to = last === undefined ? from : fieldNumber(last, field);
      // "sat-sun", "fri-sun": Sunday ending a range is the day of week's 7, not 0 (node-cron runs them so).
      if (to === 0 && field.name === 'day of week' && !/^\d+$/.test(last!)) to = 7;
      for (const value of [from, to]) {
        if (value !== null && (value < field.low || value > field.high)) return `${value} is outside ${span}`;
      }
      if (from !== null && to !== null && from > to) {
        return `range ${item.replace(/\/.*$/, '')} is reversed: ranges go from low to high (${span}); to wrap around, write two (${first}-${field.name === 'day of week' ? 6 : field.high},${field.low}-${last})`;
      }
    }
  }
  return null;
}

/** A field's number or name as its number; null for anything else (`L`, `5W`, `1#2`), which node-cron judges. */
function fieldNumber(text: string, field: CronField): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  const named = lower.length >= 3 ? (field.names?.findIndex((name) => name === lower || name.slice(0, 3) === lower) ?? -1) : -1;
  return named >= 0 ? named + field.firstNamed! : null;
}

/** Why `name` is not an IANA time zone this Node.js knows ("Europe/Berlin", "UTC"), or null. */
export function timeZoneProblem(name: string): string | null {
  try {
    zoneOf(name);
    return null;
  } catch {
    return `unknown time zone "${name}" (an IANA name such as "Europe/Berlin" or "UTC")`;
  }
}

/**
 * The first tick of a 5- or 6-field node-cron expression strictly after `after`, read as wall-clock
 * time in `timeZone`: it fires at every instant whose local time matches. So across a DST change a
 * tick in the repeated hour fires twice, and one in the skipped hour fires when the hour is skipped
 * (as Vixie cron does): a schedule never pauses for an hour.
 */
export function nextCronTick(expression: string, after: Date, timeZone = 'UTC'): Date {
  // node-cron validates and expands the fields (names, ranges, steps); the walk below is ours because
  // node-cron only offers "next run from the wall clock". Like node-cron, day-of-month AND day-of-week must match.
  const compiled = compiledCron(expression);
  const zone = zoneOf(timeZone);
  const startMs = Math.floor(after.getTime() / 1000) * 1000 + 1000;
  // Local calendar days from the day before the start's local date: an offset change can move the
  // first ticks of a day before the start.
  let day = Math.floor((startMs + zone.offsetAt(startMs)) / dayMs) * dayMs - dayMs;
  // A leap-day-on-a-weekday pattern can need 28 years; node-cron itself gives up after 100.
  for (let i = 0; i < 366 * 100; i++, day += dayMs) {
    if (!dayMatches(compiled.fields, day)) continue;
    const tick = firstTickOfDay(compiled, day, startMs, zone);
    if (tick !== null) return new Date(tick);
  }
  throw Object.assign(new Error(`Cron expression "${expression}" never fires`), { code: 'CRON_NEVER_FIRES' });
}

/**
 * The typical time in seconds between two ticks of a schedule: the median gap over its first ticks
 * from a fixed date, so "0 6 * * 1-5" is daily and "0 9-17 * * *" hourly. A poll can change a feed
 * only once per period, so clients caching for that long miss nothing they could have seen.
 */
export function schedulePeriodSeconds(expression: string, timeZone = 'UTC'): number {
  const gaps = tickGapsMs(expression, timeZone);
  return gaps.length > 0 ? Math.round(gaps[Math.floor(gaps.length / 2)]! / 1000) : 366 * 86_400;
}

/**
 * The shortest time in seconds between two ticks of a schedule, over the same first ticks: `0,1 * * * *`
 * is hourly by its period but asks for two polls a minute apart.
 */
export function scheduleShortestGapSeconds(expression: string, timeZone = 'UTC'): number {
  const gaps = tickGapsMs(expression, timeZone);
  return gaps.length > 0 ? Math.round(gaps[0]! / 1000) : 366 * 86_400;
}

/** The gaps (ms, ascending) between a schedule's first 49 ticks from the fixed reference date. */
function tickGapsMs(expression: string, timeZone: string): number[] {
  const key = `${timeZone} ${expression}`;
  const cached = gapCache.get(key);
  if (cached !== undefined) return cached;
  const ticks: number[] = [];
  let at = periodReference;
  while (ticks.length < 49 && at < periodReference + 10 * 366 * dayMs) {
    at = nextCronTick(expression, new Date(at), timeZone).getTime();
    ticks.push(at);
  }
  const gaps = ticks
    .slice(1)
    .map((tick, i) => tick - ticks[i]!)
    .sort((a, b) => a - b);
  if (gapCache.size > 1000) gapCache.clear();
  gapCache.set(key, gaps);
  return gaps;
}

/** Where node-cron's own messages go (its default logger prints coloured lines to stdout). */
export interface SchedulerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A job run at the start of every minute; `stop()` ends the ticks (the job in flight is the caller's to await). */
export interface MinuteTick {
  stop(): Promise<void>;
}

/**
 * Runs `job` every minute, never two at once (a tick during a long run is skipped), with the minute
 * it fires for (node-cron's scheduled time, not when the job got to run). Per-source schedules are not
 * node-cron tasks: each source's next poll time comes from nextCronTick, and the minute tick polls what is due.
 */
export function everyMinute(job: (tick: Date) => Promise<void>, log: SchedulerLog): MinuteTick {
  cron.setLogger({
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m) => log.error(String(m)),
    debug: () => {},
  });
  const task = cron.schedule('* * * * *', (context) => job(context.date), { noOverlap: true, name: 'poll' });
  return {
    async stop() {
      await task.stop();
    },
  };
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
// Monday 2026-01-05 00:00 UTC: periods are measured from a fixed date, so they never depend on the clock.
const periodReference = Date.UTC(2026, 0, 5);
const gapCache = new Map<string, number[]>();

interface CompiledCron {
  fields: ParsedFields;
  seconds: number[];
  minutes: number[];
  hours: number[];
}

// A cycle asks for the next tick of the same few expressions a thousand times; node-cron's parse costs ~0.1 ms.
const cronCache = new Map<string, CompiledCron>();

function compiledCron(expression: string): CompiledCron {
  const cached = cronCache.get(expression);
  if (cached) return cached;
  let fields: ParsedFields;
  try {
    fields = parseCron(expression);
  } catch (error) {
    throw Object.assign(new Error(`Invalid cron expression "${expression}": ${(error as Error).message}`, { cause: error }), {
      code: 'INVALID_CRON',
    });
  }
  const ascending = (values: number[]) => [...values].sort((a, b) => a - b);
  const compiled = { fields, seconds: ascending(fields.second), minutes: ascending(fields.minute), hours: ascending(fields.hour) };
  if (cronCache.size > 1000) cronCache.clear();
  cronCache.set(expression, compiled);
  return compiled;
}

/** Does the local calendar day starting at wall-clock `day` (as if UTC) match month, day of month and day of week? */
function dayMatches(fields: ParsedFields, day: number): boolean {
  const date = new Date(day);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const dayOfMonth = date.getUTCDate();
  return (
    fields.month.includes(month) &&
    matchesDayOfMonth(fields.dayOfMonth, year, month, dayOfMonth) &&
    matchesDayOfWeek(fields.dayOfWeek, year, month, dayOfMonth, date.getUTCDay())
  );
}

/** The first tick of one local day at or after `startMs`, as an instant; null when all lie before it. */
function firstTickOfDay(compiled: CompiledCron, day: number, startMs: number, zone: Zone): number | null {
  // Offsets lie within ±14 h, so these two instants bracket every instant of the local day.
  const from = day - 14 * hourMs;
  const to = day + dayMs + 14 * hourMs;
  const before = zone.offsetAt(from);
  const after = zone.offsetAt(to);
  // The instant the offset changes, on the one day a year it does (tz data has no two changes within 52 h).
  const change = before === after ? null : zone.changeBetween(from, to);
  // Wall times below this map to instants before the start whatever the offset: skipped unconverted.
  const threshold = startMs + Math.min(before, after);
  const latestOffset = Math.max(before, after);
  let best: number | null = null;
  for (const hour of compiled.hours) {
    if (day + (hour + 1) * hourMs <= threshold) continue;
    for (const minute of compiled.minutes) {
      if (day + hour * hourMs + (minute + 1) * minuteMs <= threshold) continue;
      for (const second of compiled.seconds) {
        const wall = day + hour * hourMs + minute * minuteMs + second * 1000;
        if (wall < threshold) continue;
        // The common case, no offset change on this day: the first wall time is the first instant.
        if (change === null) return wall - before;
        // On the day of a change a repeated wall time comes back later: keep the earliest instant
        // until no later wall time can beat it.
        if (best !== null && wall - latestOffset >= best) return best;
        for (const instant of instantsOf(wall, before, after, change)) {
          if (instant >= startMs && (best === null || instant < best)) best = instant;
        }
      }
    }
  }
  return best;
}

/**
 * The instants of a wall-clock time on a day whose offset changes from `before` to `after` at
 * `change`: one; two for a time that happens twice (fall back); the instant of the change for a
 * skipped time (spring forward), as Vixie cron runs the jobs of a skipped hour when it is skipped.
 */
function instantsOf(wall: number, before: number, after: number, change: number): number[] {
  const instants: number[] = [];
  if (wall - before < change) instants.push(wall - before);
  if (wall - after >= change) instants.push(wall - after);
  return instants.length > 0 ? instants : [change];
}

interface Zone {
  /** Milliseconds to add to an instant to get the wall-clock time in the zone. */
  offsetAt(instant: number): number;
  /** The first instant (to the second) after `from`, up to `to`, whose offset differs from the one at `from`. */
  changeBetween(from: number, to: number): number;
}

const zones = new Map<string, Zone>();

/** The zone named `name`; throws a RangeError for a name Intl does not know. */
function zoneOf(name: string): Zone {
  const known = zones.get(name);
  if (known) return known;
  const zone = name === 'UTC' ? utc : intlZone(name);
  zones.set(name, zone);
  return zone;
}

const utc: Zone = { offsetAt: () => 0, changeBetween: (_from, to) => to };

function intlZone(name: string): Zone {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsetAt = (instant: number): number => {
    const whole = Math.floor(instant / 1000) * 1000;
    const part: Record<string, number> = {};
    for (const { type, value } of format.formatToParts(new Date(whole))) part[type] = Number(value);
    return Date.UTC(part['year']!, part['month']! - 1, part['day']!, part['hour']!, part['minute']!, part['second']!) - whole;
  };
  const changes = new Map<string, number>();
  const changeBetween = (from: number, to: number): number => {
    const key = `${from} ${to}`;
    const known = changes.get(key);
    if (known !== undefined) return known;
    // Binary search, about 18 readings: once per zone and day of change (cached).
    const first = offsetAt(from);
    let low = Math.floor(from / 1000) * 1000;
    let high = Math.ceil(to / 1000) * 1000;
    while (high - low > 1000) {
      const middle = Math.floor((low + high) / 2000) * 1000;
      if (offsetAt(middle) === first) low = middle;
      else high = middle;
    }
    if (changes.size > 100) changes.clear();
    changes.set(key, high);
    return high;
  };
  return { offsetAt, changeBetween };
}

function matchesDayOfMonth(field: (number | string)[], year: number, month: number, day: number): boolean {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return field.some((value) => {
    if (typeof value === 'number') return value === day;
    if (value === 'L') return day === last;
    const offset = /^L-(\d{1,2})$/.exec(value);
    if (offset) return day === last - Number(offset[1]);
    const weekday = /^(\d{1,2}|L)W$/.exec(value);
    if (weekday) return nearestWeekday(year, month, weekday[1] === 'L' ? last : Number(weekday[1]), last) === day;
    return false;
  });
}

/** Quartz "15W": the weekday nearest to the 15th, within the same month. */
function nearestWeekday(year: number, month: number, target: number, last: number): number {
  if (target < 1 || target > last) return -1;
  const weekday = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (weekday === 6) return target === 1 ? 3 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function matchesDayOfWeek(field: (number | string)[], year: number, month: number, day: number, weekday: number): boolean {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return field.some((value) => {
    if (typeof value === 'number') return value % 7 === weekday;
    const lastOf = /^([0-7])L$/i.exec(value);
    if (lastOf) return Number(lastOf[1]) % 7 === weekday && day + 7 > last;
    const nth = /^([0-7])#([1-5])$/.exec(value);
    if (nth) return Number(nth[1]) % 7 === weekday && Math.floor((day - 1) / 7) + 1 === Number(nth[2]);
    return false;
  });
}
