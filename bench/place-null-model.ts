// npx tsx bench/place-null-model.ts — the story engine alone on the null model's items (bench/generate/null-model-items.ts),
// for measuring the engine's speed and checking that a speed change left its decisions alone. The items go through
// the real store's ingest into a SQLite file (one transaction per feed, at a fixed clock), then the real placer places
// them all; only placement is timed (CPU of this process, which runs nothing else meanwhile). Prints the placement
// CPU time and items per CPU-second, the merged share, and a SHA-256 digest of every decision (story, rule, score,
// matched item and all components, in item order): the same items and code rules give the same digest, so two
// commits' digests tell at once whether a change moved any decision.
//
//   npx tsx bench/place-null-model.ts [--items 20000] [--planted] [--seed null-model-1] [--decisions FILE]
//
// --decisions FILE writes the decisions as JSON lines, to see where two runs differ.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Placer } from '../src/dedup/placer.js';
import { StoryEngine } from '../src/dedup/story-engine.js';
import type { FeedItem } from '../src/model.js';
import { openStore } from '../src/store/open-store.js';
import { nullModelItems } from './generate/null-model-items.js';

function value(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const itemCount = Number(value('items') ?? 20_000);
const planted = process.argv.includes('--planted');
const seed = value('seed') ?? 'null-model-1';
const decisionsFile = value('decisions');
const FEEDS = 50;
// A fixed clock, so that every run decides at the same times (bench/null-model.ts dates items before its run's start).
const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');
const HOUR = 3_600_000;

async function main(): Promise<void> {
  const items = nullModelItems({
    items: itemCount,
    feeds: FEEDS,
    plantedShare: planted ? 0.1 : 0,
    seed,
    spanMs: 71 * HOUR,
    vocabularySize: 60_000,
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-place-null-'));
  const store = await openStore(path.join(dir, 'feedmerge.db'));
  try {
    const sources = Array.from({ length: FEEDS }, (_, f) => ({ id: `feed-${f}`, priority: 0, dedup: true }));
    const engine = new StoryEngine({ sources: new Map(sources.map((s) => [s.id, s])), threshold: 0.5, windowHours: 72 });
    const placer = new Placer(store, engine);
    const now = new Date(NOW_MS).toISOString();
    for (let f = 0; f < FEEDS; f++) {
      const feedItems: FeedItem[] = items
        .filter((i) => i.feed === f)
        .map((i) => ({
          key: i.guid,
          guid: i.guid,
          url: i.url,
          canonicalUrl: i.url,
          title: i.title,
          summary: i.summary,
          contentHtml: null,
          author: null,
          categories: [],
          published: new Date(NOW_MS - 5 * 60_000 - i.ageMs).toISOString(),
          updated: null,
          enclosures: [],
        }));
      await store.transaction((session) => session.items.ingest(`feed-${f}`, null, feedItems, now));
    }
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const decisions = await placer.placePending(now);
    const wallSeconds = (performance.now() - wall) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;

    const stored = await store.items.byIds(
      decisions.map((d) => d.itemId).concat(decisions.flatMap((d) => (d.matchedItemId ? [d.matchedItemId] : []))),
    );
    const keyOf = new Map(stored.map((i) => [i.id, `${i.sourceId}/${i.key}`]));
    const lines = [...decisions]
      .sort((a, b) => a.itemId - b.itemId)
      .map((d) =>
        JSON.stringify({
          item: keyOf.get(d.itemId),
          story: d.storyId,
          rule: d.rule,
          score: d.score,
          matched: d.matchedItemId ? keyOf.get(d.matchedItemId) : null,
          components: d.components,
        }),
      );
    const digest = createHash('sha256').update(lines.join('\n')).digest('hex');
    if (decisionsFile) writeFileSync(decisionsFile, `${lines.join('\n')}\n`);
    const sizes = new Map<string, number>();
    for (const d of decisions) sizes.set(d.storyId, (sizes.get(d.storyId) ?? 0) + 1);
    const merged = decisions.filter((d) => sizes.get(d.storyId)! > 1).length;
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `place null model: ${items.length.toLocaleString('en')} items${planted ? ' (10 % planted copies)' : ''}, seed "${seed}", ${FEEDS} feeds`,
    );
    out(
      `placement: CPU ${cpuSeconds.toFixed(1)} s, wall ${wallSeconds.toFixed(1)} s; ${(items.length / cpuSeconds).toFixed(0)} items per CPU-second; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
    out(
      `stories ${sizes.size.toLocaleString('en')}; items in a story of more than one: ${merged} (${((100 * merged) / items.length).toFixed(3)} %); largest ${Math.max(...sizes.values())}`,
    );
    out(`decisions digest ${digest}`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench/place-null-model: ${error.message}\n`);
  process.exit(1);
});
