// A weekday after "a", "every" or "each" dates nothing ("more people than on a Saturday night", "every Monday"), so it
// neither contradicts the day another report names nor counts as a shared word (weekday-names.ts, withoutGenericWeekdays).
// A dated weekday still vetoes: two daily reports stay apart. Through the real ingest + placement path, English sources.
// Texts written for this test.
import { describe, expect, it } from 'vitest';
import { feedItem, harness, source } from './dedup-harness.js';

const broadcaster = feedItem({
  key: 'a-1',
  title: 'New Banksy artwork of a heron appears on Bristol wall',
  summary:
    'A stencil of a grey heron perched on an abandoned shopping trolley appeared overnight on a wall in Stokes Croft, Bristol, and crowds gathered on Monday morning.',
  published: '2026-10-12T09:00:00Z',
});

async function placeAgainstBroadcaster(lead: string) {
  const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
  const [a] = await h.poll('a', [broadcaster], '2026-10-12T09:05:00Z');
  const [b] = await h.poll(
    'b',
    [
      feedItem({
        key: 'b-1',
        title: 'Banksy heron on a shopping trolley draws crowds in Bristol',
        summary: lead,
        published: '2026-10-12T11:00:00Z',
      }),
    ],
    '2026-10-12T11:05:00Z',
  );
  return { a: a!, b: b! };
}

describe('weekdays named generically', () => {
  it('joins a report whose only weekday is "on a Saturday night"', async () => {
    const { a, b } = await placeAgainstBroadcaster(
      "Art lovers flocked to the Stokes Croft wall in Bristol where the grey heron stencil on a shopping trolley appeared overnight. A café owner said: 'There were more people than on a Saturday night.'",
    );
    expect(b.components['dayConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  it('still keeps apart a report dated another weekday', async () => {
    const { a, b } = await placeAgainstBroadcaster(
      'Art lovers flocked to the Stokes Croft wall in Bristol where the grey heron stencil on a shopping trolley appeared on Saturday night.',
    );
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.dayConflict']).toBe(true);
  });
});
