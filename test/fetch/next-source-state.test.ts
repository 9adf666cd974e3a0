// nextSourceState (pure) over tables of outcomes, plus one redirect walk over a real server (nextCronTick: test/config/cron-schedule.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { closeFetchAgents, defaultUserAgent, fetchFeed, type CacheHints, type FetchOutcome } from '../../src/fetch/fetch-feed.js';
import { nextSourceState, type PollContext, type PollResult } from '../../src/fetch/next-source-state.js';
import type { PublisherHints, SourceState } from '../../src/model.js';
import { emptySourceState } from '../../src/store/empty-source-state.js';
import { serveBody, startFixtureServer, type Route } from '../support/fixture-server.js';

const minute = 60_000;
const hour = 60 * minute;
// A Thursday.
const now = new Date('2026-11-26T06:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
const noCache: CacheHints = { freshUntil: null, expires: null, requestSentAt: null };
const noHints: PublisherHints = { ttlMinutes: null, skipHours: [], skipDays: [], updateIntervalMinutes: null };

function context(overrides: Partial<PollContext> = {}): PollContext {
  return {
    now,
    scheduledNext: new Date(now.getTime() + 10 * minute),
    hints: null,
    policy: { minIntervalMs: 5 * minute, maxIntervalMs: 24 * hour, maxBackoffMs: 24 * hour, redirectConfirmations: 3 },
    random: () => 0.5,
    bodyHash: null,
    ...overrides,
  };
}

function fetched(overrides: Partial<Extract<FetchOutcome, { kind: 'fetched' }>> = {}): FetchOutcome {
  return {
    kind: 'fetched',
    status: 200,
    finalUrl: 'https://example.org/feed',
    body: Buffer.from('<rss/>'),
    contentType: 'application/rss+xml',
    etag: null,
    lastModified: null,
    cache: noCache,
    permanentRedirect: null,
    ...overrides,
  };
}

function notModified(overrides: Partial<Extract<FetchOutcome, { kind: 'not-modified' }>> = {}): FetchOutcome {
  return {
    kind: 'not-modified',
    status: 304,
    finalUrl: 'https://example.org/feed',
    etag: null,
    lastModified: null,
    cache: noCache,
    permanentRedirect: null,
    ...overrides,
  };
}

const failed500: PollResult = { kind: 'failed', status: 500, cause: 'HTTP_STATUS', error: 'HTTP 500 Internal Server Error' };

function state(overrides: Partial<SourceState> = {}): SourceState {
  return { ...emptySourceState('tagesschau'), ...overrides };
}

describe('after a successful poll', () => {
  const failing = state({
    etag: '"old"',
    lastModified: 'Mon, 23 Nov 2026 00:00:00 GMT',
    bodyHash: 'h0',
    lastError: 'HTTP 500 Internal Server Error',
    consecutiveFailures: 4,
  });

  it('stores the new validators and body hash, clears the error and resets the failure count', () => {
    const next = nextSourceState(
      failing,
      fetched({ etag: '"new"', lastModified: 'Thu, 26 Nov 2026 05:00:00 GMT' }),
      context({ bodyHash: 'h1' }),
    );
    expect(next).toEqual({
      ...failing,
      etag: '"new"',
      lastModified: 'Thu, 26 Nov 2026 05:00:00 GMT',
      bodyHash: 'h1',
      lastFetchAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      lastStatus: 200,
      lastError: null,
      consecutiveFailures: 0,
      nextPollAt: at(10 * minute),
    });
  });

  it.each<[string, PollResult, Partial<PollContext>, string | null]>([
    [
      'a cut-off feed parsed: its warning',
      fetched(),
      { bodyHash: 'h1', warning: 'feed cut off after 2 complete items' },
      'feed cut off after 2 complete items',
    ],
    ['a whole feed parsed: cleared', fetched(), { bodyHash: 'h1', warning: null }, null],
    // Nothing parsed: the stored items still come from the cut-off body, so its warning stands.
    ['the same body again (not parsed): kept', fetched(), { bodyHash: 'h0' }, 'feed cut off after 1 complete item'],
    ['HTTP 304: kept', notModified(), {}, 'feed cut off after 1 complete item'],
    ['a failure: kept', failed500, {}, 'feed cut off after 1 complete item'],
  ])('warning after %s', (_case, result, overrides, warning) => {
    const cut = state({ bodyHash: 'h0', warning: 'feed cut off after 1 complete item' });
    expect(nextSourceState(cut, result, context(overrides)).warning).toBe(warning);
  });

  it('drops a validator the server no longer sends with a 200', () => {
    const next = nextSourceState(
      failing,
      fetched({ etag: null, lastModified: 'Thu, 26 Nov 2026 05:00:00 GMT' }),
      context({ bodyHash: 'h1' }),
    );
    expect(next.etag).toBeNull();
  });

  it('stores new validators from a 304 even though the body is unchanged', () => {
    const next = nextSourceState(failing, notModified({ etag: '"rotated"', lastModified: null }), context({ bodyHash: 'ignored' }));
    expect(next).toMatchObject({
      etag: '"rotated"',
      lastModified: failing.lastModified,
      bodyHash: 'h0',
      lastStatus: 304,
      lastError: null,
      consecutiveFailures: 0,
    });
  });

  it('keeps the body hash when the fetched body was unchanged', () => {
    expect(nextSourceState(failing, fetched(), context({ bodyHash: 'h0' })).bodyHash).toBe('h0');
  });
});

describe('next poll time after success', () => {
  // Each row: what the publisher says, and when we poll next (offset from now). Schedule: every 10 min.
  it.each<[string, { hints?: Partial<PublisherHints>; cache?: Partial<CacheHints>; scheduledInMs?: number }, number | string]>([
    ['no hints: the schedule', {}, 10 * minute],
    ['ttl 60 lengthens', { hints: { ttlMinutes: 60 } }, 60 * minute],
    ['ttl 5 never shortens', { hints: { ttlMinutes: 5 } }, 10 * minute],
    ['max-age 3600 lengthens', { cache: { freshUntil: at(hour) } }, hour],
    ['max-age 60 never shortens', { cache: { freshUntil: at(minute) } }, 10 * minute],
    ['Expires in 2 h lengthens', { cache: { expires: at(2 * hour) } }, 2 * hour],
    ['Expires in the past is ignored', { cache: { expires: at(-hour) } }, 10 * minute],
    ['sy:updatePeriod daily lengthens', { hints: { updateIntervalMinutes: 24 * 60 } }, 24 * hour],
    ['the longest hint wins', { hints: { ttlMinutes: 30, updateIntervalMinutes: 120 }, cache: { freshUntil: at(hour) } }, 2 * hour],
    ['a week-long ttl is clamped to maxInterval', { hints: { ttlMinutes: 7 * 24 * 60 } }, 24 * hour],
    ['skipHours moves to the first allowed hour (UTC)', { hints: { skipHours: [6, 7] } }, '2026-11-26T08:00:00.000Z'],
    ['skipHours 24 means midnight', { hints: { skipHours: [24] }, scheduledInMs: 18 * hour + 5 * minute }, '2026-11-27T01:00:00.000Z'],
    ['skipDays moves to the next allowed day', { hints: { skipDays: ['Thursday'] } }, '2026-11-27T00:00:00.000Z'],
    ['skipDays then skipHours', { hints: { skipDays: ['thursday'], skipHours: [0, 1, 2] } }, '2026-11-27T03:00:00.000Z'],
    ['skipping past maxInterval is clamped', { hints: { skipDays: ['Thursday', 'Friday'] } }, 24 * hour],
    ['skipHours covering the whole day is ignored', { hints: { skipHours: Array.from({ length: 24 }, (_, h) => h) } }, 10 * minute],
    ['skipHours apply after ttl', { hints: { ttlMinutes: 120, skipHours: [8] } }, '2026-11-26T09:00:00.000Z'],
    ['a schedule faster than minInterval is slowed down', { scheduledInMs: minute }, 5 * minute],
    ['a schedule slower than maxInterval is kept', { hints: { ttlMinutes: 60 }, scheduledInMs: 48 * hour }, 48 * hour],
  ])('%s', (_label, { hints, cache, scheduledInMs }, expected) => {
    const ctx = context({
      hints: hints ? { ...noHints, ...hints } : null,
      scheduledNext: new Date(now.getTime() + (scheduledInMs ?? 10 * minute)),
    });
    const next = nextSourceState(state(), fetched({ cache: { ...noCache, ...cache } }), ctx);
    expect(next.nextPollAt).toBe(typeof expected === 'number' ? at(expected) : expected);
  });

  it('remembers the last parsed hints for a 304 or an unchanged body', () => {
    const parsed = nextSourceState(state(), fetched(), context({ hints: { ...noHints, ttlMinutes: 60 } }));
    expect(parsed).toMatchObject({ publisherHints: { ttlMinutes: 60 }, nextPollAt: at(hour) });
    const unchanged = nextSourceState(parsed, notModified(), context());
    expect(unchanged).toMatchObject({ publisherHints: { ttlMinutes: 60 }, nextPollAt: at(hour) });
  });

  // A cycle a tick started: max-age's end moves back by the request's lead over the tick, up to a minute,
  // so that a */5 schedule with max-age=300 keeps its ticks; a request that waited longer keeps the rest.
  it.each([
    ['a request 40 ms after the tick', 40, 40],
    ['a request 2 min after the tick (queued)', 2 * minute, minute],
  ])('max-age after %s', (_label, sentAfterTick, lead) => {
    const sent = now.getTime() + sentAfterTick;
    const cache: CacheHints = { ...noCache, freshUntil: new Date(sent + hour).toISOString(), requestSentAt: new Date(sent).toISOString() };
    const next = nextSourceState(state(), fetched({ cache }), context({ tick: now }));
    expect(next.nextPollAt).toBe(at(sentAfterTick + hour - lead));
  });

  it('honours cache hints on a 304 too', () => {
    expect(nextSourceState(state(), notModified({ cache: { ...noCache, freshUntil: at(2 * hour) } }), context()).nextPollAt).toBe(
      at(2 * hour),
    );
  });
});

describe('failures', () => {
  it('backs off exponentially from the schedule interval, capped at maxBackoff, and resets on success', () => {
    let current = state({ etag: '"kept"', bodyHash: 'h0' });
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      current = nextSourceState(current, failed500, context({ random: () => 1 }));
      delays.push(Date.parse(current.nextPollAt!) - now.getTime());
    }
    expect(delays.slice(0, 5)).toEqual([10, 20, 40, 80, 160].map((m) => m * minute));
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays.at(-1)).toBe(24 * hour);
    expect(current).toMatchObject({
      consecutiveFailures: 12,
      lastStatus: 500,
      lastError: 'HTTP 500 Internal Server Error',
      etag: '"kept"',
      bodyHash: 'h0',
      lastSuccessAt: null,
    });

    current = nextSourceState(current, notModified(), context());
    expect(current).toMatchObject({ consecutiveFailures: 0, lastError: null, lastErrorCause: null, nextPollAt: at(10 * minute) });
    current = nextSourceState(current, failed500, context({ random: () => 1 }));
    expect(current.nextPollAt).toBe(at(10 * minute));
  });

  it.each([0, 0.25, 0.5, 0.999])('keeps jitter (random %s) within [80 %%, 100 %%] of the delay and under the cap', (random) => {
    const fourth = nextSourceState(state({ consecutiveFailures: 3 }), failed500, context({ random: () => random }));
    const delay = Date.parse(fourth.nextPollAt!) - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(0.8 * 80 * minute);
    expect(delay).toBeLessThanOrEqual(80 * minute);
    const capped = nextSourceState(state({ consecutiveFailures: 30 }), failed500, context({ random: () => random }));
    expect(Date.parse(capped.nextPollAt!) - now.getTime()).toBeLessThanOrEqual(24 * hour);
  });

  it('records a network failure with no status and one line of error', () => {
    const next = nextSourceState(
      state({ lastStatus: 200 }),
      { kind: 'failed', status: null, cause: 'ECONNREFUSED', error: 'ECONNREFUSED\n  (connection refused)' },
      context(),
    );
    expect(next).toMatchObject({
      lastStatus: null,
      lastError: 'ECONNREFUSED (connection refused)',
      lastErrorCause: 'ECONNREFUSED',
      consecutiveFailures: 1,
    });
  });

  it('treats an unparseable body as a failure and keeps the old validators and hash', () => {
    const before = state({ etag: '"v1"', bodyHash: 'h0', lastSuccessAt: '2026-11-25T00:00:00.000Z' });
    const next = nextSourceState(
      before,
      { kind: 'parse-failed', status: 200, cause: 'NOT_A_FEED', error: 'Cannot parse feed: no <rss>, <feed> or JSON Feed root' },
      context({ bodyHash: 'h0' }),
    );
    expect(next).toMatchObject({
      etag: '"v1"',
      bodyHash: 'h0',
      lastStatus: 200,
      consecutiveFailures: 1,
      lastSuccessAt: '2026-11-25T00:00:00.000Z',
      lastError: 'Cannot parse feed: no <rss>, <feed> or JSON Feed root',
      lastErrorCause: 'NOT_A_FEED',
    });
  });

  it.each<[string, string | null, number]>([
    ['Retry-After in 2 h is honoured', at(2 * hour), 2 * hour],
    ['Retry-After sooner than the schedule waits for the schedule', at(30_000), 10 * minute],
    ['Retry-After in 3 days is capped at maxBackoff', at(72 * hour), 24 * hour],
    ['no Retry-After backs off like any failure', null, 20 * minute],
  ])('429/503: %s', (_label, retryAt, expected) => {
    const next = nextSourceState(
      state({ consecutiveFailures: 1 }),
      { kind: 'retry-later', status: 429, retryAt, cause: 'HTTP_STATUS', error: 'HTTP 429 Too Many Requests' },
      context({ random: () => 1 }),
    );
    expect(next).toMatchObject({
      nextPollAt: at(expected),
      lastStatus: 429,
      lastError: 'HTTP 429 Too Many Requests',
      consecutiveFailures: 2,
    });
  });

  it('disables the source on 410 and keeps it disabled until the operator clears disabledReason', () => {
    const gone = nextSourceState(state(), { kind: 'gone', status: 410, cause: 'HTTP_STATUS', error: 'HTTP 410 Gone' }, context());
    expect(gone).toMatchObject({
      disabledReason: 'HTTP 410 Gone',
      lastError: 'HTTP 410 Gone',
      lastStatus: 410,
      nextPollAt: null,
      consecutiveFailures: 1,
    });
    // Even a later successful (forced) poll does not re-enable it by itself.
    expect(nextSourceState(gone, fetched(), context()).disabledReason).toBe('HTTP 410 Gone');
  });
});

