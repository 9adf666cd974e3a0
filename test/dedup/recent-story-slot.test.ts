// A report of the story of the last hour, in a window where older stories share more of its looked-up words: its own
// words are told differently, and the rarer words it looks up (details the other report leaves out) each turn up in
// an older, unrelated item. Without a candidate slot for the story nearest in time (window-index.ts RECENT_SLOTS) the
// older ones fill every slot and the report founds a story of its own (SemEval-de among background news: one pair).
// A made-up Zipf vocabulary, so no rule can know the words.
import { expect, it } from 'vitest';
import { seededRandom } from '../../scripts/eval/seeded-random.js';
import { headlineText, lead, syntheticLanguage } from '../../bench/generate/synthetic-language.js';
import { feedItem, harness, source } from './dedup-harness.js';

const NOW = '2026-03-10T12:00:00Z';
const HOUR = 3_600_000;
const BACKGROUND = 600;
const STORIES = 10;

it('offers the story of the last hour when older stories share more of the looked-up words', async () => {
  const random = seededRandom('recent-story-slot');
  const lang = syntheticLanguage('de', 20_000, seededRandom('recent-story-slot/vocabulary'));
  const sources = Array.from({ length: 10 }, (_, i) => source(`q${i}`));
  const h = await harness(sources);
  const at = (hoursAgo: number) => new Date(Date.parse(NOW) - hoursAgo * HOUR).toISOString();
  const perSource = new Map<string, ReturnType<typeof feedItem>[]>(sources.map((s) => [s.id, []]));
  const add = (sourceId: string, item: ReturnType<typeof feedItem>) => perSource.get(sourceId)!.push(item);
  const words = (from: number, n: number) => lang.contentWords.slice(from, from + n);
  const sentence = (list: readonly string[]) => `${headlineText([...list])}.`;

  for (let i = 0; i < BACKGROUND; i++)
    add(
      `q${i % 10}`,
      feedItem({
        key: `bg-${i}`,
        title: headlineText(lead(lang, 6, random).replace(/\./g, '').split(' ')),
        summary: lead(lang, 25, random),
        published: at(2 + random() * 60),
      }),
    );
  for (let k = 0; k < STORIES; k++) {
    // The story's words (both reports tell them), common lately: older items of the topic carry two of them each.
    const topic = words(9_000 + k * 20, 5);
    for (let i = 0; i < 12; i++)
      add(
        `q${(k + i) % 10}`,
        feedItem({
          key: `topic-${k}-${i}`,
          title: headlineText(lead(lang, 5, random).replace(/\./g, '').split(' ')),
          summary: `${lead(lang, 20, random)} ${sentence([topic[i % 5]!, topic[(i + 2) % 5]!])}`,
          published: at(20 + random() * 40),
        }),
      );
    // The later report's details, each of which an older unrelated item happens to carry.
    const details = words(15_000 + k * 20, 7);
    for (let i = 0; i < 8; i++)
      add(
        `q${(k + i + 5) % 10}`,
        feedItem({
          key: `decoy-${k}-${i}`,
          title: headlineText([...lead(lang, 4, random).replace(/\./g, '').split(' '), details[i % 7]!]),
          summary: lead(lang, 25, random),
          published: at(30 + random() * 30),
        }),
      );
    add(
      `q${k % 10}`,
      feedItem({
        key: `first-${k}`,
        title: headlineText([topic[0]!, topic[1]!, topic[2]!]),
        summary: sentence([topic[3]!, topic[4]!, topic[0]!]),
        published: at(1),
      }),
    );
    add(
      `q${(k + 1) % 10}`,
      feedItem({
        key: `later-${k}`,
        title: headlineText(details.slice(0, 4)),
        summary: `${sentence(topic)} ${sentence(details.slice(4))}`,
        published: at(0.5),
      }),
    );
  }
  for (const [sourceId, items] of perSource) await h.store.transaction((s) => s.items.ingest(sourceId, 'de', items, NOW));
  const storyOf = new Map<string, string>();
  for (const d of await h.placer.placePending(NOW)) storyOf.set((await h.item(d.itemId))!.key, d.storyId);
  const joined = Array.from({ length: STORIES }, (_, k) => k).filter((k) => storyOf.get(`first-${k}`) === storyOf.get(`later-${k}`));
  // With the slot 8 of the 10 join; without it none does.
  expect(joined.length, `later reports joined to the story of the last hour: ${joined.join(', ')}`).toBeGreaterThanOrEqual(STORIES - 3);
  const intoOlder = Array.from({ length: STORIES }, (_, k) => k).filter((k) =>
    [...storyOf].some(([key, story]) => !key.startsWith('first-') && !key.startsWith('later-') && story === storyOf.get(`later-${k}`)),
  );
  expect(intoOlder, 'later reports merged into an older item').toEqual([]);
  const others = [...storyOf].filter(([key]) => !key.startsWith('first-') && !key.startsWith('later-')).map(([, story]) => story);
  expect(new Set(others).size, 'older items merged with each other').toBe(others.length);
});
