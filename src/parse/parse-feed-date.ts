// Dates as feeds really write them → ISO 8601 UTC. Pure: no clock, no local time zone.
// Forms read (each seen in real feeds or in feedparser's date vectors):
//   RFC 822/1123 "Tue, 10 Jun 2003 04:00:00 GMT", with 2-digit years, missing seconds, missing weekday,
//     numeric zones "+0100" / "+01:00", named zones (GMT, EST, CEST, MEZ, MESZ …), military letters;
//   W3CDTF / ISO 8601 "2003-12-13T18:30:02Z", "2003-12-13T18:30:02.25+01:00", "2003-12", "2003",
//     "2003-12-13 18:30", compact "20031213T183002Z";
//   asctime "Sun Jan  4 16:29:06 PST 2004" / "Sun Jan  4 16:29:06 2004";
//   German numeric "05.02.2026 20:38:53", "05.02.2026 - 20:38", "5.2.2026" (day first, as German CMS write);
//   English and German month names (heise, Golem and many CMS localise "Mär", "Mai", "Okt", "Dez").
// A date without a zone is read as UTC (RFC 3339 §4.3 "unknown local offset"): never the machine's zone,
// so the result does not depend on where feedmerge runs.

const monthByName: Record<string, number> = {
  jan: 1,
  januar: 1,
  january: 1,
  jän: 1,
  jaen: 1,
  feb: 2,
  februar: 2,
  february: 2,
  mar: 3,
  mär: 3,
  mrz: 3,
  maerz: 3,
  märz: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  mai: 5,
  jun: 6,
  juni: 6,
  june: 6,
  jul: 7,
  juli: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  okt: 10,
  oktober: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  dez: 12,
  dezember: 12,
  december: 12,
};

/** Offsets in minutes for zone names feeds use; CEST/MEZ/MESZ are the German-news classics. */
const zoneOffsetMinutes: Record<string, number> = {
  z: 0,
  gmt: 0,
  ut: 0,
  utc: 0,
  wet: 0,
  bst: 60,
  west: 60,
  ist: 60,
  cet: 60,
  mez: 60,
  cest: 120,
  mesz: 120,
  met: 60,
  mest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
  // US generic zone names without daylight flag (seen in feedparser's vectors and old CMS).
  at: -240,
  et: -300,
  ct: -360,
  mt: -420,
  pt: -480,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  awst: 480,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
  // RFC 822 military zones (the sign convention of RFC 822 is famously inverted; RFC 1123 says treat as 0).
  a: -60,
  m: -720,
  n: 60,
  y: 720,
};

/** Parses a feed date string into ISO 8601 UTC, or null when it is not a date we can read. */
export function parseFeedDate(input: string | null | undefined): string | null {
  const ms = parseFeedDateMs(input);
  return ms === null ? null : new Date(ms).toISOString();
}

/** parseFeedDate as milliseconds since the epoch (what normalise compares with fetchedAt), or null. */
export function parseFeedDateMs(input: string | null | undefined): number | null {
  if (input == null) return null;
  // No real date is longer; a megabyte of junk in <pubDate> must not reach the patterns below.
  if (input.length > 200) return null;
  const ms = parseCommonForms(input) ?? parseAnyForm(input);
  if (ms == null || !Number.isFinite(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  if (year < 1000 || year > 9999) return null;
  return ms;
}

function parseAnyForm(input: string): number | null {
  const trimmed = input.trim();
  const text = /\s\s|[\t\n\r\f\v\u00a0]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
  if (!text) return null;
  // ISO forms start with the year; RFC 822 and asctime forms with a weekday or the day.
  const startsWithYear = /^\d{4}/.test(text);
  return startsWithYear ? parseIsoLike(text) : (parseRfc822Like(text) ?? parseAsctime(text) ?? parseGermanNumeric(text));
}

// The two forms nearly every feed writes, exactly as generators print them: RFC 1123 with a numeric
// or GMT zone ("Thu, 05 Feb 2026 20:38:53 +0100") and RFC 3339 ("2026-02-05T20:38:53+01:00",
// "…53.123Z"). One anchored pattern each, read straight into numbers; anything else (other zones,
// missing parts, odd spacing) takes the general path below with the same result.
const commonRfc1123 = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:([+-])(\d{2})(\d{2})|GMT|UTC|Z)$/;
const commonRfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const englishMonths: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

function parseCommonForms(input: string): number | null {
  let m = commonRfc1123.exec(input);
  if (m) {
    const month = englishMonths[m[2]!];
    if (!month) return null;
    const offset = m[7] ? (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) : 0;
    if (m[7] && (Number(m[8]) > 14 || Number(m[9]) > 59)) return null;
    const base = utc(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), 0);
    return base == null ? null : base - offset * 60_000;
  }
  m = commonRfc3339.exec(input);
  if (m) {
    const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
    if (m[8] && (Number(m[9]) > 14 || Number(m[10]) > 59)) return null;
    const fraction = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    const base = utc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Math.min(fraction, 999));
    return base == null ? null : base - offset * 60_000;
  }
  return null;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number | null {
  // Date.UTC reads years 0–99 as 1900–1999: Go's zero time "0001-01-01", which Go-built feeds print for
  // an undated item, became 1901. No feed item is that old; it is no date.
  if (year < 1000) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 24 || minute > 59 || second > 60) return null;
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms);
}

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return monthLengths[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function zoneMinutes(zone: string | undefined): number | null {
  if (!zone) return 0;
  const numeric = /^(?:gmt|utc|ut)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
  if (/^etc\/(?:gmt|utc)$/i.test(zone)) return 0;
  if (numeric) {
    const sign = numeric[1] === '-' ? -1 : 1;
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? '0');
    if (hours > 14 || minutes > 59) return null;
    return sign * (hours * 60 + minutes);
  }
  const named = zoneOffsetMinutes[zone.toLowerCase().replace(/\./g, '')];
  return named ?? null;
}

