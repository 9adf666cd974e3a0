// A weekday an item names is read against the day it was published: "Gusts of up to 90mph are possible … on Tuesday" in
// a Monday item names the day ahead (a warning, a forecast, a preview), while "… early on Tuesday" in a Tuesday item
// names the day itself. Both name Tuesday, so the weekday conflict sees agreement; but the warning and the storm's
// impact, or a strike's announcement and the strike, are two stories (the later development is a story of its own).
// The time zone of a feed is not known: a day counts as ahead only when it is the next day in every zone from UTC−5 to
// UTC+3 (the Americas' east coast to Moscow, where most German and English news feeds are written), and as the item's
// own day only when it is that day in every zone of the band; an item published near midnight somewhere in the band
// reads neither way, and a feed written far outside it (an evening preview from California) reads as neither too.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The band of UTC offsets (hours) where most German and English news feeds are written. */
const WEST_HOURS = 5;
const EAST_HOURS = 3;

/** How a named weekday stands to an item's publication across the band: the next day, the day itself, or neither. */
export type DayRole = 'ahead' | 'same' | 'other';

/** The role of weekday `day` (0 = Sunday) for an item published at `atMs`. */
export function dayRole(atMs: number, day: number): DayRole {
  const earliest = weekdayAt(atMs - WEST_HOURS * HOUR);
  if (earliest !== weekdayAt(atMs + EAST_HOURS * HOUR)) return 'other';
  if (day === earliest) return 'same';
  return day === (earliest + 1) % 7 ? 'ahead' : 'other';
}

function weekdayAt(ms: number): number {
  // 1970-01-01 was a Thursday (4).
  return (Math.floor(ms / DAY) + 4) % 7;
}

/** What the rule reads of an item: its window time and the weekdays its title and lead name (bit d = day d). */
interface Dated {
  atMs: number;
  weekdays: number;
}

/**
 * The item and the story's members name one weekday, and it is the day ahead for one side and the day itself for the
 * other: every member naming it reads it one way and the item the other way ("on Tuesday" in Monday's storm warning,
 * "early on Tuesday" in Tuesday's report of the damage).
 */
export function forecastAndDayApart(item: Dated, members: readonly Dated[]): boolean {
  if (item.weekdays === 0) return false;
  for (let day = 0; day < 7; day++) {
    if ((item.weekdays & (1 << day)) === 0) continue;
    const role = dayRole(item.atMs, day);
    if (role === 'other') continue;
    const naming = members.filter((m) => (m.weekdays & (1 << day)) !== 0);
    if (naming.length === 0) continue;
    const opposite: DayRole = role === 'ahead' ? 'same' : 'ahead';
    if (naming.every((m) => dayRole(m.atMs, day) === opposite)) return true;
  }
  return false;
}
