// The French and Spanish news set (test/fixtures/news-fr-es) through the real path: its six feed files
// served as they are on 127.0.0.1, `feedmerge poll --once --all` in one of several arrival orders,
// `feedmerge stories --json`, scored against the items' story keys. The command line runs at the
// moment just after the set's newest item (scripts/eval/shifted-clock.mjs), as a deployment polls
// right after its feeds publish; the set's own dates and weekdays stay as written.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assignStories, type StoryJson } from './assign-stories.js';
import { clusterScores, type ClusterScores } from './cluster-scores.js';
import { repositoryRoot } from './feedmerge-cli.js';
import { startFeedServer } from './feed-server.js';

export const frEsFolder = path.join(repositoryRoot, 'test/fixtures/news-fr-es');

interface FrEsItem {
  id: string;
  outlet: string;
  key: string;
  published: string;
  title: string;
  summary: string;
  url: string;
}

/** Feed file per source, in the order `together` lists them. */
export const frEsSources: Record<string, string> = {
  'depeches-fr': 'depeches-fr.rss',
  'quotidien-paris': 'quotidien-paris.atom',
  'radio-info': 'radio-info.rdf',
  'teletipo-es': 'teletipo-es.rss',
  'diario-madrid': 'diario-madrid.atom',
  'cadena-noticias': 'cadena-noticias.rdf',
};

/** Arrival orders: every source in one poll, or the sources added one poll at a time in the order given. */
export type FrEsOrder = { name: string; steps: string[][] };
const ids = Object.keys(frEsSources);
export const frEsOrders: FrEsOrder[] = [
  { name: 'together', steps: [ids] },
  { name: 'one-by-one-reversed', steps: [...ids].reverse().map((_, i, all) => all.slice(0, i + 1)) },
  { name: 'radios-first', steps: [['radio-info', 'cadena-noticias'], ids] },
];

export function readFrEsItems(): FrEsItem[] {
  return ['items-fr.jsonl', 'items-es.jsonl'].flatMap((name) =>
    readFileSync(path.join(frEsFolder, name), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as FrEsItem),
  );
}

const forbiddenPairs = (JSON.parse(readFileSync(path.join(frEsFolder, 'forbidden-pairs.json'), 'utf8')) as { pairs: [string, string][] })
  .pairs;

/** Two keys that must never share a story: a listed distractor pair, or two languages. */
function forbidden(a: string, b: string): boolean {
  if (a.slice(0, 3) !== b.slice(0, 3)) return true;
  return forbiddenPairs.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

export interface FrEsFigures {
  order: string;
  scores: ClusterScores;
  /** Per language: pairwise precision and recall. */
  byLanguage: Record<string, { p: number; r: number }>;
  /** Key pairs of the forbidden list (or across languages) put in one story. */
  forbiddenMerges: string[];
  /** Other wrong merges: two keys in one story. */
  falseMerges: string[];
  /** Keys whose items came out in more than one story: key → the item ids per story. */
  misses: string[];
  missing: number;
}

/** Runs a `feedmerge` command (`args`) at the given wall-clock time and returns its stdout. */
export type RunCommand = (args: string[], atMs: number) => Promise<string>;

/** One arrival order of the set through the real path: served feeds, polls, `stories --json`, scores. */
export async function runFrEs(order: FrEsOrder, run: RunCommand): Promise<FrEsFigures> {
  const items = readFrEsItems();
  const newest = Math.max(...items.map((item) => Date.parse(item.published)));
  const server = await startFeedServer();
  // No charset in the Content-Type: the ISO-8859-1 feed is read by its XML prolog, as such feeds often are.
  for (const file of Object.values(frEsSources))
    server.set(`/${file}`, { contentType: 'application/xml', body: readFileSync(path.join(frEsFolder, file)) });
  const dir = mkdtempSync(path.join(tmpdir(), `feedmerge-fr-es-${order.name}-`));
  const config = path.join(dir, 'config.json');
  try {
    for (const [step, sources] of order.steps.entries()) {
      writeFileSync(
        config,
        JSON.stringify({
          database: path.join(dir, 'feedmerge.db'),
          publicDir: path.join(dir, 'public'),
          fetch: { allowPrivateNetworks: true },
          sources: sources.map((id) => ({ id, url: `${server.origin}/${frEsSources[id]}` })),
        }),
      );
      // Each later poll a minute later, as cron-started polls are.
      await run(['poll', '--once', '--all', '--config', config], newest + (10 + step) * 60_000);
    }
    const stories = JSON.parse(await run(['stories', '--json', '--config', config], newest + 30 * 60_000)) as StoryJson[];
    return score(order.name, items, stories);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function score(order: string, items: FrEsItem[], stories: StoryJson[]): FrEsFigures {
  // RSS 2.0 and Atom items are found by their guid / id (write-feeds.mjs), RSS 1.0 items by their link.
  const identities = items.map((item) => ({
    source: item.outlet,
    guid: guidOf(item),
    url: item.url,
  }));
  const assignment = assignStories(identities, stories);
  const labels = items.map((item) => item.key);
  const byLanguage: FrEsFigures['byLanguage'] = {};
  for (const language of ['fr', 'es']) {
    const at = items.flatMap((item, i) => (item.key.startsWith(`${language}-`) ? [i] : []));
    const s = clusterScores({ labels: at.map((i) => labels[i]!), predicted: at.map((i) => assignment.predicted[i]!) });
    byLanguage[language] = { p: s.p, r: s.r };
  }
  const merged = new Map<string, Set<string>>();
  const parts = new Map<string, Map<string, string[]>>();
  items.forEach((item, i) => {
    const story = assignment.predicted[i]!;
    merged.set(story, (merged.get(story) ?? new Set()).add(item.key));
    const byStory = parts.get(item.key) ?? new Map<string, string[]>();
    byStory.set(story, [...(byStory.get(story) ?? []), item.id]);
    parts.set(item.key, byStory);
  });
  const forbiddenMerges: string[] = [];
  const falseMerges: string[] = [];
  for (const keys of merged.values()) {
    const list = [...keys].sort();
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++)
        (forbidden(list[a]!, list[b]!) ? forbiddenMerges : falseMerges).push(`${list[a]} + ${list[b]}`);
  }
  const misses = [...parts]
    .filter(([, byStory]) => byStory.size > 1)
    .map(([key, byStory]) => `${key}: ${[...byStory.values()].map((ids) => ids.join(',')).join(' | ')}`);
  return {
    order,
    scores: clusterScores({ labels, predicted: assignment.predicted }),
    byLanguage,
    forbiddenMerges,
    falseMerges,
    misses,
    missing: assignment.missing.length,
  };
}

/** The guid write-feeds.mjs gives an item: RSS 2.0 `<outlet>:<id>`, Atom `tag:<outlet>.example,2026:<id>`. */
function guidOf(item: FrEsItem): string {
  const file = frEsSources[item.outlet] ?? '';
  if (file.endsWith('.atom')) return `tag:${item.outlet}.example,2026:${item.id}`;
  if (file.endsWith('.rss')) return `${item.outlet}:${item.id}`;
  return '';
}
