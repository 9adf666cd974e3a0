// One run of a labelled set through the real path, as a deployment sees it: every source's items
// written as a feed document and served on 127.0.0.1, a config.json with the default engine settings,
// `feedmerge poll --once --all` (once, or several times as the items appear), then
// `feedmerge stories --json`, mapped back to the labels. The database and files live in a temp dir.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arrivalOrder, revealTimes } from './arrival-order.js';
import { assignStories, type Assignment, type StoryJson } from './assign-stories.js';
import { configDefaults } from './config-defaults.js';
import { evalFeedFormats, feedDocument, type EvalFeedFormat } from './feed-document.js';
import type { FeedServer } from './feed-server.js';
import { pollOnce, storiesJson } from './feedmerge-cli.js';

/** One labelled item of a set. */
export interface LabelledItem {
  /** Unique in the set; the item's guid is made from it. */
  id: string;
  /** Source id (one feed per source); must be a valid config source id (see `sourceIdOf`). */
  source: string;
  /** The true story. */
  label: string;
  title: string;
  summary: string;
  /** The link; items without one get a unique link on the source's made-up site (feeds carry links). */
  url: string | null;
  publishedMs: number;
  /** ISO 639-1, stated by the feed document. */
  language: string;
}

export interface RunOptions {
  /** Names the run in temp dirs and seeds the arrival orders. */
  name: string;
  /** 0 = as given; 1, 2, … seeded shuffles of the source order and of the items within each feed; from 2 on, each source also a few seconds later (arrival-order.ts). */
  order: number;
  /** 1 = one poll with everything; n > 1 = incremental, poll k serves the items published up to step k. */
  polls: number;
  server: FeedServer;
  /** Runs the polls and the listing some other way (the in-process runner for thousands of tiny runs). */
  commands?: { poll(configFile: string): Promise<{ errors: string[] }>; stories(configFile: string): Promise<StoryJson[]> | StoryJson[] };
  /** When the run starts (ms since epoch), from which the items are re-dated; the real clock unless a test pins it. */
  clock?: () => number;
}

export interface RunResult extends Assignment {
  sourceErrors: string[];
  wallMs: number;
  /** Items already older than the window at the first poll (a deployment's first-poll backlog). */
  olderThanWindow: number;
}

/** The minutes between the newest item and the run: the set is re-dated to end this long before it. */
export const endsMinutesBeforeRun = 5;

/**
 * How far a run moves every item's time so the set ends `endsMinutesBeforeRun` before `firstPollAtMs`:
 * a whole number of seconds. RSS 2.0 dates (RFC 822) carry whole seconds while Atom and RSS 1.0 carry
 * milliseconds; a shift with a fraction of a second truncated each RSS item by another amount in every
 * run, so items of different formats less than a second apart swapped places between runs: the engine
 * then placed them in another order and the "same" items gave other stories (the 0.79 agreement of
 * EVAL.md's UCI runs, 0.81 between two runs of one order). With whole seconds every run serves the same
 * times, as a deployment's feeds do. For runs in this process (thousands of tiny STSb runs), whose clock is the real one.
 */
export function redatingShift(newestMs: number, firstPollAtMs: number): number {
  return Math.floor((firstPollAtMs - endsMinutesBeforeRun * 60_000 - newestMs) / 1000) * 1000;
}

const WEEK = 7 * 86_400_000;

/**
 * For runs of the command line: the set moves by whole weeks (so every weekday a text names is still its item's own, which
 * the forecast conflict reads, and a run gives the same stories whatever day it is made), to end less than a week before
 * `firstPollAtMs`, and the command line's clock moves back to `endsMinutesBeforeRun` after the set's newest item
 * (`clockOffsetMs`, scripts/eval/shifted-clock.mjs): a deployment polling its feeds right after they publish.
 */
export function weekShift(newestMs: number, firstPollAtMs: number): { shift: number; clockOffsetMs: number } {
  const shift = Math.floor((firstPollAtMs - endsMinutesBeforeRun * 60_000 - newestMs) / WEEK) * WEEK;
  const runAt = Math.floor((newestMs + shift) / 1000) * 1000 + endsMinutesBeforeRun * 60_000;
  return { shift, clockOffsetMs: runAt - firstPollAtMs };
}

/**
 * Where runs keep their database and files: tmpfs (/dev/shm) when the machine has it, so that thousands
 * of tiny runs do not wait on fsync; the quality figures do not depend on the disk.
 */
