// What reaches a taken-back placement (replacement-reach.ts), one kind at a time: a late item of its source, with its
// exact title, with its link, joining the story it joined, or carrying its lead. Each case takes back X (and an
// unrelated Y, which nothing reaches and is re-applied): X must be scored again, and the stories must be those of
// scoring every placement again (`reapplyUnreached: false`). Where the reach is the only thing that sees the late item
// (the link of a ticker page, the lead a late source shows to be boilerplate), re-applying X would change its story.
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config/schema.js';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import type { FeedItem } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

const T = Date.parse('2026-02-05T12:00:00.000Z');
const at = (minutes: number): string => new Date(T + minutes * 60_000).toISOString();
const item = (id: string, minutes: number, title: string, summary: string, url = `https://news.example/${id}`): FeedItem =>
  feedItem({ guid: id, url, title, summary, published: at(minutes) });
type Poll = { source: string; now: number; items: FeedItem[] };

const flood = 'Hochwasser in Passau überflutet die Altstadt';
const floodLead = 'Die Donau hat in Passau die Altstadt überflutet, Feuerwehren pumpen Keller aus.';
const oil = 'Ölpreis steigt nach Opec-Beschluss kräftig';
const oilLead = 'Der Ölpreis ist nach dem Beschluss der Opec-Staaten zur Förderkürzung in Wien kräftig gestiegen.';
const volcano = 'Vulkanausbruch auf Island legt den Flugverkehr lahm';
const volcanoLead = 'Ein Vulkan auf der Halbinsel Reykjanes ist ausgebrochen, Flüge fallen aus.';
const football = 'Bayern gewinnt das Spitzenspiel gegen Dortmund';
const footballLead = 'Der FC Bayern hat das Bundesligaspiel gegen Borussia Dortmund mit 3:1 gewonnen.';
const live = 'https://news.example/live';
const teaser = 'Im Stadtrat von Kleinfeldern wurde am Abend über die neue Parkordnung am Marktplatz lange gestritten.';

/** W placed before the late item's time, X and Y after it (both taken back), then the late poll. */
function scenario(w: FeedItem, x: FeedItem, late: Poll): Poll[] {
  return [
    { source: 'w', now: 0, items: [w] },
    { source: 'x', now: 0, items: [x] },
    { source: 'y', now: 0, items: [item('y1', -5, football, footballLead)] },
    late,
  ];
}

const sources: SourceConfig[] = [...['w', 'x', 'y', 'z'].map((id) => source(id)), source('q', { dedup: false })];

async function run(polls: Poll[], reapply = true) {
  const h = await harness(sources);
  const settings = { ...h.settings, ...(reapply ? {} : { reapplyUnreached: false }) };
  const placer = new Placer(h.store, new StoryEngine(settings));
  let last = { replaced: 0, reapplied: 0, rescored: 0 };
  for (const poll of polls) {
    const before = { ...placer.engine.replaced };
    await h.store.transaction((s) => s.items.ingest(poll.source, 'de', poll.items, at(poll.now)));
    await placer.placePending(at(poll.now));
    last = {
      replaced: placer.replacedLastRun,
      reapplied: placer.engine.replaced.reapplied - before.reapplied,
      rescored: placer.engine.replaced.rescored - before.rescored,
    };
  }
  const stories = await h.store.stories.list({ limit: 100 });
  const members = stories
    .map((s) =>
      s.items
        .map((i) => `${i.sourceId}/${i.key}`)
        .sort()
        .join('+'),
    )
    .sort();
  await h.store.close();
  return { last, members };
}

/** Places `polls` re-applying and scoring everything again: X scored again, Y re-applied, the same stories. */
async function expectXReached(polls: Poll[]): Promise<string[]> {
  const reapplied = await run(polls);
  const rescored = await run(polls, false);
  expect(reapplied.members).toEqual(rescored.members);
  expect(reapplied.last).toEqual({ replaced: 2, reapplied: 1, rescored: 1 });
  return reapplied.members;
}

