// A story told by three or more outlets holds an item's headline figures against its own: those of the headline it began
// with and those two of its headlines give, not one later outlet's detail (score-story.ts `heldTitleNumbers`). A figure the
// founding headline gives, or two members give, still keeps another count apart. Headlines only, as UCI's; English texts
// written for this test, through the real ingest + placement path.
import { describe, expect, it } from 'vitest';
import type { DedupDecision } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

const FEEDS = ['a', 'b', 'c', 'd'];

/** Each headline from its own feed, ten minutes apart, in order; the decisions. */
async function place(titles: readonly string[]): Promise<DedupDecision[]> {
  const h = await harness(FEEDS.map((id) => source(id, { language: 'en' })));
  const decisions: DedupDecision[] = [];
  for (const [i, title] of titles.entries()) {
    const at = new Date(Date.parse('2026-03-11T09:00:00Z') + i * 600_000).toISOString();
    const [d] = await h.poll(FEEDS[i]!, [feedItem({ key: `${FEEDS[i]}-1`, title, published: at })], at);
    decisions.push(d!);
  }
  return decisions;
}

describe("a story's headline figures", () => {
  it("join an item whose figure differs from one later member's detail", async () => {
    const [a, b, c, d] = await place([
      'Chrysler recalls Jeep SUVs to fix brake problem',
      'Chrysler recalls 25,250 Jeep SUVs to fix brake problem',
      'Chrysler recalls Jeep SUVs over brake problem',
      'Chrysler recalls Jeep SUVs to fix brake problem sold in 40 states',
    ]);
    expect([b!.storyId, c!.storyId]).toEqual([a!.storyId, a!.storyId]);
    expect(d!.components['numberConflict']).toBe(false);
    expect(d!.storyId).toBe(a!.storyId);
  });

  it('keep apart another count of the figure the founding headline gives', async () => {
    const [a, b, c, d] = await place([
      'Chrysler recalls 25,250 Jeep SUVs to fix brake problem',
      'Chrysler recalls Jeep SUVs to fix brake problem',
      'Chrysler recalls Jeep SUVs over brake problem',
      'Chrysler recalls 18,000 Jeep SUVs to fix brake problem',
    ]);
    expect([b!.storyId, c!.storyId]).toEqual([a!.storyId, a!.storyId]);
    expect(d!.storyId).not.toBe(a!.storyId);
    expect(d!.components['nearest.numberConflict']).toBe(true);
  });

  it('keep apart another count of a figure two later members give', async () => {
    const [a, b, c, d] = await place([
      'Chrysler recalls Jeep SUVs to fix brake problem',
      'Chrysler recalls 25,250 Jeep SUVs to fix brake problem',
      'Chrysler recalls 25,250 Jeep SUVs over brake problem',
      'Chrysler recalls 18,000 Jeep SUVs to fix brake problem',
    ]);
    expect([b!.storyId, c!.storyId]).toEqual([a!.storyId, a!.storyId]);
    expect(d!.storyId).not.toBe(a!.storyId);
    expect(d!.components['nearest.numberConflict']).toBe(true);
  });

  it("hold no detail figure of the story's second member once the founder has left the window", async () => {
    // A two-hour window, so that the founder leaves it while the later members stay.
    const h = await harness(
      FEEDS.map((id) => source(id, { language: 'en' })),
      { threshold: 0.5, windowHours: 2 },
    );
    const at = (minutes: number): string => new Date(Date.parse('2026-03-11T09:00:00Z') + minutes * 60_000).toISOString();
    const items = [
      ['a', 0, 'Chrysler recalls Jeep SUVs to fix brake problem'],
      ['b', 90, 'Chrysler recalls Jeep SUVs to fix brake problem sold in 40 states'],
      ['c', 100, 'Chrysler recalls Jeep SUVs over brake problem'],
      ['d', 110, 'Chrysler recalls Jeep SUVs to fix a brake problem'],
    ] as const;
    const decisions: DedupDecision[] = [];
    for (const [feed, minutes, title] of items)
      decisions.push((await h.poll(feed, [feedItem({ key: `${feed}-1`, title, published: at(minutes) })], at(minutes)))[0]!);
    const storyId = decisions[0]!.storyId;
    expect(decisions.map((d) => d.storyId)).toEqual([storyId, storyId, storyId, storyId]);
    // 190 minutes on, the founder is out of the window (and its hour of slack: window-index.ts `windowCutoff`), the others
    // are not: the second member's "40" is still one outlet's detail.
    const title = 'Chrysler recalls Jeep SUVs to fix brake problem in 25 states';
    const [later] = await h.poll('a', [feedItem({ key: 'a-2', title, published: at(190) })], at(190));
    expect(later!.components['numberConflict']).toBe(false);
    expect(later!.storyId).toBe(storyId);
  });

  it("count two copies of one outlet's headline as one outlet's detail", async () => {
    const [a, b, b2, c, d] = await place5([
      ['a', 'Chrysler recalls Jeep SUVs to fix brake problem'],
      ['b', 'Chrysler recalls Jeep SUVs to fix brake problem sold in 40 states'],
      ['b', 'Chrysler Jeep SUVs sold in 40 states recalled over brake problem'],
      ['c', 'Chrysler recalls Jeep SUVs over brake problem'],
      ['d', 'Chrysler recalls Jeep SUVs to fix brake problem in 25 states'],
    ]);
    expect([b!.storyId, b2!.storyId, c!.storyId]).toEqual([a!.storyId, a!.storyId, a!.storyId]);
    expect(d!.components['numberConflict']).toBe(false);
    expect(d!.storyId).toBe(a!.storyId);
  });
});

/** Each [feed, headline], ten minutes apart, in order (a feed's second item gets key `<feed>-2`); the decisions. */
async function place5(items: readonly (readonly [string, string])[]): Promise<DedupDecision[]> {
  const h = await harness(FEEDS.map((id) => source(id, { language: 'en' })));
  const decisions: DedupDecision[] = [];
  const seen = new Map<string, number>();
  for (const [i, [feed, title]] of items.entries()) {
    const n = (seen.get(feed) ?? 0) + 1;
    seen.set(feed, n);
    const at = new Date(Date.parse('2026-03-11T09:00:00Z') + i * 600_000).toISOString();
    const [d] = await h.poll(feed, [feedItem({ key: `${feed}-${n}`, title, published: at })], at);
    decisions.push(d!);
  }
  return decisions;
}
