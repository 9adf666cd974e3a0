// Moves every date of a feed document by whole weeks, byte for byte otherwise. The sample feeds in
// data/samples were written in February 2026; an item already older than the story window when
// it is placed is never added to the window, so unshifted samples would merge nothing. Whole weeks keep the weekdays true: the engine reads weekday words
// ("am Mittwoch") against the publication date, and RFC 822 dates name the weekday themselves.
// Plain JavaScript so `npm run demo` needs no build; the tests import it too.

const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// RSS pubDate/lastBuildDate (RFC 822), Atom published/updated and dc:date (RFC 3339).
const DATE_ELEMENT = /<(pubDate|lastBuildDate|published|updated|dc:date)>([^<]*)<\/\1>/g;
/** Sample names whose dates shiftFeedDates moves: XML feeds. A JSON Feed's date_published is not read, so it would keep its old dates. */
export const SHIFTABLE_SAMPLE = /\.(rss|atom|xml)$/;
const RFC822_DAY = /(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{4})/;
const RFC3339_DAY = /^(\s*)(\d{4})-(\d{2})-(\d{2})/;

/** A date element's text with its calendar day moved by `days`; time of day, zone and weekday name stay as written. */
function shiftedDateText(text, days) {
  const iso = RFC3339_DAY.exec(text);
  if (iso) {
    const day = new Date(Date.UTC(Number(iso[2]), Number(iso[3]) - 1, Number(iso[4])) + days * DAY_MS);
    return iso[1] + day.toISOString().slice(0, 10) + text.slice(iso[0].length);
  }
  return text.replace(RFC822_DAY, (_, d, month, y) => {
    const day = new Date(Date.UTC(Number(y), MONTHS.indexOf(month), Number(d)) + days * DAY_MS);
    return `${String(day.getUTCDate()).padStart(2, '0')} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
  });
}

/**
 * The document with every date moved by `weeks` whole weeks. Works on the bytes read as latin1
 * (one char per byte), so an ISO-8859-1 or UTF-8 document keeps its encoding and every other byte.
 */
export function shiftFeedDates(bytes, weeks) {
  const text = Buffer.from(bytes).toString('latin1');
  return Buffer.from(
    text.replace(DATE_ELEMENT, (_, name, value) => `<${name}>${shiftedDateText(value, weeks * 7)}</${name}>`),
    'latin1',
  );
}

/** The newest date (ms) in the documents, or NaN when none has one. */
export function newestFeedDate(documents) {
  let newest = NaN;
  for (const bytes of documents) {
    for (const match of Buffer.from(bytes).toString('latin1').matchAll(DATE_ELEMENT)) {
      const at = Date.parse(match[2].trim());
      if (Number.isFinite(at) && !(at <= newest)) newest = at;
    }
  }
  return newest;
}

/** Whole weeks that move `newest` into the 7 days up to `now` (negative when it lies ahead). */
export function weeksToRecent(newest, now) {
  return Math.floor((now - newest) / WEEK_MS);
}

/** The documents shifted together by whole weeks so the newest date among them lies within the last 7 days before `now`. */
export function shiftToRecent(documents, now) {
  const weeks = weeksToRecent(newestFeedDate(documents), now);
  return Number.isFinite(weeks) ? documents.map((bytes) => shiftFeedDates(bytes, weeks)) : documents.map((bytes) => Buffer.from(bytes));
}