describe('what reaches a taken-back placement', () => {
  it('a late item of its source', async () => {
    const late = { source: 'x', now: 1, items: [item('x0', -30, volcano, volcanoLead)] };
    await expectXReached(scenario(item('w1', -60, flood, floodLead), item('x1', -10, oil, oilLead), late));
  });

  it('a late item with its exact title (one that opts out, so it joins no story X is in)', async () => {
    // X has W's title and, like W, no lead (a lead would be in the key, and its lead key reached too): it joined W's
    // story on the same-title rule.
    const late = { source: 'q', now: 1, items: [item('q1', -30, flood, '')] };
    const members = await expectXReached(scenario(item('w1', -60, flood, ''), item('x1', -10, flood, ''), late));
    expect(members).toContain('w/w1+x/x1');
  });

  it('a late item with its link: the page is the other feed’s ticker now, and X no longer a copy of its article', async () => {
    const late = { source: 'w', now: 1, items: [item('w2', -30, volcano, volcanoLead, live)] };
    const members = await expectXReached(scenario(item('w1', -60, flood, floodLead, live), item('x1', -10, oil, oilLead, live), late));
    expect(members).toContain('x/x1');
    const inTime = await run(
      scenario(item('w1', -60, flood, floodLead, live), item('x1', -10, oil, oilLead, live), { ...late, items: [] }),
    );
    expect(inTime.members).toContain('w/w1+x/x1');
  });

  it('a late item joining the story X joined', async () => {
    const late = { source: 'z', now: 1, items: [item('z1', -30, flood, volcanoLead)] };
    const members = await expectXReached(scenario(item('w1', -60, flood, floodLead, live), item('x1', -10, oil, oilLead, live), late));
    expect(members).toContain('w/w1+x/x1+z/z1');
  });

  it('late items carrying its lead (here making it boilerplate)', async () => {
    // X joined W on their shared link, so no candidate lookup or term count is read for it: only its lead key is reached.
    const late = { source: 'z', now: 1, items: [item('z1', -40, volcano, teaser), item('z2', -39, oil, teaser)] };
    const members = await expectXReached(scenario(item('w1', -60, flood, floodLead, live), item('x1', -10, flood, teaser, live), late));
    expect(members).toContain('w/w1+x/x1');
  });

  it('late items that make its lead boilerplate: X is read on its title alone and joins the story it matches', async () => {
    // Source z carries X's lead under two unrelated titles: a teaser (source-boilerplate-lead.ts). Nothing else of z
    // touches X: another source, titles, links and stories; X's candidate lookup still leads to C alone.
    const c = item(
      'c1',
      -60,
      'Kabinett beschließt Rentenreform nach langem Streit der Bundesregierung',
      'Die Rentenreform sieht ein Rentenniveau von 48 Prozent bis 2039 vor, Beiträge steigen ab 2028 schrittweise.',
    );
    const x = item('x1', -10, 'Streit um Rentenreform im Kabinett beendet', teaser);
    const late = { source: 'z', now: 1, items: [item('z1', -40, volcano, teaser), item('z2', -39, flood, teaser)] };
    const polls = scenario(c, x, late);
    const before = await run(polls.slice(0, 3));
    expect(before.members).toContain('x/x1');
    const members = await expectXReached(polls);
    expect(members).toContain('w/c1+x/x1');
    // And as placing every item in one poll, in date order.
    const h = await harness(sources);
    const placer = new Placer(h.store, new StoryEngine(h.settings));
    for (const poll of polls) await h.store.transaction((s) => s.items.ingest(poll.source, 'de', poll.items, at(0)));
    await placer.placePending(at(1));
    const oneRun = (await h.store.stories.list({ limit: 100 })).map((s) =>
      s.items
        .map((i) => `${i.sourceId}/${i.key}`)
        .sort()
        .join('+'),
    );
    await h.store.close();
    expect(oneRun.sort()).toEqual(members);
  });
});

describe('items pruned while a take-back emptied the undo log', () => {
  it('still reach the placements it took back (a same-title join to an item pruned since is scored again)', async () => {
    // A and B share a link; D has A's title and lead from another source (a same-title join into A's story). The late
    // item L, dated before F2 and D, arrives when A is out of the 2 h window: with an undo log of 2, the take-back
    // empties it, and the prune of A that follows must still reach D (its title's other carrier left the window).
    const flooded = (id: string, m: number, url?: string) => item(id, m, flood, floodLead, url);
    const polls: Poll[] = [
      { source: 'a', now: 0, items: [flooded('A', 0, 'https://shared.example/story')] },
      { source: 'b', now: 30, items: [item('B', 30, football, footballLead, 'https://shared.example/story')] },
      { source: 'f', now: 40, items: [item('F1', 40, volcano, volcanoLead)] },
      { source: 'g', now: 50, items: [item('F2', 50, oil, oilLead)] },
      { source: 'd', now: 60, items: [flooded('D', 60)] },
      {
        source: 'c',
        now: 195,
        items: [
          item(
            'L',
            42,
            'Gericht kippt Tempolimit auf der Autobahn bei Köln',
            'Das Verwaltungsgericht hat das Tempolimit auf der A3 bei Köln aufgehoben.',
          ),
        ],
      },
    ];
    const place = async (reapply: boolean): Promise<string[]> => {
      const h = await harness(
        ['a', 'b', 'f', 'g', 'd', 'c'].map((id) => source(id)),
        { threshold: 0.5, windowHours: 2 },
      );
      const engine = new StoryEngine({ ...h.settings, maxReplaced: 2, ...(reapply ? {} : { reapplyUnreached: false }) });
      const placer = new Placer(h.store, engine);
      for (const poll of polls) {
        await h.store.transaction((s) => s.items.ingest(poll.source, 'de', poll.items, at(poll.now + 1)));
        await placer.placePending(at(poll.now + 1));
      }
      const stories = await h.store.stories.list({ limit: 100 });
      await h.store.close();
      return stories
        .map((s) =>
          s.items
            .map((i) => i.key)
            .sort()
            .join('+'),
        )
        .sort();
    };
    const rescored = await place(false);
    expect(rescored).not.toContain('A+B+D');
    expect(await place(true)).toEqual(rescored);
  });
});
