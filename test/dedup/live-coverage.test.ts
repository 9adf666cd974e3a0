// A feed's live ticker of an event and its own report of the outcome are one story (own-follow-up.ts
// `followsOwnLiveCoverage`): the report pays no same-feed penalty within FOLLOW_UP_WITHIN_HOURS of the ticker, through the
// real ingest and placement path. The same two texts without the live label, or the report a day later, pay it and stay
// apart: the label is what tells the ticker from the feed's other items.
import { describe, expect, it } from 'vitest';
import { isLiveCoverage } from '../../src/dedup/agency-markers.js';
import { itemFeatures } from '../../src/dedup/item-features.js';
import { FOLLOW_UP_WITHIN_HOURS, followsOwnLiveCoverage } from '../../src/dedup/own-follow-up.js';
import type { FeedItem } from '../../src/model.js';
import { result, ticker } from '../fixtures/dedup/live-coverage.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { harness, source } from './dedup-harness.js';

describe('live coverage labels', () => {
  it.each([
    'Live: Zverev gegen Draper – Viertelfinale in Roland Garros',
    'Ticker: Davis Cup, Deutschland gegen Argentinien',
    'Liveblog: Bundestag stimmt über Haushalt ab',
    '+++ Newsticker +++ Sturmtief über Norddeutschland',
    'England v Australia: first Test, day one – live',
    'Storm Ciarán: latest updates – live',
    'Fed decision – as it happened',
    'Wahlabend in Sachsen (Liveblog)',
  ])('"%s" is live coverage', (title) => {
    expect(isLiveCoverage(title)).toBe(true);
  });

  it.each([
    'Zverev steht im Halbfinale der French Open',
    'Live-Musik kehrt in die Clubs zurück',
    'Tickerpreise steigen: Konzerte werden teurer',
    'Why live TV still matters',
    'Sie leben live: Die Doku über Influencer',
    'Ticker-Preise: Was Konzertkarten jetzt kosten',
  ])('"%s" is not', (title) => {
    expect(isLiveCoverage(title)).toBe(false);
  });
});

/** Places the ticker, then `report`, both from one feed; returns their decisions. */
async function place(first: FeedItem, report: FeedItem) {
  const h = await harness([source('sport'), ...BACKGROUND_SOURCES]);
  await fillWindow(h, first.published!);
  const [a] = await h.poll('sport', [first], first.published!);
  const [b] = await h.poll('sport', [report], report.published!);
  return { a: a!, b: b! };
}

describe("a feed's report of the event its live ticker covered", () => {
  it('joins the ticker, from the same feed, without the same-feed penalty', async () => {
    const { a, b } = await place(ticker, result);
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['sameSource']).toBe(true);
  });

  it('stays apart when the first item carries no live label (the same-feed penalty holds)', async () => {
    const { a, b } = await place({ ...ticker, title: ticker.title.replace(/^Live: /, '') }, result);
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.sameSource']).toBe(true);
  });

  it('stays apart more than FOLLOW_UP_WITHIN_HOURS after the ticker', async () => {
    const late = { ...result, published: new Date(Date.parse(ticker.published!) + (FOLLOW_UP_WITHIN_HOURS + 1) * 3_600_000).toISOString() };
    const { a, b } = await place(ticker, late);
    expect(b.storyId).not.toBe(a.storyId);
  });
});

/** The engine's features of `item` as feed `sourceId` stored it. */
function featuresOf(item: FeedItem, sourceId: string) {
  return itemFeatures(
    {
      id: 1,
      sourceId,
      key: item.key,
      url: item.url,
      canonicalUrl: null,
      title: item.title,
      summary: item.summary,
      language: null,
      published: item.published,
      firstSeen: item.published!,
      storyId: null,
      contentLength: item.summary.length,
    },
    'de',
  );
}

const hoursAfterTicker = (item: FeedItem, hours: number): FeedItem => ({
  ...item,
  published: new Date(Date.parse(ticker.published!) + hours * 3_600_000).toISOString(),
});

describe('the live-ticker waiver of the same-feed penalty', () => {
  it("counts the hours from the feed's own ticker, not from another outlet's member", () => {
    const otherOutlet = featuresOf(hoursAfterTicker(result, FOLLOW_UP_WITHIN_HOURS), 'agentur');
    const report = featuresOf(hoursAfterTicker(result, FOLLOW_UP_WITHIN_HOURS + 1), 'sport');
    expect(followsOwnLiveCoverage(report, [featuresOf(ticker, 'sport'), otherOutlet])).toBe(false);
    expect(followsOwnLiveCoverage(featuresOf(result, 'sport'), [featuresOf(ticker, 'sport'), otherOutlet])).toBe(true);
  });

  it('does not waive it between two tickers of one feed', () => {
    const secondTicker = hoursAfterTicker(
      { ...ticker, key: 'sport-ticker-2', title: 'Live: Maria gegen Swiatek – Achtelfinale in Stuttgart' },
      2,
    );
    const first = featuresOf(ticker, 'sport');
    const second = featuresOf(secondTicker, 'sport');
    expect(first.liveCoverage && second.liveCoverage).toBe(true);
    expect(followsOwnLiveCoverage(second, [first])).toBe(false);
  });
});
