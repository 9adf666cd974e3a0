// A merge keeps the older story's id whatever order the reports arrive in. Three reports of one warning strike: the wire's
// (12:30) and a broadcaster's (12:32) do not match each other, a tabloid's (dated 12:30, as the wire's) matches both and
// bridges them. Once, placed last, it joined the broadcaster's story and brought the wire's lone story in (place-item.ts
// `lonesRejoining`), and the broadcaster's younger id survived: the grown story's age was read with the bridging report in
// it, as old as the wire's, and the tie went the broadcaster's way. Through the real SQLite store and placer (the worker's
// placement path, late reports placed again in order as by default), one engine or one per poll (rebuilt from the store).
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { storyIdFor } from '../../src/dedup/story-id.js';
import type { FeedItem } from '../../src/model.js';
import { broadcasterHamburg, tabloidHamburg, wireHamburg } from '../fixtures/dedup/lone-story-rejoins.js';
import { harness, source } from './dedup-harness.js';

// All in one 10-minute step of the placement order, where it goes by source id: the tabloid ("zeitung") is placed last.
const reports: Record<string, [string, FeedItem]> = {
  wire: ['agentur', { ...wireHamburg, published: '2025-11-18T12:30:00Z' }],
  broadcaster: ['rundfunk', { ...broadcasterHamburg, published: '2025-11-18T12:32:00Z' }],
  tabloid: ['zeitung', { ...tabloidHamburg, published: '2025-11-18T12:30:00Z' }],
};
const storyOf = (name: string): string => storyIdFor(reports[name]![0], reports[name]![1].key);

/** Each report in its own poll, a minute apart, in `order`: the stories (id, members, absorbed ids) and the merges the stored decisions list. */
async function place(order: readonly string[], restart: boolean) {
  const h = await harness(['agentur', 'rundfunk', 'zeitung'].map((id) => source(id)));
  for (const [k, name] of order.entries()) {
    const [sourceId, item] = reports[name]!;
    const now = new Date(Date.parse('2025-11-18T12:45:00Z') + k * 60_000).toISOString();
    await h.store.transaction((s) => s.items.ingest(sourceId, 'de', [item], now));
    await (restart ? new Placer(h.store, new StoryEngine(h.settings)) : h.placer).placePending(now);
  }
  const stories = await h.store.stories.list({ limit: 100 });
  const merged: string[] = [];
  for (const member of stories.flatMap((s) => s.items)) {
    const listed = (await h.store.placements.decision(member.id))?.components['mergedStories'];
    if (listed) merged.push(...String(listed).split(' '));
  }
  await h.store.close();
  return { stories: stories.map((s) => ({ id: s.id, members: s.items.length, absorbed: s.absorbedIds })), merged };
}

describe('a merge keeps the older story id in every arrival order', () => {
  it('the wire and the broadcaster do not match alone; the tabloid matches each', async () => {
    expect((await place(['wire', 'broadcaster'], false)).stories).toHaveLength(2);
    expect((await place(['wire', 'tabloid'], false)).stories).toHaveLength(1);
    expect((await place(['broadcaster', 'tabloid'], false)).stories).toHaveLength(1);
  });

  // The wire's story is the older (its report the earliest, 12:30), unless the tabloid's report comes first: its story is
  // then published first, the wire's report founds it anew when placed again before it, and a published story keeps the
  // id readers have (README "How stories are formed", keep-published-id.test.ts); dated 12:30 with it, it is as old.
  it.each(
    [false, true].flatMap((restart) =>
      [
        [['wire', 'broadcaster', 'tabloid'], 'wire'],
        [['wire', 'tabloid', 'broadcaster'], 'wire'],
        [['broadcaster', 'wire', 'tabloid'], 'wire'],
        [['broadcaster', 'tabloid', 'wire'], 'wire'],
        [['tabloid', 'wire', 'broadcaster'], 'tabloid'],
        [['tabloid', 'broadcaster', 'wire'], 'tabloid'],
      ].map(([order, survivor]) => [(order as string[]).join(', '), restart, order as string[], survivor as string] as const),
    ),
  )('%s (engine per poll: %s): one story under the older id', async (_label, restart, order, survivor) => {
    const { stories, merged } = await place(order, restart);
    expect(stories).toEqual([{ id: storyOf(survivor), members: 3, absorbed: [storyOf('broadcaster')] }]);
    // A member's stored decision lists the broadcaster's story as absorbed.
    expect(merged).toContain(storyOf('broadcaster'));
    expect(merged).not.toContain(storyOf(survivor));
  });
});
