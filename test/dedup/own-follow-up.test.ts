// A feed's own follow-up of a story another outlet told too, within hours and without an update tag, is its own
// retelling of the story and pays no same-feed penalty (src/dedup/own-follow-up.ts), through the real ingest and
// placement path, in an empty and a populated window. Alone with the feed's first report (no other outlet told it), the
// follow-up still pays the penalty, and so does one told more than FOLLOW_UP_WITHIN_HOURS later.
import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_WITHIN_HOURS } from '../../src/dedup/own-follow-up.js';
import type { FeedItem } from '../../src/model.js';
import { broadcaster, wireFirst, wireFollowUp } from '../fixtures/dedup/own-follow-up.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { harness, source } from './dedup-harness.js';

/** Places `items` (source, item) in order, each at its published time; returns their decisions. */
async function place(items: readonly [string, FeedItem][], populated: boolean) {
  const h = await harness([source('agentur'), source('rundfunk'), ...BACKGROUND_SOURCES]);
  if (populated) await fillWindow(h, '2026-09-14T12:00:00Z');
  const decisions = [];
  for (const [sourceId, item] of items) decisions.push((await h.poll(sourceId, [item], item.published!))[0]!);
  return decisions;
}

describe("a feed's follow-up of a story another outlet told too", () => {
  it.each([false, true])('joins the story as its retelling, without the same-feed penalty (populated window: %s)', async (populated) => {
    const [first, , followUp] = await place(
      [
        ['agentur', wireFirst],
        ['rundfunk', broadcaster],
        ['agentur', wireFollowUp],
      ],
      populated,
    );
    expect(followUp!.storyId).toBe(first!.storyId);
    expect(followUp!.components['sameSource']).toBe(true);
    expect(followUp!.components['retelling']).toBe(true);
  });

  it.each([false, true])('pays the penalty when only its own feed told the story (populated window: %s)', async (populated) => {
    const [first, followUp] = await place(
      [
        ['agentur', wireFirst],
        ['agentur', wireFollowUp],
      ],
      populated,
    );
    expect(followUp!.storyId).not.toBe(first!.storyId);
  });

  it('pays the penalty more than FOLLOW_UP_WITHIN_HOURS after the story', async () => {
    const late = {
      ...wireFollowUp,
      published: new Date(Date.parse(broadcaster.published!) + (FOLLOW_UP_WITHIN_HOURS + 1) * 3_600_000).toISOString(),
    };
    const [first, , followUp] = await place(
      [
        ['agentur', wireFirst],
        ['rundfunk', broadcaster],
        ['agentur', late],
      ],
      false,
    );
    expect(followUp!.storyId).not.toBe(first!.storyId);
  });
});
