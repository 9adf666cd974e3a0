// HTTP-date read strictly (RFC 9110 §5.6.7). V8's Date.parse takes almost anything: "1" is 2001, "0" is
// 2000, so a "Date: 1" with a valid Expires made a 25-year lifetime. A recipient must accept the three
// forms below and nothing else; each is fixed-width except asctime's day. Names are matched in any letter case
// ("sun, 06 nov 1994 08:49:37 gmt"): RFC 9110 makes them case-sensitive, but RFC 9111 §4.2 asks a cache to match them
// case-insensitively, and what we read a date for is caching (the next poll, a conditional request's answer).
// Fetch reads Date, Expires and Retry-After with it, the server If-Modified-Since and Last-Modified.

const dayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].join('|');
const longDayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].join('|');
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const month = monthNames.join('|');
const time = '(\\d{2}):(\\d{2}):(\\d{2})';

// Sun, 06 Nov 1994 08:49:37 GMT
const imfFixdate = new RegExp(`^(?:${dayNames}), (\\d{2}) (${month}) (\\d{4}) ${time} GMT$`, 'i');
// Sunday, 06-Nov-94 08:49:37 GMT
const rfc850Date = new RegExp(`^(?:${longDayNames}), (\\d{2})-(${month})-(\\d{2}) ${time} GMT$`, 'i');
// Sun Nov  6 08:49:37 1994 (day as two digits, or a space and one digit)
const asctimeDate = new RegExp(`^(?:${dayNames}) (${month}) (\\d{2}| \\d) ${time} (\\d{4})$`, 'i');

/**
 * The time an HTTP-date names, in ms since the epoch, or null when `value` is none of IMF-fixdate,
 * RFC 850 or asctime, or names no real day or time. `now` places RFC 850's two-digit year.
 */
export function httpDateMs(value: string, now: Date): number | null {
  let match = imfFixdate.exec(value);
  if (match) return utcMs(Number(match[3]), match[2]!, match[1]!, match[4]!, match[5]!, match[6]!);
  match = asctimeDate.exec(value);
  if (match) return utcMs(Number(match[6]), match[1]!, match[2]!.trim(), match[3]!, match[4]!, match[5]!);
  match = rfc850Date.exec(value);
  if (!match) return null;
  // RFC 9110 §5.6.7: a two-digit year that appears more than 50 years in the future is the most recent
  // past year with those digits. So: the latest year with those digits that is at most 50 years ahead.
  const limit = new Date(now.getTime());
  limit.setUTCFullYear(limit.getUTCFullYear() + 50);
  const twoDigits = Number(match[3]);
  let year = Math.floor(now.getUTCFullYear() / 100) * 100 + twoDigits;
  const at = (y: number): number | null => utcMs(y, match[2]!, match[1]!, match[4]!, match[5]!, match[6]!);
  if ((at(year) ?? Infinity) > limit.getTime()) year -= 100;
  else if ((at(year + 100) ?? Infinity) <= limit.getTime()) year += 100;
  return at(year);
}

/** The UTC time of a calendar date and time of day, or null when the day or time does not exist. */
function utcMs(year: number, monthName: string, day: string, hour: string, minute: string, second: string): number | null {
  const monthIndex = monthNames.findIndex((name) => name.toLowerCase() === monthName.toLowerCase());
  const d = Number(day);
  const h = Number(hour);
  const m = Number(minute);
  const s = Number(second);
  // 23:59:60 is a leap second (RFC 9110 §5.6.7); Date has none, so it counts as the next minute's start.
  if (h > 23 || m > 59 || s > 60 || d < 1) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, monthIndex, d);
  if (date.getUTCMonth() !== monthIndex || date.getUTCDate() !== d) return null; // 31 Feb, 31 Apr …
  date.setUTCHours(h, m, s, 0);
  return date.getTime();
}