export function runTempRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** A config-valid source id for any name (hostnames, outlet names); `taken` keeps ids unique. */
export function sourceIdOf(name: string, taken = new Set<string>()): string {
  const base = name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'source';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** The guid the harness writes for an item (and finds it by in the output). */
export const guidOf = (item: LabelledItem): string => `urn:feedmerge-eval:${item.id}`;

/** The link written for an item: its own, or a unique one on its source's made-up site. */
export const linkOf = (item: LabelledItem): string =>
  item.url ?? `https://${item.source.toLowerCase()}.eval.example/items/${encodeURIComponent(item.id)}`;

/**
 * Each source's format, independent of the arrival order: the sources sorted by id take RSS 2.0,
 * Atom 1.0, RSS 1.0 and Latin-1 RSS 2.0 in turn, so every set of four or more sources has all four.
 * RSS 1.0 identifies items by link, so a source that repeats a link gets RSS 2.0 instead.
 */
export function sourceFormats(items: readonly LabelledItem[]): Map<string, EvalFeedFormat> {
  const links = new Map<string, Set<string>>();
  const repeatsLink = new Set<string>();
  for (const item of items) {
    const seen = links.get(item.source) ?? new Set<string>();
    if (seen.has(linkOf(item))) repeatsLink.add(item.source);
    seen.add(linkOf(item));
    links.set(item.source, seen);
  }
  const formats = new Map<string, EvalFeedFormat>();
  [...links.keys()].sort().forEach((source, i) => {
    const format = evalFeedFormats[i % evalFeedFormats.length]!;
    formats.set(source, format === 'rdf' && repeatsLink.has(source) ? 'rss2' : format);
  });
  return formats;
}

/** Runs `items` through feeds served on 127.0.0.1, the poller and `stories --json`; see the file comment. */
export async function runRealPath(items: readonly LabelledItem[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const dir = mkdtempSync(path.join(runTempRoot(), `feedmerge-eval-${options.name.replace(/[^A-Za-z0-9-]+/g, '-')}-`));
  try {
    const order = arrivalOrder(items, options.order, options.name);
    // When each item is published in this order: its own time, its source's delay later.
    const publishedMs = items.map((i) => i.publishedMs + order.delayMsBySource.get(i.source)!);
    const newest = Math.max(...publishedMs);
    const realFirstPollAt = (options.clock ?? Date.now)();
    const { shift, clockOffsetMs } = options.commands
      ? { shift: redatingShift(newest, realFirstPollAt), clockOffsetMs: 0 }
      : weekShift(newest, realFirstPollAt);
    const firstPollAt = realFirstPollAt + clockOffsetMs;
    const formats = sourceFormats(items);
    const runPath = `/${path.basename(dir)}`;
    const configFile = path.join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify(
        {
          database: 'feedmerge.db',
          publicDir: 'public',
          sources: order.sources.map((id, i) => ({ id, url: `${options.server.origin}${runPath}/${i}` })),
        },
        null,
        2,
      ),
    );
    const windowMs = configDefaults().dedup.windowHours * 3_600_000;
    const olderThanWindow = publishedMs.filter((t) => t + shift < firstPollAt - windowMs).length;
    const sourceErrors: string[] = [];
    const poll = options.commands?.poll ?? ((file: string) => pollOnce(file, clockOffsetMs));
    for (const cut of revealTimes(publishedMs, options.polls)) {
      order.sources.forEach((source, i) => {
        const shown = order.itemsBySource.get(source)!.filter((k) => publishedMs[k]! <= cut);
        const first = items[order.itemsBySource.get(source)![0]!]!;
        const document = feedDocument(
          formats.get(source)!,
          { title: source, link: `https://${source.toLowerCase()}.eval.example/`, language: first.language },
          shown.map((k) => {
            const item = items[k]!;
            return {
              guid: guidOf(item),
              title: item.title,
              summary: item.summary,
              url: linkOf(item),
              publishedMs: publishedMs[k]! + shift,
            };
          }),
        );
        options.server.set(`${runPath}/${i}`, document);
      });
      sourceErrors.push(...(await poll(configFile)).errors);
    }
    const stories = await (options.commands?.stories ?? ((file: string) => storiesJson(file, clockOffsetMs)))(configFile);
    const assignment = assignStories(
      items.map((item) => ({ source: item.source, guid: guidOf(item), url: linkOf(item) })),
      stories,
    );
    options.server.clear();
    return { ...assignment, sourceErrors, wallMs: performance.now() - started, olderThanWindow };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
