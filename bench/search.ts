// bench:search — the CPU time of the page's search (searchStories) over a store of STORIES stories of 1–3
// items each (realistic synthetic German, English and Spanish items, bench/generate/realistic-items.ts), in a
// SQLite file. Each round runs QUERIES once each; a query that finds fewer than 50 stories reads all of the
// newest 5,000. Prints the CPU milliseconds per query (median over ROUNDS rounds) and their sum; the store's own
// reads are part of it, as they are of a search. Run it in two checkouts and alternate them for before/after.
// --emoji: every other title starts with "🔴 " and every lead ends in a Japanese credit "（共同通信）", so the texts leave
// word-match.ts's letter table (astral and CJK characters take its slower path), with a Japanese query added.
//   npx tsx bench/search.ts [--stories 5000] [--rounds 5] [--emoji]
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config/load-config.js';
import { storyIdFor } from '../src/dedup/story-id.js';
import { searchStories } from '../src/publish/search-stories.js';
import { openStore } from '../src/store/open-store.js';
import { realisticFeeds } from './generate/realistic-items.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const STORIES = Number(option('stories', '5000'));
const ROUNDS = Number(option('rounds', '5'));
const EMOJI = args.includes('--emoji');
const LANGUAGES = ['de', 'en', 'es'];
const END_MS = Date.UTC(2026, 10, 26, 6);

const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-bench-search-'));
const config = parseConfig(
  {
    database: path.join(dir, 'feedmerge.db'),
    publicDir: path.join(dir, 'public'),
    sources: LANGUAGES.map((l) => ({ id: l, url: `https://${l}.example/feed` })),
  },
  'bench',
);
const store = await openStore(config.database);

// Two items a story on average: 3 feeds (de, en, es) of 2 × STORIES / 3 items each.
const feeds = realisticFeeds(3, Math.ceil((2 * STORIES) / 3), END_MS, 30 * 86_400_000, 'bench-search');
let made = 0;
const next = [0, 0, 0];
for (let n = 0; made < STORIES; n++) {
  const f = n % 3;
  const size = 1 + (Math.floor(n / 3) % 3);
  const items = feeds[f]!.slice(next[f], next[f]! + size);
  next[f]! += size;
  if (items.length === 0) break;
  const members = [];
  for (const doc of items) {
    const published = new Date(END_MS - made * 300_000).toISOString();
    const item = {
      key: doc.guid,
      guid: doc.guid,
      url: doc.url,
      canonicalUrl: null,
      title: EMOJI && made % 2 === 0 ? `🔴 ${doc.title}` : doc.title,
      summary: EMOJI ? `${doc.summary.slice(0, 590)}（共同通信）` : doc.summary.slice(0, 600),
      contentHtml: doc.contentHtml ?? null,
      author: null,
      categories: [],
      published,
      updated: null,
      enclosures: [],
    };
    const { newItemIds } = await store.transaction((session) => session.items.ingest(LANGUAGES[f]!, LANGUAGES[f]!, [item], published));
    members.push({ id: newItemIds[0]!, item, published });
  }
  const id = storyIdFor(LANGUAGES[f]!, members[0]!.item.key);
  await store.placements.apply({
    placements: members.map((m) => ({ itemId: m.id, storyId: id, linkKey: null })),
    stories: [
      {
        id,
        representativeItemId: members[0]!.id,
        title: members[0]!.item.title,
        url: members[0]!.item.url,
        published: members[0]!.published,
        updated: members[0]!.published,
      },
    ],
    merges: [],
    decisions: [],
  });
  made++;
}

// A common word (stops at 50 results), a rare one, words no story has (every story read), two words, a phrase.
const vocabulary = feeds.map((items) => items.map((i) => i.title.split(' ')).flat());
const common = vocabulary[0]!.filter((w) => w.length > 5)[0]!;
const rare = vocabulary[1]!.filter((w) => w.length > 5).at(-1)!;
const queries = [common, rare, 'Gespräche', 'café', 'Zyzzyva', `${rare} Zyzzyva`, `"${vocabulary[2]!.slice(0, 2).join(' ')}"`];
if (EMOJI) queries.push('地震');

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const times = queries.map(() => [] as number[]);
const scanned = queries.map(() => 0);
for (let round = 0; round < ROUNDS; round++) {
  for (const [q, query] of queries.entries()) {
    const before = cpu();
    const result = await searchStories(store, config, query);
    times[q]!.push(cpu() - before);
    scanned[q] = result.scanned;
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${made} stories, ${ROUNDS} rounds, node ${process.version}`);
for (const [q, query] of queries.entries())
  console.log(
    `${JSON.stringify(query).padEnd(32)} scanned ${String(scanned[q]).padStart(5)}  ${median(times[q]!).toFixed(1).padStart(7)} ms CPU`,
  );
console.log(`sum of medians ${queries.reduce((sum, _, q) => sum + median(times[q]!), 0).toFixed(1)} ms CPU`);
await store.close();
