// bench:serve — `feedmerge serve` (its HTTP worker processes) against nginx with deploy/nginx.conf
// serving the same published files, in the same run on the same machine (127.0.0.1), both on all
// cores. The document is an output's Atom feed of about 19 KB (--bytes, --format). Scenarios: full
// body (identity), 304 (If-None-Match with each server's own tag) and gzip; each DURATION seconds
// with CONNECTIONS keep-alive connections from wrk (C, one thread, so the client is not the
// bottleneck). Rounds interleave the servers so background load hits both alike; the ratios
// feedmerge ÷ nginx are printed per round and as medians, with the load average and the servers'
// CPU per response (user + system of the whole process tree, from /proc).
//   npm run bench:serve [-- --duration 10 --rounds 3 --connections 50 --bytes 19456 --format atom --workers 2]
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config/load-config.js';
import { renderPublication, type FeedFormatOut } from '../src/publish/render-publication.js';
import { storyIdFor } from '../src/dedup/story-id.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { Publisher } from '../src/worker/publisher.js';
import { freePort, NGINX, startNginx } from '../test/publish/nginx-recipe.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const DURATION = Number(option('duration', '10'));
const CONNECTIONS = Number(option('connections', '50'));
const ROUNDS = Number(option('rounds', '3'));
const TARGET_BYTES = Number(option('bytes', String(19 * 1024)));
const FORMAT = option('format', 'atom') as FeedFormatOut;
const WORKERS = Number(option('workers', String(os.availableParallelism())));
const WRK = '/usr/bin/wrk';
const ROOT = path.resolve(import.meta.dirname, '..');
const EXTENSIONS: Record<FeedFormatOut, string> = { rss: 'xml', atom: 'atom', json: 'json' };

/** Adds German-news-like stories (1–3 members each) to the store. */
async function addStories(store: Store, from: number, count: number): Promise<void> {
  const sources = ['tagesschau', 'spiegel', 'zeit'];
  const paragraph =
    'Der Bundestag hat nach einer langen Debatte über die Schuldenbremse, die Rente und die Verteidigungsausgaben den Haushalt verabschiedet. ';
  for (let n = from; n < from + count; n++) {
    const published = new Date(Date.UTC(2026, 10, 26, 6) - n * 600_000).toISOString();
    const members = [];
    for (const [j, source] of sources.slice(0, 1 + (n % 3)).entries()) {
      const item = {
        key: `${source}-${n}`,
        guid: `${source}-${n}`,
        url: `https://${source}.example/artikel/${n}.html`,
        canonicalUrl: null,
        title: `Meldung ${n}: Haushalt, Rente und Verteidigung – was der Beschluss bedeutet (${source})`,
        summary: paragraph,
        contentHtml: `<p>${paragraph}</p>`,
        author: null,
        categories: ['Politik'],
        published: new Date(Date.parse(published) + j * 60_000).toISOString(),
        updated: null,
        enclosures: [],
      };
      const { newItemIds } = await store.transaction((session) => session.items.ingest(source, 'de', [item], published));
      members.push({ id: newItemIds[0]!, source, item });
    }
    const id = storyIdFor(members[0]!.source, members[0]!.item.key);
    await store.placements.apply({
      placements: members.map((m) => ({ itemId: m.id, storyId: id, linkKey: null })),
      stories: [
        {
          id,
          representativeItemId: members[0]!.id,
          title: members[0]!.item.title,
          url: members[0]!.item.url,
          published,
          updated: published,
        },
      ],
      merges: [],
      decisions: [],
    });
  }
}

