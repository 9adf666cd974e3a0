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
});
