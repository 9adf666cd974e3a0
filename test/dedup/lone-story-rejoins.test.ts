// A lone story rejoins the story an item has just joined when its one member, placed again against the grown story, would
// join it (place-item.ts `lonesRejoining`), through the real ingest and placement path, in an empty and a populated window:
// the merge is the item's decision (the older id survives, the lone story is absorbed) and `explain` shows it. A lone story
// of the same topic but another event stays apart: its member's conflicts with the grown story's members still veto. The
// stories are the same whatever order the reports arrive in, by one engine or by one started per poll (rebuilt from the store).
import { describe, expect, it } from 'vitest';
import { explainItem } from '../../src/dedup/explain-item.js';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import type { FeedItem } from '../../src/model.js';
import { broadcasterHamburg, tabloidHamburg, wireDuesseldorf, wireHamburg } from '../fixtures/dedup/lone-story-rejoins.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { harness, source, type Harness } from './dedup-harness.js';

const SOURCES = ['agentur', 'nachrichtendienst', 'rundfunk', 'boulevard'].map((id) => source(id));

/** Places `items` (source, item) in order, each at its published time; returns the harness and their decisions. */
async function place(items: readonly [string, FeedItem][], populated: boolean) {
  const h: Harness = await harness([...SOURCES, ...BACKGROUND_SOURCES]);
  if (populated) await fillWindow(h, '2025-11-18T05:00:00Z');
  const decisions = [];
  for (const [sourceId, item] of items) decisions.push((await h.poll(sourceId, [item], item.published!))[0]!);
  return { h, decisions };
}

describe('a lone story rejoins the story an item joined', () => {
  it.each([false, true])('merges the lone story when its member would join the grown story (populated window: %s)', async (populated) => {
    const { h, decisions } = await place(
      [
        ['agentur', wireHamburg],
        ['rundfunk', broadcasterHamburg],
        ['boulevard', tabloidHamburg],
      ],
      populated,
    );
    const [wire, broadcaster, tabloid] = decisions;
    // Alone, the broadcaster's report did not join the wire's: two stories before the tabloid's report.
    expect(broadcaster!.rule).toBe('new-story');
    expect(tabloid!.rule).toBe('near-duplicate');
    // The wire's story is the older: its id survives, the broadcaster's story is absorbed.
    expect(tabloid!.storyId).toBe(wire!.storyId);
    expect(String(tabloid!.components['rejoinedLoneStories'])).toMatch(new RegExp(`^${wire!.itemId}:`));
    expect(tabloid!.components['mergedStories']).toBe(broadcaster!.storyId);
    expect((await h.item(broadcaster!.itemId))!.storyId).toBe(wire!.storyId);
    expect(await h.store.stories.survivorOf(broadcaster!.storyId)).toBe(wire!.storyId);
    // `explain` of the tabloid's report shows the lone story it brought in.
    const [explained] = await explainItem(h.store, String(tabloid!.itemId));
    expect(explained!.decision!.components['rejoinedLoneStories']).toBe(tabloid!.components['rejoinedLoneStories']);
  });

  it.each([false, true])('keeps a lone story of the same topic but another event apart (populated window: %s)', async (populated) => {
    const { h, decisions } = await place(
      [
        ['agentur', wireHamburg],
        ['nachrichtendienst', wireDuesseldorf],
        ['rundfunk', broadcasterHamburg],
        ['boulevard', tabloidHamburg],
      ],
      populated,
    );
    const [wire, duesseldorf, , tabloid] = decisions;
    expect(duesseldorf!.storyId).not.toBe(wire!.storyId);
    expect(tabloid!.storyId).toBe(wire!.storyId);
    expect(String(tabloid!.components['rejoinedLoneStories'] ?? '')).not.toContain(`${duesseldorf!.itemId}:`);
    expect((await h.item(duesseldorf!.itemId))!.storyId).toBe(duesseldorf!.storyId);
  });
});

describe('the stories whatever order the reports arrive in', () => {
  const items: Record<string, [string, FeedItem]> = {
    wire: ['agentur', wireHamburg],
    duesseldorf: ['nachrichtendienst', wireDuesseldorf],
    broadcaster: ['rundfunk', broadcasterHamburg],
    tabloid: ['boulevard', tabloidHamburg],
  };

  /** Each report in its own poll, a minute apart after the last is published, in `order`; the stories' members (keys). */
  async function storiesAfter(order: readonly string[], restart: boolean): Promise<string[][]> {
    const h = await harness(SOURCES);
    for (const [k, name] of order.entries()) {
      const [sourceId, item] = items[name]!;
      const now = new Date(Date.parse('2025-11-18T07:30:00Z') + k * 60_000).toISOString();
      await h.store.transaction((s) => s.items.ingest(sourceId, 'de', [item], now));
      await (restart ? new Placer(h.store, new StoryEngine(h.settings)) : h.placer).placePending(now);
    }
    const members = new Map<string, string[]>();
    for (const name of order) {
      const [sourceId, item] = items[name]!;
      const stored = (await h.store.items.findByReference(item.key))[0]!;
      members.set(stored.storyId!, [...(members.get(stored.storyId!) ?? []), `${sourceId}/${item.key}`].sort());
    }
    await h.store.close();
    return [...members.values()].sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  }

  it.each([false, true])('are one story of the Hamburg reports and one of the Düsseldorf report (engine per poll: %s)', async (restart) => {
    const inTime = await storiesAfter(['wire', 'duesseldorf', 'broadcaster', 'tabloid'], restart);
    expect(inTime).toHaveLength(2);
    for (const order of [
      ['tabloid', 'broadcaster', 'duesseldorf', 'wire'],
      ['broadcaster', 'tabloid', 'wire', 'duesseldorf'],
    ])
      expect(await storiesAfter(order, restart), order.join(' ')).toEqual(inTime);
  });
});