/** A config and database whose output "all" is about TARGET_BYTES in FORMAT; publishes once (writes publicDir). */
async function prepare(): Promise<{ configFile: string; publicDir: string; port: number; stories: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-bench-serve-'));
  chmodSync(dir, 0o755); // nginx's workers run unprivileged
  const port = await freePort();
  const configFile = path.join(dir, 'config.json');
  const write = (limit: number): void =>
    writeFileSync(
      configFile,
      JSON.stringify({
        database: 'feedmerge.db',
        publicDir: 'public',
        server: { host: '127.0.0.1', port, baseUrl: 'http://127.0.0.1:8080' },
        sources: ['tagesschau', 'spiegel', 'zeit'].map((id) => ({ id, url: `https://${id}.example/feed`, title: id.toUpperCase() })),
        outputs: [{ id: 'all', limit }],
      }),
    );
  write(1000);
  const store = await openStore(path.join(dir, 'feedmerge.db'));
  await addStories(store, 0, 10);
  const size = async (): Promise<number> =>
    (await renderPublication(store, loadConfig(configFile), new Date())).outputs.get('all')!.get(FORMAT)!.body.length;
  const stories = Math.max(1, Math.round((TARGET_BYTES / (await size())) * 10));
  await addStories(store, 10, Math.max(0, stories - 10));
  write(stories);
  const config = loadConfig(configFile);
  await new Publisher(config, store).publish(new Date());
  await store.close();
  return { configFile, publicDir: config.publicDir, port, stories };
}

interface Result {
  requestsPerSecond: number;
  latencyP99Ms: number;
  /** Server CPU (user + system, whole process tree) per response, µs. */
  cpuPerResponseUs: number;
  errors: number;
}

