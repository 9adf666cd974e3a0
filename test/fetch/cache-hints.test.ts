// What a response's Cache-Control, Age, Date and Expires make of the next poll's earliest time, row by row:
// no header value may make the Date arithmetic throw (a huge Age once failed every poll of its source).
import { describe, expect, it } from 'vitest';
import { cacheHints, retryAfter, type ResponseHeaders } from '../../src/fetch/cache-hints.js';
import { httpDateMs } from '../../src/http-date.js';

const sent = new Date('2026-12-06T12:00:00.000Z');
const received = new Date('2026-12-06T12:00:00.300Z');
const after = (seconds: number): string => new Date(received.getTime() + seconds * 1000).toISOString();

describe('cacheHints', () => {
  it.each<[string, Record<string, string>, string | null]>([
    ['max-age, no Age', { 'cache-control': 'max-age=600' }, after(600 - 0.3)],
    ['Age taken off', { 'cache-control': 'max-age=600', age: '100' }, after(500 - 0.3)],
    [
      'Age 99999999999999999999 clamped: stale now',
      { 'cache-control': 'max-age=600', age: '99999999999999999999' },
      after(600 - 365 * 24 * 3600 - 0.3),
    ],
    ['Age 1e15 is no delta-seconds', { 'cache-control': 'max-age=600', age: '1e15' }, after(600 - 0.3)],
    ['Age 0x10 is no delta-seconds', { 'cache-control': 'max-age=600', age: '0x10' }, after(600 - 0.3)],
    ['Age -500 is no delta-seconds', { 'cache-control': 'max-age=600', age: '-500' }, after(600 - 0.3)],
    ['huge max-age and huge Age', { 'cache-control': 'max-age=99999999999999999999', age: '99999999999999999999' }, after(-0.3)],
    ['no-cache: max-age is no hint', { 'cache-control': 'no-cache, max-age=600' }, null],
    ['no-cache="set-cookie" is no-cache too', { 'cache-control': 'max-age=600, no-cache="set-cookie"' }, null],
    ['an extension named like no-cache is not no-cache', { 'cache-control': 'x-no-cache-ext, max-age=600' }, after(600 - 0.3)],
    ['a quoted no-cache in another value is not no-cache', { 'cache-control': 'community="no-cache", max-age=600' }, after(600 - 0.3)],
    ['Age with a trailing tab', { 'cache-control': 'max-age=600', age: '100\t' }, after(500 - 0.3)],
  ])('%s', (_label, headers, freshUntil) => {
    expect(cacheHints(headers as ResponseHeaders, sent, received).freshUntil).toBe(freshUntil);
  });

  it.each<[string, Record<string, string>, string | null]>([
    // RFC 9111 §4.2.1: the lifetime is Expires − Date, counted from arrival, whatever the server's clock says.
    ['a server clock 1 h fast', { date: 'Sun, 06 Dec 2026 13:00:00 GMT', expires: 'Sun, 06 Dec 2026 13:10:00 GMT' }, after(600)],
    ['no Date: Expires as it is', { expires: 'Sun, 06 Dec 2026 12:10:00 GMT' }, '2026-12-06T12:10:00.000Z'],
    ['garbage Date: Expires as it is', { date: 'garbage', expires: 'Sun, 06 Dec 2026 12:10:00 GMT' }, '2026-12-06T12:10:00.000Z'],
    // RFC 9111 §5.3: an Expires that is no HTTP-date, "0" above all, is already expired: no wait.
    ['garbage Expires: already expired', { date: 'Sun, 06 Dec 2026 12:00:00 GMT', expires: 'garbage' }, after(0)],
    ['Expires 0: already expired', { date: 'Sun, 06 Dec 2026 12:00:00 GMT', expires: '0' }, after(0)],
    ['Expires -1: already expired', { expires: '-1' }, after(0)],
    ['a six-digit year is no HTTP-date', { date: 'Thu, 01 Jan 1970 00:00:00 GMT', expires: 'Sat, 13 Sep 275760 00:00:00 GMT' }, after(0)],
    // V8's Date.parse read "1" as 2001: Expires − Date was 25 years, a day's wait once capped.
    ['Date 1 is no date: Expires as it is', { date: '1', expires: 'Sun, 06 Dec 2026 12:10:00 GMT' }, '2026-12-06T12:10:00.000Z'],
    ['Date in asctime form', { date: 'Sun Dec  6 13:00:00 2026', expires: 'Sun, 06 Dec 2026 13:10:00 GMT' }, after(600)],
    ['Date in RFC 850 form', { date: 'Sunday, 06-Dec-26 13:00:00 GMT', expires: 'Sun, 06 Dec 2026 13:10:00 GMT' }, after(600)],
    // RFC 9111 §5.3: with max-age, Expires is ignored (max-age's own row above gives the time).
    ['max-age overrides Expires', { 'cache-control': 'max-age=60', expires: 'Mon, 07 Dec 2026 12:00:00 GMT' }, null],
    // With no-cache, max-age is no hint, so it overrides nothing: Expires counts as with no-cache alone.
    [
      'no-cache: max-age does not override Expires',
      { 'cache-control': 'no-cache, max-age=3600', expires: 'Sun, 06 Dec 2026 13:00:00 GMT' },
      '2026-12-06T13:00:00.000Z',
    ],
    [
      'no-store: max-age does not override Expires',
      { 'cache-control': 'max-age=3600, no-store', expires: 'Sun, 06 Dec 2026 13:00:00 GMT' },
      '2026-12-06T13:00:00.000Z',
    ],
    // Spaces and tabs around a value are no part of it (RFC 9110 §5.5); undici keeps the trailing ones.
    [
      'Date and Expires with spaces and tabs around',
      { date: ' Sun, 06 Dec 2026 13:00:00 GMT\t', expires: '\tSun, 06 Dec 2026 13:10:00 GMT \t' },
      after(600),
    ],
    ['Date and Expires in lower case', { date: 'sun, 06 dec 2026 13:00:00 gmt', expires: 'sun, 06 dec 2026 13:10:00 gmt' }, after(600)],
  ])('Expires: %s', (_label, headers, expires) => {
    expect(cacheHints(headers as ResponseHeaders, sent, received).expires).toBe(expires);
  });
});