describe('permanent redirects', () => {
  const moved = (target: string | null) => fetched({ permanentRedirect: target });

  it('moves currentUrl only after three sightings in a row', () => {
    let current = state({ currentUrl: null });
    const seen: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      current = nextSourceState(current, moved('https://new.example/feed'), context());
      seen.push(current.currentUrl);
    }
    expect(seen).toEqual([null, null, 'https://new.example/feed']);
    expect(current).toMatchObject({ redirectTarget: null, redirectSeen: 0 });
  });

  it.each<[string, PollResult[], Partial<SourceState>]>([
    [
      'a poll without the redirect resets the count',
      [moved('https://new.example/feed'), moved('https://new.example/feed'), moved(null), moved('https://new.example/feed')],
      { currentUrl: null, redirectTarget: 'https://new.example/feed', redirectSeen: 1 },
    ],
    [
      'a different target starts counting again',
      [moved('https://a.example/feed'), moved('https://a.example/feed'), moved('https://b.example/feed')],
      { currentUrl: null, redirectTarget: 'https://b.example/feed', redirectSeen: 1 },
    ],
    [
      'a 304 through the redirect counts',
      [
        moved('https://new.example/feed'),
        notModified({ permanentRedirect: 'https://new.example/feed' }),
        moved('https://new.example/feed'),
      ],
      { currentUrl: 'https://new.example/feed', redirectSeen: 0 },
    ],
    [
      'failures in between neither count nor reset',
      [moved('https://new.example/feed'), failed500, moved('https://new.example/feed'), failed500, moved('https://new.example/feed')],
      { currentUrl: 'https://new.example/feed' },
    ],
  ])('%s', (_label, results, expected) => {
    let current = state();
    for (const result of results) current = nextSourceState(current, result, context());
    expect(current).toMatchObject(expected);
  });

  it('follows a real 301 after three polls and then polls the new URL directly', async () => {
    const server = await startFixtureServer({
      '/old.xml': (_req, res) => void res.writeHead(301, { location: '/new.xml' }).end(),
      '/new.xml': serveBody('<rss version="2.0"><channel><title>x</title></channel></rss>', { etag: '"n1"' }),
    });
    // As config.json would have it: the source names this loopback host:port, and the learned URL stays on it.
    const privateNetworks = { allowPrivateNetworks: false, operatorNamedHosts: [new URL(server.origin).host] };
    const settings = {
      timeoutMs: 10_000,
      connectTimeoutMs: 5000,
      maxBodyBytes: 1024 * 1024,
      maxRedirects: 5,
      userAgent: defaultUserAgent,
      privateNetworks,
    };
    let current = state();
    for (let poll = 0; poll < 4; poll++) {
      const url = current.currentUrl ?? server.url('/old.xml');
      const outcome = await fetchFeed({ url, etag: current.etag, lastModified: current.lastModified }, settings, now);
      current = nextSourceState(current, outcome, context());
    }
    expect(current.currentUrl).toBe(server.url('/new.xml'));
    expect(server.requests.map((r) => r.path)).toEqual([
      '/old.xml',
      '/new.xml',
      '/old.xml',
      '/new.xml',
      '/old.xml',
      '/new.xml',
      '/new.xml',
    ]);
    expect(server.requests.at(-1)!.headers['if-none-match']).toBe('"n1"');
    expect(current.lastStatus).toBe(304);
    await closeFetchAgents();
    await server.close();
  });
});

