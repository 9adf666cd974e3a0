// npx tsx bench/store-placements.ts --database FILE — the SQLite store's part of a poll, without fetching, parsing or
// the story engine: the items of a placed poll (the database `npm run bench:poll-files -- --keep` left) are ingested
// again into a fresh database (one transaction per feed, as the poll cycle does), then that poll's own placements
// (story, link key, decision, story rows) are applied in chunks of 1,000 in the engine's order (window time), one
// `placements.apply` each, as the placer does; closing takes the last checkpoint. Prints the CPU of each part and a
// digest of the resulting items, decisions and stories tables, so that a store change can show it writes the same rows.
//
//   npx tsx bench/store-placements.ts --database /dev/shm/feedmerge-bench-poll-files-…/feedmerge.db [--keep]
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { itemTimeMs } from '../src/dedup/item-features.js';
import { matchingLink } from '../src/dedup/matching-link.js';
import type { DedupDecision, FeedItem, PlacementBatch, Story, StoredItem } from '../src/model.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { runTempRoot } from '../scripts/eval/real-path-run.js';

function value(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const CHUNK = 1_000;
const NOW = '2026-12-04T12:00:00.000Z';

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** Bytes and calls this process has written so far (Linux /proc/self/io; zeros elsewhere): the WAL's pages. */
function written(): { bytes: number; calls: number } {
  try {
    const io = readFileSync('/proc/self/io', 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(io)?.[1] ?? 0);
    return { bytes: field('wchar'), calls: field('syscw') };
  } catch {
    return { bytes: 0, calls: 0 };
  }
}

function feedItem(item: StoredItem): FeedItem {
  const { key, guid, url, canonicalUrl, title, summary, contentHtml, author, categories, published, updated, enclosures } = item;
  return { key, guid, url, canonicalUrl, title, summary, contentHtml, author, categories, published, updated, enclosures };
}

/** Digest of the rows a poll leaves, keyed by (source, item key) so that it does not depend on item ids. */
async function tablesDigest(store: Store): Promise<string> {
  const digest = createHash('sha256');
  const rows: string[] = [];
  const ids: number[] = [];
  for await (const item of store.items.all()) ids.push(item.id);
  for (let i = 0; i < ids.length; i += 1_000) {
    for (const item of await store.items.byIds(ids.slice(i, i + 1_000))) {
      const decision = await store.placements.decision(item.id);
      const story = item.storyId ? await store.stories.get(item.storyId) : undefined;
      const { id: _id, firstSeen: _f, lastSeen: _l, ...fields } = item;
      rows.push(
        JSON.stringify([
          fields,
          decision && { ...decision, itemId: null, matchedItemId: null },
          story && { ...story, representativeItemId: null },
        ]),
      );
    }
  }
  rows.sort();
  for (const row of rows) digest.update(row).update('\n');
  return digest.digest('hex').slice(0, 16);
}

async function main(): Promise<void> {
  const database = value('database');
  if (!database) throw new Error("--database FILE is required (a placed poll's database)");
  const source = await openStore(database, { mustExist: true });
  const placed: { item: StoredItem; atMs: number; joined: PlacementBatch['placements'][number]['joined'] }[] = [];
  const decisions = new Map<number, DedupDecision>();
  const stories = new Map<string, Story>();
  const joinedOf = new Map<number, PlacementBatch['placements'][number]['joined']>();
  const ids: number[] = [];
  for await (const item of source.items.placedSince('')) {
    ids.push(item.id);
    if (item.joined) joinedOf.set(item.id, item.joined);
  }
  for (let i = 0; i < ids.length; i += 1_000) {
    for (const item of await source.items.byIds(ids.slice(i, i + 1_000))) {
      placed.push({ item, atMs: itemTimeMs(item), joined: joinedOf.get(item.id) });
      const decision = await source.placements.decision(item.id);
      if (decision) decisions.set(item.id, decision);
      if (item.storyId && !stories.has(item.storyId)) {
        const story = await source.stories.get(item.storyId);
        if (story) stories.set(story.id, story);
      }
    }
  }
  await source.close();

  const dir = mkdtempSync(path.join(runTempRoot(), 'feedmerge-bench-store-'));
  const file = path.join(dir, 'feedmerge.db');
  try {
    const store = await openStore(file, { writer: { command: 'bench', waitMs: () => 0 } });
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`${placed.length.toLocaleString('en')} items, ${stories.size.toLocaleString('en')} stories from ${database}`);
    // Ingest: per feed, in the stored order (as a poll of the same files stores them).
    const bySource = new Map<string, StoredItem[]>();
    for (const { item } of placed) bySource.set(item.sourceId, [...(bySource.get(item.sourceId) ?? []), item]);
    const newId = new Map<number, number>();
    let before = process.cpuUsage();
    for (const [sourceId, items] of bySource) {
      const result = await store.transaction((session) =>
        session.items.ingest(sourceId, items[0]?.language ?? null, items.map(feedItem), NOW),
      );
      result.newItemIds.forEach((id, k) => newId.set(items[k]!.id, id));
    }
    const ingestCpu = cpuSeconds(before);

    // Placement: the engine's order (window time, then id), chunks of 1,000, a story row saved with each member placed.
    const order = [...placed].sort((a, b) => a.atMs - b.atMs || a.item.id - b.item.id);
    before = process.cpuUsage();
    const writtenBefore = written();
    for (let start = 0; start < order.length; start += CHUNK) {
      const batch: PlacementBatch = { placements: [], stories: [], merges: [], decisions: [] };
      const saved = new Set<string>();
      for (const { item, joined } of order.slice(start, start + CHUNK)) {
        const itemId = newId.get(item.id)!;
        const storyId = item.storyId!;
        batch.placements.push({ itemId, storyId, linkKey: matchingLink(item.canonicalUrl ?? item.url), ...(joined ? { joined } : {}) });
        const story = stories.get(storyId);
        if (story && !saved.has(storyId)) {
          saved.add(storyId);
          batch.stories.push({ ...story, representativeItemId: newId.get(story.representativeItemId) ?? story.representativeItemId });
        }
        const decision = decisions.get(item.id);
        if (decision) {
          const matched = decision.matchedItemId === null ? null : (newId.get(decision.matchedItemId) ?? null);
          batch.decisions.push({ ...decision, itemId, matchedItemId: matched });
        }
      }
      await store.placements.apply(batch);
    }
    const placeCpu = cpuSeconds(before);
    const writtenAfter = written();
    before = process.cpuUsage();
    await store.close();
    const closeCpu = cpuSeconds(before);
    out(
      `CPU: ingest ${ingestCpu.toFixed(2)} s, placements applied ${placeCpu.toFixed(2)} s, close (last checkpoint) ${closeCpu.toFixed(2)} s; total ${(ingestCpu + placeCpu + closeCpu).toFixed(2)} s`,
    );
    out(
      `placements wrote ${((writtenAfter.bytes - writtenBefore.bytes) / 2 ** 20).toFixed(1)} MiB in ${(writtenAfter.calls - writtenBefore.calls).toLocaleString('en')} write calls`,
    );
    const check = await openStore(file, { mustExist: true });
    out(`tables digest ${await tablesDigest(check)}`);
    await check.close();
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench/store-placements: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
