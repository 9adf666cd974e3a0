// Re-placement re-applies what no late item reaches (replacement-reach.ts): a taken-back placement whose
// decision read nothing a late item changed is indexed again into the story it was in, without scoring;
// one a late item reaches is scored again and may change story. Either way the stories are those of
// scoring every one again (`reapplyUnreached: false`), the undo log stays in placement order (a second
// late poll still takes back and places in order), and a restarted engine replays the same window.
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import type { FeedItem } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

const T = Date.parse('2026-02-05T12:00:00.000Z');
const at = (minutes: number): string => new Date(T + minutes * 60_000).toISOString();
const item = (id: string, minutes: number, title: string, summary: string): FeedItem =>
  feedItem({ guid: id, url: `https://news.example/${id}`, title, summary, published: at(minutes) });

const oil = 'Der Ölpreis ist nach dem Beschluss der Opec-Staaten zur Förderkürzung in Wien kräftig gestiegen, Brent kostet 92 Dollar.';
/** In time: three unrelated reports. */
const polls: { source: string; now: number; items: FeedItem[] }[] = [
  {
    source: 'a',
    now: 0,
    items: [
      item(
        'a1',
        -20,
        'Hochwasser in Passau überflutet die Altstadt',
        'Die Donau hat in Passau die Altstadt überflutet, Feuerwehren pumpen Keller aus.',
      ),
    ],
  },
  {
    source: 'b',
    now: 0,
    items: [
      item(
        'b1',
        -15,
        'Bayern gewinnt das Spitzenspiel gegen Dortmund',
        'Der FC Bayern hat das Bundesligaspiel gegen Borussia Dortmund mit 3:1 gewonnen.',
      ),
    ],
  },
  { source: 'c', now: 0, items: [item('c1', -10, 'Ölpreis steigt nach Opec-Beschluss kräftig', oil)] },
];
/** Late: dated before all of the above, about none of them. */
const unrelatedLate = {
  source: 'd',
  now: 1,
  items: [
    item(
      'd1',
      -40,
      'Vulkanausbruch auf Island legt den Flugverkehr lahm',
      'Ein Vulkan auf der Halbinsel Reykjanes ist ausgebrochen, Flüge fallen aus.',
    ),
  ],
};
/** Late: dated before all of the above, the oil report again from another outlet. */
const reachingLate = {
  source: 'e',
  now: 2,
  items: [item('e1', -30, 'Opec-Beschluss: Ölpreis steigt kräftig', oil)],
};

const sources = ['a', 'b', 'c', 'd', 'e'].map((id) => source(id));

async function run(
  order: { source: string; now: number; items: FeedItem[] }[],
  options: { reapply?: boolean; restartBeforeLast?: boolean } = {},
) {
  const h = await harness(sources);
  const settings = { ...h.settings, ...(options.reapply === false ? { reapplyUnreached: false } : {}) };
  let placer = new Placer(h.store, new StoryEngine(settings));
  const perPoll: { replaced: number; reapplied: number; rescored: number }[] = [];
  for (const [k, poll] of order.entries()) {
    if (options.restartBeforeLast && k === order.length - 1) placer = new Placer(h.store, new StoryEngine(settings));
    const before = { ...placer.engine.replaced };
    await h.store.transaction((s) => s.items.ingest(poll.source, 'de', poll.items, at(poll.now)));
    await placer.placePending(at(poll.now));
    perPoll.push({
      replaced: placer.replacedLastRun,
      reapplied: placer.engine.replaced.reapplied - before.reapplied,
      rescored: placer.engine.replaced.rescored - before.rescored,
    });
  }
  const stories = await h.store.stories.list({ limit: 100 });
  const members = stories.map((s) => s.items.map((i) => `${i.sourceId}/${i.key}`).sort()).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
  await h.store.close();
  return { perPoll, members };
}

describe('re-placement of what late items do not reach', () => {
  it('re-applies placements a late item reaches nothing of, with the stories of scoring them again', async () => {
    const order = [...polls, unrelatedLate];
    const reapplied = await run(order);
    const rescored = await run(order, { reapply: false });
    // The late item took back the three placements after it; none shares anything with it.
    expect(reapplied.perPoll[3]).toEqual({ replaced: 3, reapplied: 3, rescored: 0 });
    expect(rescored.perPoll[3]).toEqual({ replaced: 3, reapplied: 0, rescored: 3 });
    expect(reapplied.members).toEqual(rescored.members);
    expect(reapplied.members).toHaveLength(4);
  });

  it('scores a reached placement again: the late copy and the placed report end in one story', async () => {
    const order = [...polls, unrelatedLate, reachingLate];
    const reapplied = await run(order);
    const last = reapplied.perPoll[4]!;
    // e1 sorts before a1, b1, c1 (and after d1): the oil report it copies is scored again, the others are not.
    expect(last.replaced).toBe(3);
    expect(last.rescored).toBeGreaterThanOrEqual(1);
    expect(last.reapplied).toBeGreaterThanOrEqual(1);
    expect(last.reapplied + last.rescored).toBe(3);
    expect(reapplied.members).toContainEqual(['c/c1', 'e/e1']);
    // The same stories as scoring every placement again.
    expect(reapplied.members).toEqual((await run(order, { reapply: false })).members);
  });

  it('keeps the undo log in placement order: a second late poll after re-applied placements places in order', async () => {
    // After d1 re-applied a1, b1, c1, e1 still finds them last in the log and takes back exactly them.
    const order = [...polls, unrelatedLate, reachingLate];
    const { perPoll, members } = await run(order);
    expect(perPoll[3]!.reapplied).toBe(3);
    expect(perPoll[4]!.replaced).toBe(3);
    const inOrder = await run([...polls.slice(0, 2), reachingLate, polls[2]!, unrelatedLate]);
    expect(members).toEqual(inOrder.members);
  });

  it('replays the same window after a restart: a restarted engine places the last late poll to the same stories', async () => {
    const order = [...polls, unrelatedLate, reachingLate];
    const continuous = await run(order);
    const restarted = await run(order, { restartBeforeLast: true });
    // The rebuilt window replayed what was placed (re-applied rows included), so it could take back again.
    expect(restarted.perPoll[4]!.replaced).toBe(3);
    expect(restarted.members).toEqual(continuous.members);
  });
});
