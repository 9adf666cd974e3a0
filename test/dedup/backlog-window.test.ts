// Items already outside the window when placed (a first poll's backlog, trusted published times)
// are matched against the window but never indexed, so live placement, a rebuilt index and a
// recluster replay all decide alike.
import { describe, expect, it } from 'vitest';
import { recluster } from '../../src/dedup/recluster.js';
import { feedItem, harness, source } from './dedup-harness.js';

const NOW = '2026-11-26T09:00:00Z';
const old = (key: string) =>
  feedItem({
    key,
    title: 'WordPress 5.9 Beta 1 steht zum Testen bereit',
    summary: 'Die erste Beta von WordPress 5.9 ist erschienen und kann getestet werden.',
    published: '2026-11-10T18:00:00Z',
  });

describe('a backlog older than the window', () => {
  it('decides the same live, after a restart and in a replay', async () => {
    const h = await harness([source('a'), source('b')]);
    // A recent item first: pruning walks the window oldest-entered first and stops at it.
    await h.poll('a', [feedItem({ key: 'a-recent', title: 'Bahnstreik legt Fernverkehr lahm', published: '2026-11-26T08:00:00Z' })], NOW);
    const [first] = await h.poll('a', [old('a-beta1')], NOW);
    const [copy] = await h.poll('b', [old('b-beta1')], NOW);
    // Sixteen days old at first sight: outside the 72 h window, so not indexed, so no match.
    expect(copy!.storyId).not.toBe(first!.storyId);
    // A restart: the window is rebuilt from the store.
    h.placer.engine.reset();
    const [third] = await h.poll('b', [old('b-beta1-resend')], NOW);
    expect([first!.storyId, copy!.storyId]).not.toContain(third!.storyId);
    const report = await recluster(h.store, h.settings, NOW, { dryRun: true });
    expect(report).toMatchObject({ mergesGained: [], mergesLost: [] });
  });
});

// A feed that dates every item 2001 (a wrong CMS default) carries the live report another outlet carries too.
const misdated = feedItem({
  key: 'm-strike',
  title: 'Bahnstreik legt den Fernverkehr in ganz Deutschland lahm',
  summary: 'Die Lokführergewerkschaft hat den Fernverkehr der Bahn bundesweit bestreikt, Pendler warten auf Ersatzzüge.',
  published: '2001-01-01T00:00:00Z',
});
const liveCopy = feedItem({ ...misdated, key: 'l-strike', published: '2026-11-26T08:00:00Z' });

describe('items dated years before first sight (an archive, a feed misdating everything)', () => {
  it('are never candidates for each other: look-alike episodes of one archive stay apart', async () => {
    const h = await harness([source('pod', { language: 'en' })]);
    const episodes = [2010, 2011, 2012].flatMap((year) =>
      ['One', 'Two', 'Three'].map((day, k) =>
        feedItem({
          key: `goty-${year}-${day}`,
          title: `Giant Bomb Game of the Year ${year}: Day ${day}`,
          summary: `The Giant Bomb staff deliberates over the Game of the Year ${year} awards, day ${day.toLowerCase()}.`,
          published: `${year}-12-2${k}T12:00:00Z`,
        }),
      ),
    );
    const decisions = await h.poll('pod', episodes, NOW);
    expect(new Set(decisions.map((d) => d.storyId)).size).toBe(9);
    const report = await recluster(h.store, h.settings, NOW, { dryRun: true });
    expect(report).toMatchObject({ mergesGained: [], mergesLost: [] });
  });

  it.each([
    ['the misdated item first', ['m', 'l'] as const],
    ['the live copy first', ['l', 'm'] as const],
  ])('keep a misdated item apart from its live copy, whichever comes first (%s), without placing the window again', async (_, order) => {
    const h = await harness([source('m'), source('l')]);
    // Live items placed before: an item sorting before them would take them back (tailOf).
    await h.poll(
      'l',
      [feedItem({ key: 'l-weather', title: 'Sturmtief zieht über Norddeutschland', published: '2026-11-26T07:00:00Z' })],
      NOW,
    );
    const decided = new Map<string, string>();
    for (const id of order) {
      const [d] = await h.poll(id, [id === 'm' ? misdated : liveCopy], NOW);
      decided.set(id, d!.storyId);
      if (id === 'm') expect(h.placer.replacedLastRun).toBe(0);
    }
    expect(decided.get('m')).not.toBe(decided.get('l'));
    h.placer.engine.reset();
    const report = await recluster(h.store, h.settings, NOW, { dryRun: true });
    expect(report).toMatchObject({ mergesGained: [], mergesLost: [] });
  });
});
