// What a response's Cache-Control, Age, Date and Expires make of the next poll's earliest time, row by row:
// no header value may make the Date arithmetic throw (a huge Age once failed every poll of its source).
import { describe, expect, it } from 'vitest';
import { cacheHints, type ResponseHeaders } from '../../src/fetch/cache-hints.js';

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
  ])('%s', (_label, headers, freshUntil) => {
    expect(cacheHints(headers as ResponseHeaders, sent, received).freshUntil).toBe(freshUntil);
  });

  it.each<[string, Record<string, string>, string | null]>([
    // RFC 9111 §4.2.1: the lifetime is Expires − Date, counted from arrival, whatever the server's clock says.
    ['a server clock 1 h fast', { date: 'Sun, 06 Dec 2026 13:00:00 GMT', expires: 'Sun, 06 Dec 2026 13:10:00 GMT' }, after(600)],
    ['no Date: Expires as it is', { expires: 'Sun, 06 Dec 2026 12:10:00 GMT' }, '2026-12-06T12:10:00.000Z'],
    ['garbage Date: Expires as it is', { date: 'garbage', expires: 'Sun, 06 Dec 2026 12:10:00 GMT' }, '2026-12-06T12:10:00.000Z'],
    ['garbage Expires', { date: 'Sun, 06 Dec 2026 12:00:00 GMT', expires: 'garbage' }, null],
    ['an Expires beyond Date\u2019s range', { date: 'Thu, 01 Jan 1970 00:00:00 GMT', expires: 'Sat, 13 Sep 275760 00:00:00 GMT' }, null],
  ])('Expires: %s', (_label, headers, expires) => {
    expect(cacheHints(headers as ResponseHeaders, sent, received).expires).toBe(expires);
  });
});
