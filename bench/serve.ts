// bench:serve — requests/s for a ~200 KB merged feed from feedmerge's HTTP handler, next to nginx
// serving the same bytes from a file, in the same run on the same machine (127.0.0.1).
// Scenarios: full body (no compression) and 304 (If-None-Match), each for DURATION seconds with
// CONNECTIONS keep-alive connections from wrk (one thread; C, so the client is not the bottleneck)
// or, with --client autocannon or when wrk is missing, autocannon (a separate Node process, which
// saturates itself parsing 200 KB bodies long before either server does). nginx (Debian
// nginx-light) is started here with a temp config: once with 1 worker (one process, like Node)
// and once with `worker_processes auto`.
//   npm run bench:serve [-- --duration 10 --rounds 2 --connections 50 --client wrk|autocannon]
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseConfig } from '../src/config/load-config.js';
import { createHttpHandler } from '../src/publish/http-server.js';
import { renderPublication } from '../src/publish/render-publication.js';
import { storyIdFor } from '../src/dedup/story-id.js';
import { openStore } from '../src/store/open-store.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DURATION = option('duration', 10);
const CONNECTIONS = option('connections', 50);
const ROUNDS = option('rounds', 2);
const TARGET_BYTES = 200 * 1024;
const NGINX = '/usr/sbin/nginx';
const AUTOCANNON = path.resolve(import.meta.dirname, '../node_modules/.bin/autocannon');
const WRK = '/usr/bin/wrk';
const clientIndex = args.indexOf('--client');
const CLIENT = clientIndex >= 0 ? args[clientIndex + 1]! : existsSync(WRK) ? 'wrk' : 'autocannon';