describe('max-age counted from the response (RFC 9111 §4.2.3), over a slow server on 127.0.0.1', () => {
  const delayMs = 1500;
  const rss = '<rss version="2.0"><channel><title>x</title></channel></rss>';
  const settings = {
    timeoutMs: 10_000,
    connectTimeoutMs: 5000,
    maxBodyBytes: 1024 * 1024,
    maxRedirects: 5,
    userAgent: defaultUserAgent,
    privateNetworks: { allowPrivateNetworks: true, operatorNamedHosts: [] },
  };
  /** A server that answers after `delayMs` with `headers`; Node adds Date, the time it answers, unless given. */
  let answeredAt = 0;
  const slowly =
    (headers: Record<string, string>): Route =>
    (_req, res) =>
      void setTimeout(() => {
        answeredAt = Date.now();
        // "OLD": a Date 400 s before the answer (a cache in front that sends no Age).
        const date: Record<string, string> = headers['date'] === 'OLD' ? { date: new Date(answeredAt - 400_000).toUTCString() } : {};
        res.writeHead(200, { ...headers, ...date }).end(rss);
      }, delayMs);

  // The cycle started 2 minutes before the request went out (it waited behind the per-host limit): the
  // response's freshness still counts from the request that got it, its Age and transit time taken off
  // (RFC 9111's corrected age), or from its arrival, less the age its Date shows, when that is larger.
  it.each<[string, Record<string, string>, 'request' | 'answer', number]>([
    ['Age taken off', { 'cache-control': 'max-age=1200', age: '300' }, 'request', 900],
    ['no Age: max-age from the request', { 'cache-control': 'max-age=1200' }, 'request', 1200],
    ['an old Date without Age', { 'cache-control': 'max-age=1200', date: 'OLD' }, 'answer', 800],
  ])('%s', async (_label, headers, from, freshSeconds) => {
    const server = await startFixtureServer({});
    try {
      const cycleStart = new Date(Date.now() - 2 * minute);
      const sent = new Date();
      server.route('/feed.xml', slowly(headers));
      const outcome = await fetchFeed({ url: server.url('/feed.xml'), etag: null, lastModified: null }, settings, sent);
      const next = nextSourceState(state(), outcome, {
        ...context({ now: cycleStart, scheduledNext: new Date(cycleStart.getTime() + minute) }),
        policy: { minIntervalMs: minute, maxIntervalMs: 24 * hour, maxBackoffMs: 24 * hour, redirectConfirmations: 3 },
      });
      const expected = (from === 'request' ? sent.getTime() : answeredAt) + freshSeconds * 1000;
      // Within the second a Date header is written in (and the request's few milliseconds on loopback).
      expect(Math.abs(Date.parse(next.nextPollAt!) - expected)).toBeLessThan(1100);
    } finally {
      await closeFetchAgents();
      await server.close();
    }
  });
});

