// Shared shape of the conflict tests for two events of one kind told alike (one road at two places, namesake towns, the
// euro area and a member country): through the real ingest + placement path, in an empty and a populated window, the
// second event's report stays apart from the first with the conflict named in `explain`'s components, and a retelling of
// the first still joins it with that conflict false.
import { expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { harness, source } from './dedup-harness.js';

export interface TwoEventsCase {
  language: string;
  /** A report of the first event. */
  first: FeedItem;
  /** A report of the other event, told alike. */
  other: FeedItem;
  /** Another outlet's report of the first event. */
  retold: FeedItem;
}

/** The two `it.each` blocks: `apart` and `joins` name them; `conflict` is the component that must tell the events apart. */
export function itKeepsTwoEventsApart(options: {
  cases: readonly TwoEventsCase[];
  conflict: string;
  /** When the populated window's background items are published (before the cases). */
  fillAt: string;
  apart: string;
  joins: string;
}): void {
  const { cases, conflict, fillAt } = options;
  const setUp = async (language: string, populated: boolean) => {
    const h = await harness([source('a', { language }), source('b', { language }), source('c', { language }), ...BACKGROUND_SOURCES]);
    if (populated) await fillWindow(h, fillAt);
    return h;
  };
  const runs = cases.flatMap((c) => [false, true].map((populated) => ({ ...c, populated })));

  it.each(runs)(`${options.apart} ($language, populated window: $populated)`, async ({ language, first, other, populated }) => {
    const h = await setUp(language, populated);
    const [a] = await h.poll('a', [first], first.published!);
    const [b] = await h.poll('b', [other], other.published!);
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components[`nearest.${conflict}`]).toBe(true);
  });

  it.each(runs)(`${options.joins} ($language, populated window: $populated)`, async ({ language, first, other, retold, populated }) => {
    const h = await setUp(language, populated);
    const [a] = await h.poll('a', [first], first.published!);
    await h.poll('b', [other], other.published!);
    const [c] = await h.poll('c', [retold], retold.published!);
    expect(c!.storyId).toBe(a!.storyId);
    expect(c!.components[conflict]).toBe(false);
  });
}