/** Fills a database with German-news-like stories until the RSS document is about 200 KB. */
async function buildPublication() {
  const store = await openStore(':memory:');
  const sources = ['tagesschau', 'spiegel', 'zeit'].map((id) => ({ id, url: `https://${id}.example/feed`, title: id.toUpperCase() }));
  const config = parseConfig(
    { sources, server: { baseUrl: 'http://127.0.0.1:8080' }, outputs: [{ id: 'all', limit: 1000 }] },
    path.join(os.tmpdir(), 'bench-config.json'),
  );
  const paragraph =
    'Der Bundestag hat nach einer langen und kontroversen Debatte über die Schuldenbremse, die Rente und die Verteidigungsausgaben den Haushalt verabschiedet. ';
  let n = 0;
  const addBatch = async (count: number): Promise<void> => {
    for (let k = 0; k < count; k++, n++) {
      const published = new Date(Date.UTC(2026, 10, 26, 6) - n * 600_000).toISOString();
      const members = [];
      for (const [j, s] of sources.slice(0, 1 + (n % 3)).entries()) {
        const item = {
          key: `${s.id}-${n}`,
          guid: `${s.id}-${n}`,
          url: `https://${s.id}.example/artikel/${n}.html`,
          canonicalUrl: null,
          title: `Meldung ${n}: Haushalt, Rente und Verteidigung – was der Beschluss bedeutet (${s.id})`,
          summary: paragraph,
          contentHtml: `<p>${paragraph.repeat(2)}</p><p><a href="/mehr/${n}">Mehr</a></p>`,
          author: null,
          categories: ['Politik'],
          published: new Date(Date.parse(published) + j * 60_000).toISOString(),
          updated: null,
          enclosures: [],
        };
        const { newItemIds } = await store.transaction((session) => session.items.ingest(s.id, 'de', [item], published));
        members.push({ id: newItemIds[0]!, sourceId: s.id, item });
      }
      const storyId = storyIdFor(members[0]!.sourceId, members[0]!.item.key);
      await store.placements.apply({
        placements: members.map((m) => ({ itemId: m.id, storyId, linkKey: null })),
        stories: [
          {
            id: storyId,
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
  };
  // Render once to learn the size per story, then fill up to the target in one go.
  await addBatch(20);
  let publication = await renderPublication(store, config, new Date());
  const perStory = publication.outputs.get('all')!.get('rss')!.body.length / n;
  await addBatch(Math.max(0, Math.ceil(TARGET_BYTES / perStory) - n));
  publication = await renderPublication(store, config, new Date());
  return { store, config, publication, stories: n };
}

interface Result {
  requestsPerSecond: number;
  /** Server CPU (user + system) per response, in microseconds: independent of how busy the machine is. */
  cpuPerResponseUs: number;
  latencyP99Ms: number;
  throughputMBps: number;
  non2xx: number;
  errors: number;
}

/** Parses wrk's text report (with --latency). */
async function wrk(url: string, headers: Record<string, string>): Promise<Result> {
  const headerArgs = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const { stdout } = await run(WRK, ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}s`, '--latency', ...headerArgs, url]);
  const number = (re: RegExp): number => Number(re.exec(stdout)?.[1] ?? 0);
  const unit = (value: string, u: string): number => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[u] ?? 1);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  const transfer = /Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/.exec(stdout);
  const bytes = transfer ? Number(transfer[1]) * ({ B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[transfer[2]!] ?? 1) : 0;
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    latencyP99Ms: p99 ? Math.round(unit(p99[1]!, p99[2]!) * 10) / 10 : 0,
    throughputMBps: bytes / 1e6,
    cpuPerResponseUs: 0,
    non2xx: number(/Non-2xx or 3xx responses:\s+(\d+)/),
    errors: number(/Socket errors:.*?(\d+)/),
  };
}

function load(url: string, headers: Record<string, string>): Promise<Result> {
  return CLIENT === 'wrk' ? wrk(url, headers) : autocannon(url, headers);
}

async function autocannon(url: string, headers: Record<string, string>): Promise<Result> {
  const headerArgs = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const { stdout } = await run(AUTOCANNON, ['-j', '-c', String(CONNECTIONS), '-d', String(DURATION), ...headerArgs, url], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const r = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p99: number };
    throughput: { average: number };
    non2xx: number;
    errors: number;
    '2xx': number;
  };
  return {
    requestsPerSecond: r.requests.average,
    cpuPerResponseUs: 0,
    latencyP99Ms: r.latency.p99,
    throughputMBps: r.throughput.average / 1e6,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; etag: string; length: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        let length = 0;
        res.on('data', (c: Buffer) => (length += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: String(res.headers['etag'] ?? ''), length }));
      })
      .on('error', reject);
  });
}

/** CPU seconds (user + system) used so far by a process and its children (the nginx workers), from /proc. */
function processTreeCpuSeconds(pid: number): number {
  const ticks = (id: number): number => {
    try {
      const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    children = [];
  }
  // USER_HZ is 100 on Linux x86-64.
  return [pid, ...children].reduce((sum, id) => sum + ticks(id), 0) / 100;
}

async function startNginx(root: string, workers: string): Promise<{ origin: string; cpuSeconds(): number; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-nginx-'));
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes ${workers};
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  etag on;
  # Serves all.xml.gz (written next to all.xml) to clients that accept gzip, like feedmerge's precomputed gzip.
  gzip_static on;
  types { application/rss+xml xml; }
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server { listen 127.0.0.1:${port}; root ${root}; }
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try {
      if ((await get(`${origin}/all.xml`)).status === 200) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    origin,
    cpuSeconds: () => processTreeCpuSeconds(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} missing: apt-get install -y nginx-light`);
  const { store, config, publication, stories } = await buildPublication();
  const doc = publication.outputs.get('all')!.get('rss')!;
  const root = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-bench-root-'));
  writeFileSync(path.join(root, 'all.xml'), doc.body);
  writeFileSync(path.join(root, 'all.xml.gz'), doc.gzip);
  // nginx workers run as nobody: the temp folder must be readable.
  chmodSync(root, 0o755);

  const server = http.createServer(createHttpHandler({ config, store, getPublication: () => publication }));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const nginxOne = await startNginx(root, '1');
  const nginxAuto = await startNginx(root, 'auto');
  const targets = [
    {
      name: 'feedmerge (Node, 1 process)',
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feeds/all.xml`,
      cpuSeconds: () => {
        const used = process.cpuUsage();
        return (used.user + used.system) / 1e6;
      },
    },
    { name: 'nginx, 1 worker', url: `${nginxOne.origin}/all.xml`, cpuSeconds: nginxOne.cpuSeconds },
    { name: 'nginx, workers auto', url: `${nginxAuto.origin}/all.xml`, cpuSeconds: nginxAuto.cpuSeconds },
  ].map((t) => ({ ...t, full: [] as Result[], gzip: [] as Result[], notModified: [] as Result[], etag: '' }));
  for (const t of targets) {
    const check = await get(t.url);
    if (check.status !== 200 || check.length !== doc.body.length)
      throw new Error(`${t.name} served ${check.status}, ${check.length} bytes; expected ${doc.body.length}`);
    t.etag = check.etag;
  }

  const hold = option('hold', 0);
  if (hold > 0) {
    // For manual runs of other tools against the same servers: print the URLs and wait.
    for (const t of targets) console.log(`${t.name}: ${t.url} etag ${t.etag}`);
    await new Promise((resolve) => setTimeout(resolve, hold * 1000));
  }
  const load0 = os.loadavg()[0]!.toFixed(1);
  console.log(
    `document: RSS, ${doc.body.length} bytes, ${stories} stories; ${ROUNDS} interleaved rounds of ${DURATION} s per run, ${CONNECTIONS} connections, ${CLIENT}; ${os.cpus().length} cores, Node ${process.version}; load average at start ${load0}`,
  );
  // The machine is shared: runs alternate between servers so that background load hits all of them alike.
  for (let round = 1; round <= ROUNDS; round++) {
    for (const t of targets) {
      const measure = async (headers: Record<string, string>): Promise<Result> => {
        const before = t.cpuSeconds();
        const result = await load(t.url, headers);
        const responses = result.requestsPerSecond * DURATION;
        return { ...result, cpuPerResponseUs: responses ? Math.round(((t.cpuSeconds() - before) / responses) * 1e6) : 0 };
      };
      t.full.push(await measure({}));
      t.notModified.push(await measure({ 'if-none-match': t.etag }));
      // What feed readers actually do: accept gzip, get the precompressed body.
      t.gzip.push(await measure({ 'accept-encoding': 'gzip' }));
      const last = (list: Result[]): string =>
        `${Math.round(list.at(-1)!.requestsPerSecond)} req/s (${list.at(-1)!.cpuPerResponseUs} µs CPU each)`;
      console.log(`round ${round}: ${t.name}: full ${last(t.full)}, 304 ${last(t.notModified)}, gzip ${last(t.gzip)}`);
    }
  }
  const med = (list: Result[], key: keyof Result): number => median(list.map((r) => r[key]));
  const scenarios = [
    ['full body', (t: (typeof targets)[number]) => t.full],
    ['304', (t: (typeof targets)[number]) => t.notModified],
    ['gzip body', (t: (typeof targets)[number]) => t.gzip],
  ] as const;
  console.log(
    `\nload average at end ${os.loadavg()[0]!.toFixed(1)}; medians over ${ROUNDS} rounds (req/s · p99 ms · server CPU µs per response):\n`,
  );
  console.log(`| server | ${scenarios.map(([name]) => name).join(' | ')} |\n|---|${scenarios.map(() => '---').join('|')}|`);
  for (const t of targets) {
    const cells = scenarios.map(([, pick]) => {
      const list = pick(t);
      return `${Math.round(med(list, 'requestsPerSecond')).toLocaleString('en')} · ${med(list, 'latencyP99Ms').toFixed(1)} · ${Math.round(med(list, 'cpuPerResponseUs'))}`;
    });
    console.log(`| ${t.name} | ${cells.join(' | ')} |`);
  }
  const node = targets[0]!;
  for (const t of targets.slice(1)) {
    const ratio = ([, pick]: (typeof scenarios)[number]): string => {
      const perRound = pick(node).map((r, i) => (r.requestsPerSecond / pick(t)[i]!.requestsPerSecond).toFixed(2));
      return `${(med(pick(node), 'requestsPerSecond') / med(pick(t), 'requestsPerSecond')).toFixed(2)}× (rounds: ${perRound.join(', ')})`;
    };
    console.log(
      `\nfeedmerge vs ${t.name}: full body ${ratio(scenarios[0])} goal ≥ 0.8; 304 ${ratio(scenarios[1])} goal ≥ 0.33; gzip ${ratio(scenarios[2])}`,
    );
  }
  await nginxOne.stop();
  await nginxAuto.stop();
  server.closeAllConnections();
  server.close();
  await store.close();
}

await main();