describe('retryAfter', () => {
  it.each<[string, string | null, string | null]>([
    ['120', null, '2026-12-06T12:02:00.300Z'],
    ['Sun, 06 Dec 2026 13:00:00 GMT', null, '2026-12-06T13:00:00.000Z'],
    ['Sunday, 06-Dec-26 13:00:00 GMT', null, '2026-12-06T13:00:00.000Z'],
    ['Sun Dec  6 13:00:00 2026', null, '2026-12-06T13:00:00.000Z'],
    // A date counts as (Retry-After − Date) from arrival (RFC 9110 §10.2.3), as Expires does: a server clock an hour
    // fast or slow moves neither. Read as an absolute time, these were 14:02 and 11:02.
    ['Sun, 06 Dec 2026 14:02:00 GMT', 'Sun, 06 Dec 2026 14:00:00 GMT', '2026-12-06T12:02:00.300Z'],
    ['Sun, 06 Dec 2026 11:02:00 GMT', 'Sun, 06 Dec 2026 11:00:00 GMT', '2026-12-06T12:02:00.300Z'],
    ['Sunday, 06-Dec-26 11:02:00 GMT', 'Sun Dec  6 11:00:00 2026', '2026-12-06T12:02:00.300Z'],
    // A date before the server's Date: retry now (nextSourceState keeps minInterval and the schedule).
    ['Sun, 06 Dec 2026 13:59:00 GMT', 'Sun, 06 Dec 2026 14:00:00 GMT', '2026-12-06T11:59:00.300Z'],
    // A Date that is no HTTP-date is no clock to count from: the date is taken as it is.
    ['Sun, 06 Dec 2026 13:00:00 GMT', '1', '2026-12-06T13:00:00.000Z'],
    // Capped at 365 days from arrival like delay-seconds, with or without a Date: these were +012025-… and -007975-….
    ['Fri, 31 Dec 9999 23:59:59 GMT', 'Sat, 01 Jan 0000 00:00:00 GMT', '2027-12-06T12:00:00.300Z'],
    ['Sat, 01 Jan 0000 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', '2025-12-06T12:00:00.300Z'],
    ['Fri, 31 Dec 9999 23:59:59 GMT', null, '2027-12-06T12:00:00.300Z'],
    ['99999999999999999999', null, '2027-12-06T12:00:00.300Z'],
    // Delay-seconds need no Date.
    ['120', 'Sun, 06 Dec 2026 14:00:00 GMT', '2026-12-06T12:02:00.300Z'],
    // Neither delay-seconds nor an HTTP-date; V8's lenient Date.parse read each as a date in 2001.
    ['Sun 1', null, null],
    ['-5', null, null],
    ['1.5', null, null],
    ['soon', 'Sun, 06 Dec 2026 14:00:00 GMT', null],
  ])('Retry-After %s with Date %s', (value, date, at) => {
    expect(retryAfter(value, received, date)).toBe(at);
  });
});

