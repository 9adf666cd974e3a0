// Two outlets reporting one event in their own words share its names, not their wording. With leads on both
// sides, the whole texts are weighed without the story's own members (in a window of one story they are all it
// knows of a name) and three shared names measure the item against the smaller side alone (score-story.ts,
// place-item.ts). Through the real ingest + placement path, in an empty and in a populated window.
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { feedItem, harness, source } from './dedup-harness.js';

// Written for this test: one departure told by two outlets, a person, his employer's head and the broadcaster.
const departureA: FeedItem = feedItem({
  key: 'a-departure',
  title: 'Moderator Gutmann verlässt den Hessischen Rundfunk',
  summary:
    'In einem offenen Brief wirft Moderator Tobias Gutmann dem Intendanten Kellermeier vor, ihn mit den Anfeindungen allein gelassen zu haben. Der Sender weist die Vorwürfe zurück.',
  published: '2026-02-05T09:50:00Z',
});
const departureB: FeedItem = feedItem({
  key: 'b-departure',
  title: 'Eklat beim HR: Gutmann rechnet mit Intendant Kellermeier ab',
  summary:
    'Der bekannte Moderator Tobias Gutmann erhebt schwere Vorwürfe gegen Intendant Kellermeier und kündigt seinen Abschied vom Sender an.',
  published: '2026-02-05T11:35:00Z',
});

async function setUp(populated: boolean, until = '2026-02-05T11:00:00Z') {
  const h = await harness([source('a'), source('b'), ...BACKGROUND_SOURCES]);
  if (populated) await fillWindow(h, until);
  return h;
}

describe('shared names with leads on both sides', () => {
  it.each([false, true])('merge two re-worded reports of one event (populated window: %s)', async (populated) => {
    const h = await setUp(populated);
    const [a] = await h.poll('a', [departureA], '2026-02-05T09:50:00Z');
    const [b] = await h.poll('b', [departureB], '2026-02-05T11:35:00Z');
    expect(b!.rule).toBe('near-duplicate');
    expect(b!.storyId).toBe(a!.storyId);
    expect(b!.components['evidenceView']).toBe('names');
  });

  it('keep another event of the same people apart: one or two shared names are a topic, not an event', async () => {
    const h = await setUp(false);
    const [a] = await h.poll('a', [departureA], '2026-02-05T09:50:00Z');
    const budget = feedItem({
      key: 'b-budget',
      title: 'Intendant Kellermeier kündigt Sparprogramm beim HR an',
      summary:
        'Der Hessische Rundfunk muss bis 2028 rund 40 Millionen Euro einsparen. Intendant Kellermeier will dafür Sendungen streichen und Stellen abbauen.',
      published: '2026-02-05T11:35:00Z',
    });
    const [b] = await h.poll('b', [budget], '2026-02-05T11:35:00Z');
    expect(b!.storyId).not.toBe(a!.storyId);
  });

  it('do not count a day and a half later: the same names then are a follow-up', async () => {
    const h = await setUp(true, '2026-02-06T23:00:00Z');
    const [a] = await h.poll('a', [departureA], '2026-02-05T09:50:00Z');
    const [b] = await h.poll('b', [{ ...departureB, published: '2026-02-06T23:35:00Z' }], '2026-02-06T23:35:00Z');
    expect(b!.storyId).not.toBe(a!.storyId);
  });

  it('do not outvote a conflict: other figures in the headlines keep the reports apart', async () => {
    const h = await setUp(false);
    const [a] = await h.poll('a', [{ ...departureA, title: `${departureA.title} nach 12 Jahren` }], '2026-02-05T09:50:00Z');
    const [b] = await h.poll('b', [{ ...departureB, title: `${departureB.title} nach 20 Jahren` }], '2026-02-05T11:35:00Z');
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.numberConflict']).toBe(true);
  });
});