// V8's Date.parse read "Date: 1" as 2001: with a valid Expires the lifetime Expires − Date was ~25 years,
// held to maxInterval, so the source was not polled again for a day. Date is an HTTP-date or nothing. Each row's Expires
// is 10 minutes ahead, and the next poll must come then (the schedule and the minimum say 1 minute).
describe('Date and Expires read strictly as HTTP-dates (RFC 9110 §5.6.7), over a server on 127.0.0.1', () => {
  const settings = {
    timeoutMs: 10_000,
    connectTimeoutMs: 5000,
    maxBodyBytes: 1024 * 1024,
    maxRedirects: 5,
    userAgent: defaultUserAgent,
    privateNetworks: { allowPrivateNetworks: true, operatorNamedHosts: [] },
  };
  const rss = '<rss version="2.0"><channel><title>x</title></channel></rss>';
  const httpDate = (ms: number): string => new Date(ms).toUTCString();
  const expiresIn10 = (answered: number): string => httpDate(answered + 10 * minute);

  it.each<[string, (answered: number) => Record<string, string>]>([
    ['Date: 1 is no date: Expires taken as it is', (t) => ({ date: '1', expires: expiresIn10(t) })],
    ['Date: 0 is no date', (t) => ({ date: '0', expires: expiresIn10(t) })],
    ['a valid Date: Expires − Date', (t) => ({ date: httpDate(t), expires: expiresIn10(t) })],
    ['no Date', (t) => ({ expires: expiresIn10(t) })],
    // undici keeps a trailing space or tab on a value; optional whitespace is no part of it (RFC 9110 §5.5). Read with
    // it, the Expires was no HTTP-date, so already expired: a 1-minute poll.
    ['Date and Expires with a trailing space and tab', (t) => ({ date: `${httpDate(t)} \t`, expires: `${expiresIn10(t)} \t` })],
    // A cache matches an HTTP-date's names in any case (RFC 9111 §4.2).
    ['Date and Expires in lower case', (t) => ({ date: httpDate(t).toLowerCase(), expires: expiresIn10(t).toLowerCase() })],
    ['Expires in capitals', (t) => ({ date: httpDate(t), expires: expiresIn10(t).toUpperCase() })],
    // With no-cache, max-age is no hint, so it does not override Expires either (the same wait as no-cache alone).
    ['no-cache and max-age: Expires still counts', (t) => ({ 'cache-control': 'no-cache, max-age=3600', expires: expiresIn10(t) })],
    ['no-cache alone: Expires counts', (t) => ({ 'cache-control': 'no-cache', expires: expiresIn10(t) })],
  ])('%s', async (_label, headersAt) => {
    const server = await startFixtureServer({});
    try {
      server.route('/feed.xml', (_req, res) => {
        // Node adds a Date of its own unless told not to.
        res.sendDate = false;
        res.writeHead(200, headersAt(Date.now())).end(rss);
      });
      const sent = new Date();
      const outcome = await fetchFeed({ url: server.url('/feed.xml'), etag: null, lastModified: null }, settings, sent);
      const next = nextSourceState(state(), outcome, {
        ...context({ now: sent, scheduledNext: new Date(sent.getTime() + minute) }),
        policy: { minIntervalMs: minute, maxIntervalMs: 24 * hour, maxBackoffMs: 24 * hour, redirectConfirmations: 3 },
      });
      // Within the second an HTTP-date is written in, and the request's milliseconds on loopback.
      expect(Math.abs(Date.parse(next.nextPollAt!) - (sent.getTime() + 10 * minute))).toBeLessThan(2000);
    } finally {
      await closeFetchAgents();
      await server.close();
    }
  });
});