// RFC 9110 §5.6.7: exactly three forms, names in any case (RFC 9111 §4.2); RFC 850's two-digit year is at most 50 years ahead.
describe('httpDateMs', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  it.each<[string, string | null]>([
    ['Sun, 06 Nov 1994 08:49:37 GMT', '1994-11-06T08:49:37.000Z'],
    ['Sunday, 06-Nov-94 08:49:37 GMT', '1994-11-06T08:49:37.000Z'],
    ['Sun Nov  6 08:49:37 1994', '1994-11-06T08:49:37.000Z'],
    ['Sun Nov 16 08:49:37 1994', '1994-11-16T08:49:37.000Z'],
    // Two-digit years: up to 50 years ahead is ahead, beyond that the century before.
    ['Friday, 06-Nov-76 08:49:37 GMT', '2076-11-06T08:49:37.000Z'],
    ['Monday, 06-Jan-77 08:49:37 GMT', '1977-01-06T08:49:37.000Z'],
    ['Tuesday, 01-Jan-00 00:00:00 GMT', '2000-01-01T00:00:00.000Z'],
    // A leap second is the next minute's start (Date has none).
    ['Wed, 31 Dec 2008 23:59:60 GMT', '2009-01-01T00:00:00.000Z'],
    ['1', null],
    ['0', null],
    ['Sun 1', null],
    ['2026-12-06T12:00:00Z', null],
    // Names in any letter case: a cache matches them case-insensitively (RFC 9111 §4.2).
    ['sun, 06 Nov 1994 08:49:37 GMT', '1994-11-06T08:49:37.000Z'],
    ['Sun, 06 Nov 1994 08:49:37 gmt', '1994-11-06T08:49:37.000Z'],
    ['SUN, 06 NOV 1994 08:49:37 GMT', '1994-11-06T08:49:37.000Z'],
    ['sunday, 06-nov-94 08:49:37 gmt', '1994-11-06T08:49:37.000Z'],
    ['sun nov  6 08:49:37 1994', '1994-11-06T08:49:37.000Z'],
    ['Sun, 06 Nøv 1994 08:49:37 GMT', null],
    ['Sun, 06 Nov 1994 08:49:37 UTC', null],
    ['Sun, 6 Nov 1994 08:49:37 GMT', null],
    ['Sun, 06 Nov 94 08:49:37 GMT', null],
    [' Sun, 06 Nov 1994 08:49:37 GMT', null],
    ['Sun, 06 Nov 1994 08:49:37 GMT+0100', null],
    ['Sun, 31 Feb 1994 08:49:37 GMT', null],
    ['Sun, 00 Nov 1994 08:49:37 GMT', null],
    ['Sun, 06 Nov 1994 24:00:00 GMT', null],
    ['Sun Nov 6 08:49:37 1994', null],
    ['Sun, 06-Nov-94 08:49:37 GMT', null],
  ])('%s', (value, iso) => {
    const ms = httpDateMs(value, now);
    expect(ms === null ? null : new Date(ms).toISOString()).toBe(iso);
  });
});
