// What one publish (renderPublication, every output in every format) costs when a maxAgeHours output keeps
// many survivors: stories published before its limit that absorbed a story within it (survivorsKeptByMerge
// in src/publish/render-publication.ts). Builds a store of `--stories` one-item stories within the limit and
// `--merges` merges (a survivor 30 h old absorbing a story 1 h old, half an hour ago), outside the timing,
// then renders `--renders` times and prints the CPU time of this process per publish and, on PostgreSQL, that
// of the database's server processes (read from /proc: the server runs on this machine), and the wall time.
//
// With --include WORD the output has that include word (every title has "Meldung"; "fresh-0" matches one story): its
// tombstones and kept survivors then read the absorbed stories' members too. --max-age-hours 0 makes it an output
// without an age limit (a topic output: no survivor kept, its tombstones still read the members); --body-bytes N
// gives every item an HTML body of N bytes (read whole with the members).
//
//   npx tsx bench/kept-survivors.ts --backend sqlite|postgres [--stories 200] [--merges 300] [--renders 20] [--include Meldung]
//     [--max-age-hours 24] [--body-bytes 0]
import { readFileSync, rmSync } from 'node:fs';
import pg from 'pg';
import { parseConfig } from '../src/config/load-config.js';
import type { Story } from '../src/model.js';
import { renderPublication } from '../src/publish/render-publication.js';
import { openStore } from '../src/store/open-store.js';
import { freshDatabase } from './support/scale-out-cluster.js';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const BACKEND = arg('backend', 'sqlite') as 'sqlite' | 'postgres';
const STORIES = Number(arg('stories', '200'));
const MERGES = Number(arg('merges', '300'));
const RENDERS = Number(arg('renders', '20'));
const INCLUDE = arg('include', '');
const MAX_AGE_HOURS = Number(arg('max-age-hours', '24'));
const BODY_BYTES = Number(arg('body-bytes', '0'));
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

const NOW = new Date('2026-11-26T12:00:00.000Z');
const hoursAgo = (hours: number, plusMs = 0): string => new Date(NOW.getTime() - hours * 3_600_000 + plusMs).toISOString();
const config = parseConfig(
  {
    sources: [
      { id: 'a', url: 'https://a.example/feed', language: 'de' },
      { id: 'b', url: 'https://b.example/feed', language: 'de' },
    ],
    server: { baseUrl: 'http://news.example.org' },
    outputs: [
      { id: 'day', limit: 100, ...(MAX_AGE_HOURS ? { maxAgeHours: MAX_AGE_HOURS } : {}), ...(INCLUDE ? { include: [INCLUDE] } : {}) },
    ],
  },
  '/tmp/feedmerge-bench-kept/config.json',
);

const { database, folder, drop } = await freshDatabase(BACKEND);
const store = await openStore(database);
try {
  // Items: the fresh stories and each merge's two halves (survivor from source a, absorbed from source b).
  const item = (key: string, published: string) => ({
    key,
    guid: key,
    url: `https://x.example/${key}`,
    canonicalUrl: null,
    title: `Meldung ${key} über etwas`,
    summary: `Ein Absatz zu ${key}.`,
    contentHtml: BODY_BYTES ? `<p>${'x'.repeat(Math.max(0, BODY_BYTES - 7))}</p>` : null,
    author: null,
    categories: [],
    published,
    updated: null,
    enclosures: [],
  });
  const fresh = Array.from({ length: STORIES }, (_, n) => item(`fresh-${n}`, hoursAgo(2, n * 1000)));
  const olds = Array.from({ length: MERGES }, (_, n) => item(`old-${n}`, hoursAgo(30, n * 1000)));
  const news = Array.from({ length: MERGES }, (_, n) => item(`new-${n}`, hoursAgo(1, n * 1000)));
  const ingest = (source: string, items: typeof fresh, now: string) =>
    store.transaction((s) => s.items.ingest(source, 'de', items, now)).then((r) => r.newItemIds);
  const freshIds = await ingest('a', fresh, hoursAgo(2));
  const oldIds = await ingest('a', olds, hoursAgo(30));
  const newIds = await ingest('b', news, hoursAgo(1));
  const stories: Story[] = [];
  const placements: { itemId: number; storyId: string; linkKey: null }[] = [];
  const add = (id: string, itemId: number, published: string) => {
    stories.push({ id, representativeItemId: itemId, title: `story ${id}`, url: null, published, updated: published });
    placements.push({ itemId, storyId: id, linkKey: null });
  };
  freshIds.forEach((id, n) => add(`fresh-${n}`, id, fresh[n]!.published));
  oldIds.forEach((id, n) => add(`old-${n}`, id, olds[n]!.published));
  newIds.forEach((id, n) => add(`new-${n}`, id, news[n]!.published));
  await store.placements.apply({ placements, stories, merges: [], decisions: [] });
  const mergedAt = hoursAgo(0.5);
  await store.placements.apply({
    placements: [],
    stories: [],
    merges: newIds.map((_, n) => ({ absorbed: `new-${n}`, survivor: `old-${n}` })),
    decisions: newIds.map((itemId, n) => ({
      itemId,
      storyId: `old-${n}`,
      rule: 'near-duplicate' as const,
      score: 0.8,
      matchedItemId: oldIds[n]!,
      components: {},
      decidedAt: mergedAt,
    })),
  });

  let helper: pg.Client | null = null;
  let helperPid = 0;
  if (BACKEND === 'postgres') {
    helper = new pg.Client({ connectionString: database });
    await helper.connect();
    helperPid = (await helper.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  }
  /** CPU seconds of this database's server processes, the helper's excepted (0 on SQLite). */
  const serverCpu = async (): Promise<number> => {
    if (!helper) return 0;
    const { rows } = await helper.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> $1',
      [helperPid],
    );
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // the process ended between the two reads
      }
    }
    return ticks / TICKS_PER_SECOND;
  };

  const first = await renderPublication(store, config, NOW);
  const kept = [...first.storyIds].filter((id) => id.startsWith('old-')).length;
  const cpuStart = process.cpuUsage();
  const serverStart = await serverCpu();
  const wallStart = performance.now();
  for (let i = 0; i < RENDERS; i++) await renderPublication(store, config, NOW);
  const wallMs = (performance.now() - wallStart) / RENDERS;
  const serverMs = (((await serverCpu()) - serverStart) * 1000) / RENDERS;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000 / RENDERS;
  await helper?.end();
  console.log(
    JSON.stringify({
      backend: BACKEND,
      stories: STORIES,
      merges: MERGES,
      include: INCLUDE || null,
      maxAgeHours: MAX_AGE_HOURS || null,
      bodyBytes: BODY_BYTES,
      keptSurvivors: kept,
      renders: RENDERS,
      cpuMsPerPublish: Number(cpuMs.toFixed(1)),
      serverCpuMsPerPublish: Number(serverMs.toFixed(1)),
      wallMsPerPublish: Number(wallMs.toFixed(1)),
    }),
  );
} finally {
  await store.close();
  await drop();
  rmSync(folder, { recursive: true, force: true });
}
