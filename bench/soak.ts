// Soak benchmark (not a test): 300 loopback sources whose feeds change at every poll, polled cycle
// after cycle through the whole worker (fetch, parse, store, stories, publish, retention), with a
// story window of 12 h and retention of one day on a compressed clock. After every cycle it prints
// the poller's resident memory, heap and database size; at the end, whether each levels off: the
// slope over the last half of the cycles, per hour at one cycle a minute, against 1 % of the mean.
//
//   npm run bench:soak -- [--sources 300] [--cycles 60] [--per-poll 2] [--window 20] [--step-minutes 240] [--real-time]
//
// Every poll brings 2 new items per source (600 a cycle), as a minute of real polling would; only
// the data's clock is compressed: it moves --step-minutes per cycle. An item stays in its feed for
// 10 polls (40 simulated hours at 240) and expires a day after it left, so deletion starts at
// cycle 17 and the second half of a 60-cycle run is steady state: 600 items in, 600 out a cycle.
// --real-time: one cycle per wall-clock minute (60 cycles = an hour), instead of back to back.
// The feed server runs in a child process, so memory and CPU figures are the poller's alone.
// Memory is read twice after a cycle: as the cycle left it (rss, heap: the GC's sawtooth, ±20 %),
// and after a full GC (node --expose-gc, as the npm script runs it): what is still reachable, where
// a leak shows as a slope, and the resident size it leaves. The verdict uses the second.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/config/load-config.js';
import { closeFetchAgents } from '../src/fetch/fetch-feed.js';
import { openStore } from '../src/store/open-store.js';
import { Publisher } from '../src/worker/publisher.js';
import { pollAndPublish, workerContext } from '../src/worker/service.js';
import { soakFeed, type SoakFeedShape } from './soak-feeds.js';

const SOURCES_PER_HOST = 10;

interface Options extends SoakFeedShape {
  sources: number;
  cycles: number;
  stepMinutes: number;
  realTime: boolean;
}

function readOptions(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  return {
    sources: value('sources') ?? 300,
    cycles: value('cycles') ?? 60,
    perPoll: value('per-poll') ?? 2,
    window: value('window') ?? 20,
    stepMinutes: value('step-minutes') ?? 240,
    realTime: argv.includes('--real-time'),
  };
}

/** The feed server (child process): generation = how often that source was asked for. */
async function serve(options: Options): Promise<void> {
  const asked = new Array<number>(options.sources).fill(0);
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const match = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
    const i = match ? Number(match[1]) : -1;
    if (i < 0 || i >= options.sources) return void res.writeHead(404).end();
    const body = soakFeed(i, ++asked[i]!, options);
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
  };
  const ports: number[] = [];
  for (let host = 0; host < Math.ceil(options.sources / SOURCES_PER_HOST); host++) {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push((server.address() as AddressInfo).port);
  }
  process.send!({ ports });
}

