// How far after an item's first sight its date may lie and still be believed: one value for parsing,
// storing and the story engine. A feed that writes local time as +0000 (a German CMS at UTC+1) dates
// its items up to an hour ahead, and such dates are right to the hour's skew; a date further ahead is a
// wrong clock or zone, and the item is dated when first seen. The store judges a publication date
// against first sight (not each fetch), so it stays what it was at first sight: a date dropped then is
// not taken later, once the clock has passed it, which would count the item as updated and re-date it.

/** Clock skew allowed between an item's first sight and its date (the engine's trust window too). */
export const futureDateToleranceMs = 60 * 60_000;

/** Whether a date (ms) lies too far after the item's first sight (ms) to be believed. */
export function isAfterFirstSight(dateMs: number, firstSeenMs: number): boolean {
  return Number.isFinite(firstSeenMs) && dateMs > firstSeenMs + futureDateToleranceMs;
}
