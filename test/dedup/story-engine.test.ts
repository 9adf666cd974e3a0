// The story engine's must-hold cases, through the real store (ingest) and the placer.
import { describe, expect, it } from 'vitest';
import { storyIdFor } from '../../src/dedup/story-id.js';
import * as seed from '../fixtures/dedup/ukraine-talks-feb-2026.js';
import { feedItem, harness, source, type Harness } from './dedup-harness.js';

const storyOf = async (h: Harness, itemId: number): Promise<string> => (await h.item(itemId))!.storyId!;

describe('the story engine', () => {
  it('collapses a wire text re-sent with a new guid into one story (same-title)', async () => {
    const h = await harness([source('boerse')]);
    const [first] = await h.poll('boerse', [seed.exchangeFirst], '2026-02-05T12:26:00Z');
    const [again] = await h.poll('boerse', [seed.exchangeResent], '2026-02-05T13:35:00Z');
    expect(first!.rule).toBe('new-story');
    expect(first!.storyId).toBe(storyIdFor('boerse', seed.exchangeFirst.key));
    expect(again!.rule).toBe('same-title');
    expect(again!.storyId).toBe(first!.storyId);
    expect(again!.matchedItemId).toBe(first!.itemId);
  });

  it('joins a prefixed re-title with a shortened HTML lead to the same story', async () => {
    const h = await harness([source('boerse'), source('dpa')]);
    const [first] = await h.poll('boerse', [seed.exchangeFirst], '2026-02-05T12:26:00Z');
    const [prefixed] = await h.poll('dpa', [seed.exchangePrefixed], '2026-02-05T13:51:00Z');
    expect(prefixed!.rule).toBe('near-duplicate');
    expect(prefixed!.storyId).toBe(first!.storyId);
    expect(prefixed!.score).toBeGreaterThanOrEqual(0.62);
    expect(prefixed!.components).toMatchObject({ leadsCompared: true, numberConflict: false, sameSource: false });
  });

  it('skips a look-alike whose score bound misses the threshold, and still verifies the real copy', async () => {
    // Day 1 vs day 2 of the same talks from two outlets: the titles name different days, so the number
    // conflict alone rules the pair out before string-similarity runs; the copy is verified and merged.
    const h = await harness([source('a'), source('b'), source('c')]);
    const lead =
      'In Abu Dhabi verhandeln Vertreter Russlands, der Ukraine und der USA seit dem Morgen über eine Waffenruhe und den Austausch von Gefangenen.';
    const [day1] = await h.poll(
      'a',
      [feedItem({ key: 'a1', title: 'Ukraine-Gespräche in Abu Dhabi: erster Verhandlungstag beendet', summary: lead })],
      '2026-02-04T18:00:00Z',
    );
    const [day2] = await h.poll(
      'b',
      [feedItem({ key: 'b1', title: 'Ukraine-Gespräche in Abu Dhabi: zweiter Verhandlungstag beendet', summary: lead })],
      '2026-02-05T18:00:00Z',
    );
    expect(day2!.rule).toBe('new-story');
    expect(day2!.components['candidatesBelowBound']).toBeGreaterThanOrEqual(1);
    const [copy] = await h.poll(
      'c',
      [feedItem({ key: 'c1', title: 'Abu Dhabi: Ukraine-Gespräche – zweiter Verhandlungstag beendet', summary: lead })],
      '2026-02-05T18:30:00Z',
    );
    expect(copy!.rule).toBe('near-duplicate');
    expect(copy!.storyId).toBe(day2!.storyId);
    expect(copy!.storyId).not.toBe(day1!.storyId);
  });

  it('merges the same link with utm_ parameters from two sources (same-link), whatever the titles', async () => {
    const h = await harness([source('a'), source('b')]);
    const [a] = await h.poll(
      'a',
      [
        feedItem({
          key: 'a1',
          title: 'Bahn streikt am Montag',
          url: 'https://www.news.example/artikel/123?utm_source=rss&utm_medium=feed',
        }),
      ],
      '2026-02-05T10:00:00Z',
    );
    const [b] = await h.poll(
      'b',
      [feedItem({ key: 'b1', title: 'Warnstreik legt Fernverkehr lahm', url: 'https://news.example/artikel/123?utm_campaign=x#top' })],
      '2026-02-05T10:05:00Z',
    );
    expect(b!.rule).toBe('same-link');
    expect(b!.storyId).toBe(a!.storyId);
  });

  it("merges two outlets' titles for one statement on the same evening", async () => {
    const h = await harness([source('dpa'), source('tag24')]);
    const [dpa] = await h.poll('dpa', [seed.productiveDpa], '2026-02-04T16:52:00Z');
    const [tag24] = await h.poll('tag24', [seed.productiveTag24], '2026-02-04T17:36:00Z');
    expect(tag24!.rule).toBe('near-duplicate');
    expect(tag24!.storyId).toBe(dpa!.storyId);
  });

  it('keeps day 1 and day 2 of the talks apart', async () => {
    const h = await harness([source('dpa'), source('tag24')]);
    const [day1] = await h.poll('tag24', [seed.talksDay1], '2026-02-04T10:40:00Z');
    const [day2] = await h.poll('dpa', [seed.talksDay2], '2026-02-05T08:11:00Z');
    expect(day2!.rule).toBe('new-story');
    expect(day2!.storyId).not.toBe(day1!.storyId);
  });

  it('keeps ticker entries that share one page link in a story each', async () => {
    const h = await harness([source('tag24')]);
    const entries = [seed.talksDay1, seed.productiveTag24, ...seed.tickerEntries];
    const decisions = await h.poll('tag24', entries, '2026-02-04T18:00:00Z');
    expect(decisions.map((d) => d.rule)).toEqual(entries.map(() => 'new-story'));
    expect(new Set(decisions.map((d) => d.storyId)).size).toBe(entries.length);
  });

  it('lets another source join a ticker page link only by text, never by the shared link', async () => {
    const h = await harness([source('tag24'), source('other')]);
    await h.poll('tag24', [seed.talksDay1, ...seed.tickerEntries], '2026-02-04T18:00:00Z');
    const [other] = await h.poll(
      'other',
      [feedItem({ key: 'o1', title: 'Wetter: Frost in Kiew', url: 'https://tag24.example/ukraine-ticker#1744' })],
      '2026-02-04T18:10:00Z',
    );
    expect(other!.rule).toBe('new-story');
  });

  it("keeps one person's different stories on different days apart", async () => {
    const h = await harness([source('dpa'), source('tag24')]);
    const [details] = await h.poll('tag24', [seed.zelenskyDetails], '2026-02-01T09:01:00Z');
    const [losses] = await h.poll('dpa', [seed.zelenskyLosses], '2026-02-05T00:53:00Z');
    const [nextRound] = await h.poll('dpa', [seed.zelenskyNextRound], '2026-02-05T19:39:00Z');
    expect(new Set([details!.storyId, losses!.storyId, nextRound!.storyId]).size).toBe(3);
  });

  it('keeps the whole seed stream to the expected stories', async () => {
    const h = await harness([source('boerse'), source('dpa'), source('tag24')]);
    await h.poll('tag24', [seed.zelenskyDetails], '2026-02-01T09:01:00Z');
    await h.poll('tag24', [...seed.tickerEntries, seed.talksDay1], '2026-02-04T10:40:00Z');
    await h.poll('dpa', [seed.productiveDpa], '2026-02-04T16:52:00Z');
    await h.poll('tag24', [seed.productiveTag24], '2026-02-04T17:36:00Z');
    await h.poll('dpa', [seed.zelenskyLosses, seed.talksDay2], '2026-02-05T08:11:00Z');
    await h.poll('boerse', [seed.exchangeFirst], '2026-02-05T12:26:00Z');
    await h.poll('boerse', [seed.exchangeResent], '2026-02-05T13:35:00Z');
    await h.poll('dpa', [seed.exchangePrefixed, seed.zelenskyNextRound], '2026-02-05T19:39:00Z');
    // 14 items: the exchange (3 items) and the "productive" statement (2) collapse; the rest stand alone.
    expect(await h.store.stories.count()).toBe(14 - 2 - 1);
  });

  it('never merges an opted-out source, either way', async () => {
    const h = await harness([source('a'), source('mine', { dedup: false })]);
    const [a] = await h.poll('a', [seed.exchangeFirst], '2026-02-05T12:26:00Z');
    const [mine] = await h.poll('mine', [{ ...seed.exchangeResent }], '2026-02-05T13:35:00Z');
    const [b] = await h.poll('a', [{ ...seed.exchangePrefixed }], '2026-02-05T13:51:00Z');
    expect(mine!.rule).toBe('opted-out');
    expect(mine!.storyId).toBe(storyIdFor('mine', seed.exchangeResent.key));
    expect(b!.storyId).toBe(a!.storyId);
    expect((await h.store.items.ofStory(mine!.storyId)).map((i) => i.sourceId)).toEqual(['mine']);
  });

  it('does not merge beyond the time window', async () => {
    const h = await harness([source('a'), source('b')], { threshold: 0.62, windowHours: 72 });
    const [a] = await h.poll('a', [seed.exchangeFirst], '2026-02-01T12:26:00Z');
    const [b] = await h.poll('b', [{ ...seed.exchangeResent, key: 'b-resent', published: '2026-02-05T13:34:00Z' }], '2026-02-05T13:35:00Z');
    expect(b!.rule).toBe('new-story');
    expect(b!.storyId).not.toBe(a!.storyId);
  });

  it('keeps "Einigung" and "keine Einigung" apart (negations are not stopwords)', async () => {
    const h = await harness([source('a'), source('b')]);
    const [a] = await h.poll(
      'a',
      [
        feedItem({
          key: 'a',
          title: 'Tarifstreit bei der Bahn: Einigung in der Nacht',
          summary: 'Die Gewerkschaft und die Bahn haben sich in der Nacht geeinigt.',
        }),
      ],
      '2026-02-05T10:00:00Z',
    );
    const [b] = await h.poll(
      'b',
      [
        feedItem({
          key: 'b',
          title: 'Tarifstreit bei der Bahn: Keine Einigung in der Nacht',
          summary: 'Die Gewerkschaft und die Bahn haben sich in der Nacht nicht geeinigt.',
        }),
      ],
      '2026-02-05T10:30:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
  });

  it('keeps an item updated in place in its story; a fuller version becomes representative and moves updated', async () => {
    const h = await harness([source('a', { priority: 0 }), source('b', { priority: 0 })]);
    const [a] = await h.poll('a', [seed.exchangeFirst], '2026-02-05T12:26:00Z');
    const [b] = await h.poll('b', [{ ...seed.exchangeResent, key: 'b1' }], '2026-02-05T13:35:00Z');
    expect(b!.storyId).toBe(a!.storyId);
    const before = (await h.story(a!.storyId))!;
    expect(before.representativeItemId).toBe(a!.itemId);
    const fuller = {
      ...seed.exchangeResent,
      key: 'b1',
      contentHtml: `<p>${seed.exchangeResent.summary}</p><p>Der Austausch fand an der Grenze zu Belarus statt, hieß es aus Kiew.</p>`,
    };
    const [update] = await h.poll('b', [fuller], '2026-02-05T15:00:00Z');
    expect(update).toMatchObject({ itemId: b!.itemId, rule: 'same-item', storyId: a!.storyId });
    expect(update!.components).toMatchObject({ fuller: true, previousRule: 'same-title' });
    const after = (await h.story(a!.storyId))!;
    expect(after.id).toBe(before.id);
    expect(after.representativeItemId).toBe(b!.itemId);
    expect(after.updated).toBe('2026-02-05T15:00:00Z');
  });

  it('tells a fuller version of an item that has left the window from the version it replaced', async () => {
    // The window index no longer holds the item, and no features are stored: ingest hands over the old version.
    const h = await harness([source('a')]);
    const [a] = await h.poll('a', [seed.exchangeFirst], '2026-02-05T12:26:00Z');
    const fuller = {
      ...seed.exchangeFirst,
      contentHtml: `<p>${seed.exchangeFirst.summary}</p><p>Der Austausch fand an der Grenze zu Belarus statt, hieß es aus Kiew.</p>`,
    };
    const [update] = await h.poll('a', [fuller], '2026-02-10T12:00:00Z');
    expect(update).toMatchObject({ itemId: a!.itemId, rule: 'same-item', storyId: a!.storyId });
    expect(update!.components['fuller']).toBe(true);
    expect((await h.story(a!.storyId))!.updated).toBe('2026-02-10T12:00:00Z');
  });

  it('moves updated on a KORREKTUR of the same item, keeping the story id', async () => {
    const h = await harness([source('a')]);
    const [a] = await h.poll('a', [seed.productiveDpa], '2026-02-04T16:52:00Z');
    const corrected = { ...seed.productiveDpa, title: `KORREKTUR: ${seed.productiveDpa.title}` };
    const [update] = await h.poll('a', [corrected], '2026-02-04T18:00:00Z');
    expect(update).toMatchObject({ rule: 'same-item', storyId: a!.storyId });
    expect(update!.components['correction']).toBe(true);
    const story = (await h.story(a!.storyId))!;
    expect(story.updated).toBe('2026-02-04T18:00:00Z');
    expect(story.title).toBe(corrected.title);
  });

  it('prefers the higher-priority source as representative, else the fuller, else the earliest', async () => {
    const h = await harness([source('low', { priority: 0 }), source('high', { priority: 5 }), source('third', { priority: 0 })]);
    const [low] = await h.poll(
      'low',
      [{ ...seed.exchangeFirst, summary: `${seed.exchangeFirst.summary} Mehr dazu in Kürze.` }],
      '2026-02-05T12:26:00Z',
    );
    const [high] = await h.poll('high', [{ ...seed.exchangeResent, key: 'h1' }], '2026-02-05T13:35:00Z');
    expect((await h.story(low!.storyId))!.representativeItemId).toBe(high!.itemId);
    const [third] = await h.poll(
      'third',
      [{ ...seed.exchangeResent, key: 't1', published: '2026-02-05T11:00:00Z' }],
      '2026-02-05T13:40:00Z',
    );
    expect(third!.storyId).toBe(low!.storyId);
    expect((await h.story(low!.storyId))!.representativeItemId).toBe(high!.itemId);
    expect((await h.story(low!.storyId))!.published).toBe('2026-02-05T11:00:00Z');
  });

  it('records every decision with its components', async () => {
    const h = await harness([source('dpa'), source('tag24')]);
    await h.poll('dpa', [seed.productiveDpa], '2026-02-04T16:52:00Z');
    const [tag24] = await h.poll('tag24', [seed.productiveTag24], '2026-02-04T17:36:00Z');
    const stored = (await h.store.placements.decision(tag24!.itemId))!;
    expect(stored.rule).toBe('near-duplicate');
    for (const key of ['titleDice', 'titleOverlap', 'leadDice', 'numberConflict', 'hoursApart', 'sameSource', 'threshold', 'windowHours']) {
      expect(stored.components).toHaveProperty(key);
    }
  });
});