interface Row {
  cycle: number;
  simulated: string;
  items: number;
  stories: number;
  ingested: number;
  deleted: number;
  cpuMs: number;
  rssMb: number;
  heapMb: number;
  /** After a full GC (without --expose-gc: the same as before it). */
  liveRssMb: number;
  liveHeapMb: number;
  /** V8 heap reserved, and memory outside it (Buffers, native objects), after the GC. */
  heapTotalMb: number;
  externalMb: number;
  dbMb: number;
  walMb: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** Least-squares slope of `ys` per step. */
function slope(ys: number[]): number {
  const n = ys.length;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

function printRow(r: Row): void {
  console.log(
    [
      String(r.cycle).padStart(5),
      r.simulated.slice(5, 16).replace('T', ' '),
      String(r.items).padStart(7),
      String(r.stories).padStart(7),
      String(r.ingested).padStart(5),
      String(r.deleted).padStart(6),
      r.cpuMs.toFixed(0).padStart(6),
      r.rssMb.toFixed(0).padStart(5),
      r.heapMb.toFixed(0).padStart(5),
      r.liveRssMb.toFixed(0).padStart(8),
      r.liveHeapMb.toFixed(0).padStart(9),
      r.heapTotalMb.toFixed(0).padStart(10),
      r.externalMb.toFixed(0).padStart(8),
      r.dbMb.toFixed(1).padStart(6),
      r.walMb.toFixed(1).padStart(6),
    ].join(' | '),
  );
}

/** The plateau verdict for one column over the last half: slope per hour (one cycle a minute) against 1 % of its mean. */
function plateau(name: string, values: number[]): string {
  const half = values.slice(Math.floor(values.length / 2));
  const mean = half.reduce((a, b) => a + b, 0) / half.length;
  const perHour = slope(half) * 60;
  const share = mean === 0 ? 0 : (perHour / mean) * 100;
  return `${name.padEnd(10)} mean ${mean.toFixed(1)} MB over the last ${half.length} cycles, slope ${perHour >= 0 ? '+' : ''}${perHour.toFixed(2)} MB/h = ${share.toFixed(2)} % of the mean per hour: ${Math.abs(share) <= 1 ? 'plateau' : 'NOT level'}`;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', JSON.stringify(options)], { stdio: 'inherit' });
  const { ports } = await new Promise<{ ports: number[] }>((resolve) => child.once('message', resolve as never));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-soak-'));
  const database = path.join(dir, 'soak.db');
  const config = parseConfig(
    {
      database,
      publicDir: path.join(dir, 'public'),
      dedup: { windowHours: 12 },
      retention: { days: 1 },
      sources: Array.from({ length: options.sources }, (_, i) => ({
        id: `q${i}`,
        url: `http://127.0.0.1:${ports[Math.floor(i / SOURCES_PER_HOST)]}/feed/${i}.xml`,
      })),
    },
    path.join(dir, 'config.json'),
  );
  console.log(
    `${options.sources} sources (${options.window} items per feed, ${options.perPoll} new per poll), ${options.cycles} cycles, ` +
      `${options.stepMinutes} simulated minutes per cycle${options.realTime ? ', one cycle per minute' : ', back to back'}; ` +
      `window 12 h, retention 1 day; Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  if (!global.gc) console.log('(no --expose-gc: the "after GC" columns are read without a GC)');
  console.log(
    'cycle | simulated   |   items | stories |  new | delete | cpu ms |   rss |  heap | rss (GC) | heap (GC) | heap total | external |  db MB | wal MB',
  );
  const store = await openStore(database);
  const context = workerContext(config, store);
  const publisher = new Publisher(config, store);
  const start = Date.parse('2026-03-02T00:00:00Z');
  const rows: Row[] = [];
  try {
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const wallStart = Date.now();
      const now = new Date(start + cycle * options.stepMinutes * 60_000);
      const cpu = process.cpuUsage();
      const report = await pollAndPublish(context, publisher, now, { force: true });
      const used = process.cpuUsage(cpu);
      if (report.error) console.log(`cycle ${cycle}: ${report.error}`);
      const counts = await store.items.countBySource();
      const row: Row = {
        cycle,
        simulated: now.toISOString(),
        items: [...counts.values()].reduce((a, b) => a + b, 0),
        stories: await store.stories.count(),
        ingested: report.sources.reduce((sum, s) => sum + s.newItems, 0),
        deleted: report.retention?.items ?? 0,
        cpuMs: (used.user + used.system) / 1000,
        rssMb: mb(process.memoryUsage.rss()),
        heapMb: mb(process.memoryUsage().heapUsed),
        liveRssMb: 0,
        liveHeapMb: 0,
        heapTotalMb: 0,
        externalMb: 0,
        dbMb: mb(sizeOf(database)),
        walMb: mb(sizeOf(`${database}-wal`)),
      };
      global.gc?.();
      row.liveRssMb = mb(process.memoryUsage.rss());
      const memory = process.memoryUsage();
      row.liveHeapMb = mb(memory.heapUsed);
      row.heapTotalMb = mb(memory.heapTotal);
      row.externalMb = mb(memory.external);
      rows.push(row);
      printRow(row);
      if (options.realTime && cycle < options.cycles) await sleep(Math.max(0, 60_000 - (Date.now() - wallStart)));
    }
  } finally {
    await store.close();
    await closeFetchAgents();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  const columns: [string, (r: Row) => number][] = [
    ['rss (GC)', (r) => r.liveRssMb],
    ['heap (GC)', (r) => r.liveHeapMb],
    ['db file', (r) => r.dbMb],
    ['db + wal', (r) => r.dbMb + r.walMb],
  ];
  for (const [name, value] of columns) console.log(plateau(name, rows.map(value)));
  console.log(
    `load average after: ${os.loadavg()[0]!.toFixed(1)}; process peak RSS (maxRSS) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

if (process.argv[2] === '--serve') {
  await serve(JSON.parse(process.argv[3]!) as Options);
} else {
  await main();
}