async function wrk(url: string, headers: Record<string, string>): Promise<Omit<Result, 'cpuPerResponseUs'>> {
  const headerArgs = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const { stdout } = await run(WRK, ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}s`, '--latency', ...headerArgs, url]);
  const number = (re: RegExp): number => Number(re.exec(stdout)?.[1] ?? 0);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    latencyP99Ms: p99 ? Math.round(Number(p99[1]) * ({ us: 0.001, ms: 1, s: 1000 }[p99[2]!] ?? 1) * 10) / 10 : 0,
    errors: number(/Non-2xx or 3xx responses:\s+(\d+)/) + number(/Socket errors:.*?(\d+)/),
  };
}

function treeCpuSeconds(pid: number): number {
  const ticks = (id: number): number => {
    try {
      const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children].reduce((sum, id) => sum + ticks(id), 0) / 100;
}

async function head(url: string, headers: Record<string, string> = {}): Promise<{ status: number; etag: string; body: Buffer }> {
  const res = await fetch(url, { headers: { 'accept-encoding': 'identity', ...headers } });
  return { status: res.status, etag: res.headers.get('etag') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  if (!existsSync(WRK)) throw new Error(`${WRK} missing: apt-get install -y wrk`);
  if (!existsSync(NGINX)) throw new Error(`${NGINX} missing: apt-get install -y nginx`);
  const { configFile, publicDir, port, stories } = await prepare();
  const feedmerge = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve', '--workers', String(WORKERS), '--config', configFile],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    feedmerge.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('serving ')) resolve();
    });
    feedmerge.once('exit', (code) => reject(new Error(`feedmerge serve exited ${code}: ${log}`)));
  });
  const nginx = await startNginx({ publicDir, upstreamPort: port, workers: 'auto' });
  const file = `/feeds/all.${EXTENSIONS[FORMAT]}`;
  const targets = [
    { name: `feedmerge serve (${WORKERS} workers)`, url: `http://127.0.0.1:${port}${file}`, cpu: () => treeCpuSeconds(feedmerge.pid!) },
    { name: 'nginx (deploy/nginx.conf, workers auto)', url: `${nginx.origin}${file}`, cpu: () => nginx.cpuSeconds() },
  ].map((t) => ({ ...t, etag: '', full: [] as Result[], notModified: [] as Result[], gzip: [] as Result[] }));
  const bodies = await Promise.all(targets.map((t) => head(t.url)));
  if (!bodies[0]!.body.equals(bodies[1]!.body)) throw new Error('feedmerge and nginx serve different bytes');
  targets.forEach((t, i) => (t.etag = bodies[i]!.etag));
  for (const t of targets) if ((await head(t.url, { 'if-none-match': t.etag })).status !== 304) throw new Error(`${t.name}: no 304`);

  console.log(
    `document: ${FORMAT} ${file}, ${bodies[0]!.body.length} bytes, ${stories} stories; ${ROUNDS} interleaved rounds of ${DURATION} s per scenario, ${CONNECTIONS} connections, wrk -t1; ${os.cpus().length} cores, Node ${process.version}; load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (let round = 1; round <= ROUNDS; round++) {
    for (const t of targets) {
      const measure = async (headers: Record<string, string>): Promise<Result> => {
        const before = t.cpu();
        const result = await wrk(t.url, headers);
        const responses = result.requestsPerSecond * DURATION;
        return { ...result, cpuPerResponseUs: responses ? Math.round(((t.cpu() - before) / responses) * 1e6) : 0 };
      };
      t.full.push(await measure({}));
      t.notModified.push(await measure({ 'if-none-match': t.etag }));
      t.gzip.push(await measure({ 'accept-encoding': 'gzip' }));
      const last = (list: Result[]): string =>
        `${Math.round(list.at(-1)!.requestsPerSecond)} req/s (${list.at(-1)!.cpuPerResponseUs} µs CPU)`;
      console.log(
        `round ${round}, load ${os.loadavg()[0]!.toFixed(2)}: ${t.name}: full ${last(t.full)}, 304 ${last(t.notModified)}, gzip ${last(t.gzip)}`,
      );
    }
  }
  const scenarios = [
    ['full body', (t: (typeof targets)[number]) => t.full, 0.8],
    ['304', (t: (typeof targets)[number]) => t.notModified, 0.5],
    ['gzip body', (t: (typeof targets)[number]) => t.gzip, null],
  ] as const;
  console.log(
    `\nload average at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; medians (req/s · p99 ms · server CPU µs per response):\n`,
  );
  console.log(`| server | ${scenarios.map(([name]) => name).join(' | ')} |\n|---|${scenarios.map(() => '---').join('|')}|`);
  for (const t of targets) {
    const cells = scenarios.map(([, pick]) => {
      const list = pick(t);
      return `${Math.round(median(list.map((r) => r.requestsPerSecond))).toLocaleString('en')} · ${median(list.map((r) => r.latencyP99Ms)).toFixed(1)} · ${median(list.map((r) => r.cpuPerResponseUs))}`;
    });
    console.log(`| ${t.name} | ${cells.join(' | ')} |`);
  }
  const [node, ngx] = targets as [(typeof targets)[number], (typeof targets)[number]];
  console.log('');
  for (const [name, pick, goal] of scenarios) {
    const perRound = pick(node).map((r, i) => r.requestsPerSecond / pick(ngx)[i]!.requestsPerSecond);
    const ratio = median(pick(node).map((r) => r.requestsPerSecond)) / median(pick(ngx).map((r) => r.requestsPerSecond));
    const cpu = median(pick(ngx).map((r) => r.cpuPerResponseUs)) / Math.max(1, median(pick(node).map((r) => r.cpuPerResponseUs)));
    console.log(
      `feedmerge ÷ nginx, ${name}: ${ratio.toFixed(2)}× (rounds ${perRound.map((r) => r.toFixed(2)).join(', ')})${goal ? `, goal ≥ ${goal}` : ''}; nginx CPU per response ÷ feedmerge's: ${cpu.toFixed(2)}`,
    );
  }
  const errors = targets.flatMap((t) => [...t.full, ...t.notModified, ...t.gzip]).reduce((sum, r) => sum + r.errors, 0);
  if (errors) console.log(`\n${errors} errors or unexpected statuses reported by wrk`);
  await nginx.stop();
  const exited = new Promise((resolve) => feedmerge.once('exit', resolve));
  feedmerge.kill('SIGTERM');
  await exited;
}

await main();