const isoPattern =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[T ]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})?)?)?)?$/i;

function parseIsoLike(text: string): number | null {
  const m = isoPattern.exec(text);
  if (!m) return null;
  // "2003" alone is valid W3CDTF but also a bare number; accept only plausible years.
  const year = Number(m[1]);
  const month = Number(m[2] ?? '1');
  const day = Number(m[3] ?? '1');
  const hour = Number(m[4] ?? '0');
  const minute = Number(m[5] ?? '0');
  const second = Number(m[6] ?? '0');
  const fraction = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  const offset = zoneMinutes(m[8]);
  if (offset == null) return null;
  const base = utc(year, month, day, hour, minute, second, Math.min(fraction, 999));
  return base == null ? null : base - offset * 60_000;
}

// [Weekday,] DD Mon YYYY [HH:MM[:SS]] [zone]; also "Mon DD YYYY", "DD. Mon YYYY" (German) and
// "YYYY-Mon-DD" leftovers; weekday in any language is skipped.
const rfc822Pattern =
  /^(?:[^\d\s,]+,?\s*)?(\d{1,2})\.?[ -]([^\d\s,.-]+)\.?,?[ -](\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?(?:\s*([+-]\d{1,2}:?\d{2}|(?:gmt|utc|ut)[+-]\d{1,2}:?\d{2}|[A-Za-z.]{1,5}|etc\/(?:gmt|utc)))?(?:\s*\(.*\))?$/i;
const monthFirstPattern =
  /^(?:[^\d\s,]+,?\s+)?([^\d\s,.-]+)\.? (\d{1,2}),? (\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5}))?$/i;

function parseRfc822Like(text: string): number | null {
  let m = rfc822Pattern.exec(text);
  let dayText: string | undefined;
  let monthText: string | undefined;
  if (m) {
    dayText = m[1];
    monthText = m[2];
  } else {
    m = monthFirstPattern.exec(text);
    if (!m) return null;
    monthText = m[1];
    dayText = m[2];
  }
  const month = monthByName[(monthText ?? '').toLowerCase()];
  if (!month) return null;
  let year = Number(m[3]);
  // RFC 2822 §4.3: two-digit years 00–49 are 2000–2049, 50–99 are 1950–1999.
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (m[3]!.length === 3) year += 1900;
  const offset = zoneMinutes(m[7]);
  if (offset == null) return null;
  const base = utc(year, month, Number(dayText), Number(m[4] ?? '0'), Number(m[5] ?? '0'), Number(m[6] ?? '0'), 0);
  return base == null ? null : base - offset * 60_000;
}

const asctimePattern = /^[A-Za-z]{3},? ([A-Za-z]{3}) (\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ([A-Za-z]{1,5}|[+-]\d{4}))? (\d{4})$/;

function parseAsctime(text: string): number | null {
  const m = asctimePattern.exec(text);
  if (!m) return null;
  const month = monthByName[m[1]!.toLowerCase()];
  if (!month) return null;
  const offset = zoneMinutes(m[6]);
  if (offset == null) return null;
  const base = utc(Number(m[7]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5] ?? '0'), 0);
  return base == null ? null : base - offset * 60_000;
}

// Day-first numeric dates with dots are unambiguous (the US form uses slashes): "05.02.2026 - 20:38:53".
const germanNumericPattern =
  /^(?:[^\d\s,]+,?\s*)?(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s*(?:-|um)?\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*Uhr)?)?(?:\s*([+-]\d{1,2}:?\d{2}|[A-Za-z]{1,5}))?$/i;

function parseGermanNumeric(text: string): number | null {
  const m = germanNumericPattern.exec(text);
  if (!m) return null;
  const offset = zoneMinutes(m[7]);
  if (offset == null) return null;
  const base = utc(Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4] ?? '0'), Number(m[5] ?? '0'), Number(m[6] ?? '0'), 0);
  return base == null ? null : base - offset * 60_000;
}
