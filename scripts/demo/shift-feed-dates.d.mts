// Types of shift-feed-dates.mjs (plain JavaScript so `npm run demo` needs no build).
export declare const WEEK_MS: number;
/** Sample names whose dates shiftFeedDates moves: XML feeds (a JSON Feed's dates are not read). */
export declare const SHIFTABLE_SAMPLE: RegExp;
/** The document with every date moved by `weeks` whole weeks, every other byte unchanged. */
export declare function shiftFeedDates(bytes: Uint8Array, weeks: number): Buffer;
/** The newest date (ms) in the documents, or NaN when none has one. */
export declare function newestFeedDate(documents: readonly Uint8Array[]): number;
/** Whole weeks that move `newest` into the 7 days up to `now` (negative when it lies ahead). */
export declare function weeksToRecent(newest: number, now: number): number;
/** The documents shifted together by whole weeks so the newest date among them lies within the last 7 days before `now`. */
export declare function shiftToRecent(documents: readonly Uint8Array[], now: number): Buffer[];
