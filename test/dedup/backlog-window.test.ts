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
