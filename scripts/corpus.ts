// npm run corpus: every document of the shared feed corpus (../shared/feeds/INVENTORY.tsv) through
// parseFeed, compared with the Universal Feed Parser's reading (REFERENCE_feedparser.jsonl) on the
// documents it read without complaint (bozo false): entry count, first title, first link, first date.
// Prints the figures per source suite and the disagreements; `--json FILE` writes them all.
// test/parse/corpus.test.ts runs the same code on a sample and asserts a floor.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeed, ParseError } from '../src/parse/parse-feed.js';
import type { ParsedFeed } from '../src/model.js';
import { decodeHTML } from 'entities';

export const corpusDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/feeds');
/** Per-file time bound of `npm run corpus` (the largest corpus file, 1.9 MB, takes ~0.3 s). */
const slowFileMilliseconds = 5_000;
/** Fixed so that future-date clamping never depends on the day the corpus runs. */
const fetchedAt = '2030-01-01T00:00:00.000Z';

export interface InventoryRow {
  source: string;
  path: string;
  format: string;
}

interface Reference {
  path: string;
  bozo: boolean | null;
  n_entries?: number;
  entry0?: { title: string | null; link: string | null; published_utc: string | null; updated_utc: string | null } | null;
  error?: string;
}

export type Metric = 'count' | 'title' | 'link' | 'linkHttp' | 'date';
export const metrics: Metric[] = ['count', 'title', 'link', 'linkHttp', 'date'];

export interface FileResult {
  source: string;
  path: string;
  outcome: 'parsed' | 'NOT_A_FEED' | 'INVALID_FEED' | 'EMPTY_DOCUMENT' | 'crash';
  message: string | null;
  milliseconds: number;
  /** Only for files the reference read with bozo false. */
  comparison: Partial<Record<Metric, { agree: boolean; ours: unknown; theirs: unknown }>> | null;
}

/** Rows of INVENTORY.tsv, or null when the corpus folder is absent. */
export function readInventory(directory = corpusDirectory): InventoryRow[] | null {
  const file = path.join(directory, 'INVENTORY.tsv');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((line) => {
    const [source, filePath, format] = line.split('\t');
    return { source: source!, path: filePath!, format: format ?? '' };
  });
}

/** The reference readings keyed by path. */
export function readReferences(directory = corpusDirectory): Map<string, Reference> {
  const references = new Map<string, Reference>();
  const file = path.join(directory, 'REFERENCE_feedparser.jsonl');
  if (!existsSync(file)) return references;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const reference = JSON.parse(line) as Reference;
    references.set(reference.path, reference);
  }
  return references;
}

/** feedparser's tests declare the HTTP headers they are served with in a comment: "Header: Content-type: …". */
export function declaredHeaders(body: Buffer): { contentType: string | null; contentLocation: string | null } {
  const head = body.subarray(0, 4096).toString('latin1');
  const contentType = /Header:\s*Content-type:\s*([^\r\n]*?)\s*(?:-->|$)/im.exec(head)?.[1] ?? null;
  const contentLocation = /Header:\s*Content-Location:\s*(\S+)/i.exec(head)?.[1] ?? null;
  return { contentType, contentLocation };
}

const collapse = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

/** Parses one corpus file and compares it with the reference when there is a clean one. */
export async function runCorpusFile(
  row: InventoryRow,
  references: Map<string, Reference>,
  directory = corpusDirectory,
): Promise<FileResult> {
  const body = readFileSync(path.join(directory, row.path));
  const { contentType, contentLocation } =
    row.source === 'feedparser' ? declaredHeaders(body) : { contentType: null, contentLocation: null };
  const started = performance.now();
  let feed: ParsedFeed | null = null;
  let outcome: FileResult['outcome'] = 'parsed';
  let message: string | null = null;
  try {
    feed = await parseFeed(body, { contentType, url: contentLocation, fetchedAt });
  } catch (error) {
    if (error instanceof ParseError) {
      outcome = error.code;
      message = error.message;
    } else {
      outcome = 'crash';
      message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
  const milliseconds = performance.now() - started;
  const reference = references.get(row.path);
  let comparison: FileResult['comparison'] = null;
  if (reference && reference.bozo === false && !reference.error) {
    comparison = compare(feed, reference);
  }
  return { source: row.source, path: row.path, outcome, message, milliseconds, comparison };
}

function compare(feed: ParsedFeed | null, reference: Reference): NonNullable<FileResult['comparison']> {
  const ours = feed?.items ?? [];
  const theirCount = reference.n_entries ?? 0;
  const result: NonNullable<FileResult['comparison']> = {
    count: { agree: ours.length === theirCount, ours: ours.length, theirs: theirCount },
  };
  const entry = reference.entry0;
  if (theirCount > 0 && entry) {
    const first = ours[0];
    // feedparser keeps sanitised markup in titles; ours are plain text by design, so compare plain text.
    const theirTitle = collapse(stripTags(entry.title ?? ''));
    const ourTitle = collapse(first?.title);
    result.title = { agree: first !== undefined && ourTitle === theirTitle, ours: ourTitle, theirs: theirTitle };
    const theirLink = entry.link ?? null;
    const ourLink = first?.url ?? null;
    result.link = { agree: first !== undefined && sameLink(ourLink, theirLink), ours: ourLink, theirs: theirLink };
    // Our rule keeps only absolute http(s) links (resolved); feedparser passes urn:/tag: ids, empty and
    // unresolved relative links through. "linkHttp" counts those as agreeing when we apply our rule.
    result.linkHttp = { agree: first !== undefined && sameLinkUnderOurRule(ourLink, theirLink), ours: ourLink, theirs: theirLink };
    const theirDate = entry.published_utc ?? entry.updated_utc ?? null;
    const ourDate = first?.published ?? null;
    const agree = first !== undefined && (theirDate === null ? ourDate === null : ourDate !== null && sameSecond(ourDate, theirDate));
    result.date = { agree, ours: ourDate, theirs: theirDate };
  }
  return result;
}

/** feedparser keeps dates as struct_time: whole seconds. */
function sameSecond(ours: string, theirs: string): boolean {
  return Math.floor(Date.parse(ours) / 1000) === Math.floor(Date.parse(theirs) / 1000);
}

function stripTags(text: string): string {
  return decodeHTML(text.replace(/<[^>]*>/g, ''));
}

/** Links agree when equal, or equal once both are read as URLs (feedparser does not normalise, WHATWG URL does). */
function sameLink(ours: string | null, theirs: string | null): boolean {
  if (ours === theirs) return true;
  if (!ours || !theirs) return false;
  try {
    return new URL(ours).href === new URL(theirs).href;
  } catch {
    return false;
  }
}

function sameLinkUnderOurRule(ours: string | null, theirs: string | null): boolean {
  if (sameLink(ours, theirs)) return true;
  if (theirs === null || !/^https?:\/\//i.test(theirs.trim())) {
    if (ours === null) return true;
    // A relative link they left unresolved: ours must be it, resolved.
    try {
      return theirs !== null && theirs.trim() !== '' && new URL(theirs.trim(), ours).href === new URL(ours).href;
    } catch {
      return false;
    }
  }
  return false;
}

export interface Summary {
  files: number;
  crashes: number;
  outcomes: Record<string, number>;
  perSource: Record<string, { compared: number; agree: Record<Metric, [number, number]> }>;
  overall: Record<Metric, [number, number]>;
  slowest: { path: string; milliseconds: number }[];
}

/** Agreement counts per source and overall: [agreeing, compared] per metric. */
export function summarise(results: FileResult[]): Summary {
  const empty = (): Record<Metric, [number, number]> => ({ count: [0, 0], title: [0, 0], link: [0, 0], linkHttp: [0, 0], date: [0, 0] });
  const summary: Summary = { files: results.length, crashes: 0, outcomes: {}, perSource: {}, overall: empty(), slowest: [] };
  for (const result of results) {
    summary.outcomes[result.outcome] = (summary.outcomes[result.outcome] ?? 0) + 1;
    if (result.outcome === 'crash') summary.crashes++;
    if (!result.comparison) continue;
    const source = (summary.perSource[result.source] ??= { compared: 0, agree: empty() });
    source.compared++;
    for (const metric of metrics) {
      const entry = result.comparison[metric];
      if (!entry) continue;
      source.agree[metric][1]++;
      summary.overall[metric][1]++;
      if (entry.agree) {
        source.agree[metric][0]++;
        summary.overall[metric][0]++;
      }
    }
  }
  summary.slowest = [...results]
    .sort((a, b) => b.milliseconds - a.milliseconds)
    .slice(0, 5)
    .map((r) => ({ path: r.path, milliseconds: Math.round(r.milliseconds) }));
  return summary;
}

export const percent = ([agree, total]: [number, number]): string => (total === 0 ? '—' : `${((100 * agree) / total).toFixed(1)}%`);

async function main(): Promise<void> {
  const all = readInventory();
  // --sample N: every Nth INVENTORY row, the deterministic sample test/parse/corpus.test.ts uses (N = 4).
  const sampleIndex = process.argv.indexOf('--sample');
  const every = sampleIndex > 0 ? Number(process.argv[sampleIndex + 1]) : 1;
  const inventory = all?.filter((_row, index) => index % every === 0) ?? null;
  if (!inventory) {
    console.log(`corpus not found at ${corpusDirectory} (it lives outside the repo); nothing to do`);
    return;
  }
  const references = readReferences();
  let unhandled = 0;
  process.on('unhandledRejection', () => void unhandled++);
  const results: FileResult[] = [];
  for (const row of inventory) results.push(await runCorpusFile(row, references));
  const summary = summarise(results);
  console.log(`files ${summary.files}, outcomes ${JSON.stringify(summary.outcomes)}, unhandled rejections ${unhandled}`);
  console.log(['source', 'compared', ...metrics].join('\t'));
  for (const [source, s] of Object.entries(summary.perSource)) {
    console.log([source, s.compared, ...metrics.map((m) => `${percent(s.agree[m])} (${s.agree[m][0]}/${s.agree[m][1]})`)].join('\t'));
  }
  console.log(
    ['overall', '', ...metrics.map((m) => `${percent(summary.overall[m])} (${summary.overall[m][0]}/${summary.overall[m][1]})`)].join('\t'),
  );
  console.log('slowest', JSON.stringify(summary.slowest));
  // "No hang": a file that takes longer than this is reported as a failure of the run.
  const slow = results.filter((r) => r.milliseconds > slowFileMilliseconds);
  for (const r of slow) console.log(`SLOW ${Math.round(r.milliseconds)} ms ${r.path}`);
  if (summary.crashes > 0 || unhandled > 0 || slow.length > 0) process.exitCode = 1;
  const jsonIndex = process.argv.indexOf('--json');
  if (jsonIndex > 0 && process.argv[jsonIndex + 1]) writeFileSync(process.argv[jsonIndex + 1]!, JSON.stringify(results, null, 1));
  if (process.argv.includes('--disagreements')) {
    for (const r of results) {
      if (r.outcome === 'crash') console.log('CRASH', r.path, r.message);
      for (const m of metrics) {
        const c = r.comparison?.[m];
        if (c && !c.agree) console.log(m, r.path, JSON.stringify(c.ours), '≠', JSON.stringify(c.theirs), r.message ?? '');
      }
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
