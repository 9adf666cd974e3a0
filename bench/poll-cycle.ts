// Benchmark: one poll cycle over 1,000 sources on a local server (10 % answer after 10 s, 10 % fail with
// 500 or a reset, the rest serve ~50 KB gzipped RSS), then the same cycle with every source answering 304.
// The server runs in a child process so that process.cpuUsage() here counts only the poller.
//
//   npm run bench:poll -- [--sources 1000] [--concurrency N] [--per-host N] [--slow-ms 10000] [--only fetch|worker] [--warm-cycles 1] [--order-pairs 0] [--slow-last]
//
// Phases: "fetch" = fetchFeed + the limiter alone (the fetch stage's own cost);
//         "worker" = runPollCycle (fetch + parse + ingest + dedup + state, on a fresh SQLite file);
//         --order-pairs N adds N pairs of worker cycles on fresh files, in config order and longest first.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { parseConfig } from '../src/config/load-config.js';
import { closeFetchAgents, defaultUserAgent, fetchFeed, type FetchOutcome, type FetchSettings } from '../src/fetch/fetch-feed.js';
import { createFetchLimiter } from '../src/fetch/fetch-limiter.js';
import { openStore } from '../src/store/open-store.js';
import { workerContext } from '../src/worker/service.js';
import { runPollCycle, type WorkerContext } from '../src/worker/poll-cycle.js';

const sourcesPerHost = 10;

interface Options {
  sources: number;
  concurrency: number | null;
  perHost: number | null;
  slowMs: number;
  only: 'fetch' | 'worker' | null;
  /** Extra fetch-only passes over the 200s, to see the steady state. */
  warmCycles: number;
  /** Pairs of worker cycles on fresh databases: config order, then longest-expected-first. */
  orderPairs: number;
}

function readOptions(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (name: string) => (value(name) === undefined ? null : Number(value(name)));
  const only = value('only');
  return {
    sources: number('sources') ?? 1000,
    concurrency: number('concurrency'),
    perHost: number('per-host'),
    slowMs: number('slow-ms') ?? 10_000,
    only: only === 'fetch' || only === 'worker' ? only : null,
    warmCycles: number('warm-cycles') ?? 1,
    orderPairs: number('order-pairs') ?? 0,
  };
}

// ---------------------------------------------------------------- the feed server (child process)

// --slow-last: each host's slow source is the last of its ten in the config, not the first (the start
// order then decides when the slow ones begin). Read here so that the feed server (a child) sees it too.
const slowLast = process.argv.includes('--slow-last');

/** Which behaviour source i gets: one slow and one failing source on every host of ten. */
function behaviour(i: number): 'slow' | 'error-500' | 'reset' | 'ok' {
  if (i % 10 === (slowLast ? 9 : 0)) return 'slow';
  if (i % 10 === 1) return Math.floor(i / 10) % 2 === 0 ? 'error-500' : 'reset';
  return 'ok';
}

// ~6,000 pseudo-German words from syllables: a real newsroom's vocabulary, so that unrelated headlines share
// few words and the dedup stage sees a realistic (small) number of candidates, not a 45-word word salad.
const syllables =
  'be ge ver ent zer an auf aus ein ab bahn haus halt streik wahl rat markt preis land stadt recht zins lohn wert kraft werk'.split(' ');
const endings = 'en er ung heit keit lich isch ig e el'.split(' ');
const words = syllables.flatMap((a) => syllables.flatMap((b) => endings.map((c) => `${a[0]!.toUpperCase()}${a.slice(1)}${b}${c}`)));

/** A deterministic ~50 KB RSS 2.0 document, different for every source. */
function feedBody(i: number): string {
  let seed = (i + 1) * 2654435761;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % words.length;
  const sentence = (n: number) => Array.from({ length: n }, () => words[next()]).join(' ');
  const items: string[] = [];
  for (let k = 0; k < 32; k++) {
    const published = new Date(Date.UTC(2026, 10, 26, 5, 0) - (k * 37 + i) * 60_000).toUTCString();
    items.push(
      `<item><title>${sentence(9)}</title><link>https://news${Math.floor(i / sourcesPerHost)}.example/artikel/${i}/${k}</link>` +
        `<guid isPermaLink="false">src-${i}-item-${k}</guid><pubDate>${published}</pubDate>` +
        `<description>${sentence(110)}</description></item>`,
    );
  }
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>' +
    `<title>Quelle ${i}</title><link>https://news${i}.example/</link><description>Benchmark feed ${i}</description><language>de</language>` +
    `${items.join('\n')}</channel></rss>`
  );
}

async function serve(total: number, slowMs: number): Promise<void> {
  const bodies = Array.from({ length: total }, (_, i) =>
    behaviour(i) === 'ok' || behaviour(i) === 'slow' ? zlib.gzipSync(feedBody(i)) : null,
  );
  const plainSize = Buffer.byteLength(feedBody(2));
  let mode: 'normal' | 'not-modified' = 'normal';
  const stats = { connections: 0, requests: 0 };
  process.on('message', (message) => {
    if (message === 'not-modified') mode = 'not-modified';
    // Reports and resets the counters: how many TCP connections the poller opened shows whether keep-alive works.
    process.send!({ ...stats });
    stats.connections = 0;
    stats.requests = 0;
  });
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    stats.requests++;
    const match = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
    const i = match ? Number(match[1]) : -1;
    const body = bodies[i];
    if (i < 0 || i >= total) return void res.writeHead(404).end();
    const etag = `"s${i}-v1"`;
    if (mode === 'not-modified') return void res.writeHead(304, { etag }).end();
    const send = () => {
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-encoding': 'gzip', etag }).end(body);
    };
    switch (behaviour(i)) {
      case 'slow': {
        const timer = setTimeout(send, slowMs);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'error-500':
        return void res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
      case 'reset':
        return void req.socket.destroy();
      case 'ok':
        return send();
    }
  };
  const ports: number[] = [];
  for (let host = 0; host < Math.ceil(total / sourcesPerHost); host++) {
    const server = http.createServer(handler);
    server.on('connection', () => stats.connections++);
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push((server.address() as AddressInfo).port);
  }
  process.send!({ ports, plainSize, gzippedSize: bodies[2]!.length });
}

// ---------------------------------------------------------------- the poller (this process)

interface Phase {
  name: string;
  wallMs: number;
  cpuMs: number;
  /** cpuMs minus what the idle process burns in the same wall time. */
  netCpuMs: number;
  fetched: number;
  notModified: number;
  failed: number;
  peakRssMb: number;
  connections: number;
  requests: number;
}

/** CPU the process burns while doing nothing (tsx's loader thread, V8 housekeeping), per ms of wall time. */
async function idleCpuPerMs(): Promise<number> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / (performance.now() - start);
}

let idleRate = 0;

async function measure(
  name: string,
  run: () => Promise<{ fetched: number; notModified: number; failed: number }>,
  serverStats: () => Promise<{ connections: number; requests: number }>,
): Promise<Phase> {
  await serverStats();
  global.gc?.();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const counts = await run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const cpuMs = (used.user + used.system) / 1000;
  const phase = {
    name,
    wallMs,
    cpuMs,
    netCpuMs: Math.max(0, cpuMs - idleRate * wallMs),
    ...counts,
    peakRssMb: peak / 1024 / 1024,
    ...(await serverStats()),
  };
  console.log(
    `${name.padEnd(34)} wall ${(wallMs / 1000).toFixed(1).padStart(5)} s  cpu ${(phase.cpuMs / 1000).toFixed(2).padStart(5)} s  ` +
      `cpu/fetched ${phase.fetched ? (phase.cpuMs / phase.fetched).toFixed(2) : '-'} ms (net of idle ${phase.fetched ? (phase.netCpuMs / phase.fetched).toFixed(2) : '-'})  ` +
      `cpu/request ${(phase.cpuMs / (phase.fetched + phase.notModified + phase.failed)).toFixed(2)} ms  fetched ${phase.fetched}  304 ${phase.notModified}  ` +
      `failed ${phase.failed}  peak rss ${phase.peakRssMb.toFixed(0)} MB  connections ${phase.connections} for ${phase.requests} requests`,
  );
  return phase;
}

/**
 * Wraps the context's limiter to note when each poll started and ended (ms from the cycle's start), so a run
 * shows what the cycle's wall time is made of: when the last slow source started, when the last poll ended,
 * and the rest (placement) after it.
 */
function recordTimeline(context: WorkerContext) {
  const inner = context.limiter;
  const cycleStart = performance.now();
  const cycleCpu = process.cpuUsage();
  let cpuAtLastEnd = { user: 0, system: 0 };
  const polls: { url: string; startMs: number; endMs: number }[] = [];
  context.limiter = {
    run: (url, task) =>
      inner.run(url, async () => {
        const poll = { url, startMs: performance.now() - cycleStart, endMs: 0 };
        polls.push(poll);
        try {
          return await task();
        } finally {
          poll.endMs = performance.now() - cycleStart;
          cpuAtLastEnd = process.cpuUsage(cycleCpu);
        }
      }),
    get active() {
      return inner.active;
    },
    get pending() {
      return inner.pending;
    },
  };
  return {
    print(isSlow: (url: string) => boolean) {
      context.limiter = inner;
      const cpuAfter = (total: NodeJS.CpuUsage) => (total.user + total.system - cpuAtLastEnd.user - cpuAtLastEnd.system) / 1000;
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      const slow = polls.filter((p) => isSlow(p.url)).sort((a, b) => a.startMs - b.startMs);
      const fast = polls.filter((p) => !isSlow(p.url));
      const lastEnd = Math.max(...polls.map((p) => p.endMs));
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      console.log(
        `  timeline: slow polls started ${s(slow[0]?.startMs ?? 0)}…${s(slow.at(-1)?.startMs ?? 0)} ` +
          `(10th/50th/90th: ${[0.1, 0.5, 0.9].map((q) => s(slow[Math.floor(q * (slow.length - 1))]?.startMs ?? 0)).join(' / ')}); ` +
          `last slow poll ended ${s(Math.max(...slow.map((p) => p.endMs)))}; last fast poll ended ${s(Math.max(...fast.map((p) => p.endMs)))}; ` +
          `polls' median duration slow ${s(median(slow.map((p) => p.endMs - p.startMs)))}, fast ${s(median(fast.map((p) => p.endMs - p.startMs)))}; ` +
          `after the last poll (placement): ${s(performance.now() - cycleStart - lastEnd)}; ` +
          `CPU until the last poll ended ${s((cpuAtLastEnd.user + cpuAtLastEnd.system) / 1000)}, after it ${s(cpuAfter(process.cpuUsage(cycleCpu)))}`,
      );
    },
  };
}

function tally(kinds: string[]) {
  return {
    fetched: kinds.filter((k) => k === 'fetched' || k === 'ingested' || k === 'unchanged').length,
    notModified: kinds.filter((k) => k === 'not-modified').length,
    failed: kinds.filter((k) => k === 'failed' || k === 'retry-later' || k === 'gone').length,
  };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const child: ChildProcess = fork(
    fileURLToPath(import.meta.url),
    ['--serve', String(options.sources), String(options.slowMs), ...(slowLast ? ['--slow-last'] : [])],
    {
      stdio: 'inherit',
      // Profile flags (node --cpu-prof) are for the poller, not the feed server.
      execArgv: process.execArgv.filter((arg) => !arg.startsWith('--cpu-prof')),
    },
  );
  const ask = (message: string) =>
    new Promise<{ connections: number; requests: number }>((resolve) => (child.send(message), child.once('message', resolve as never)));
  const ready = await new Promise<{ ports: number[]; plainSize: number; gzippedSize: number }>((resolve) =>
    child.once('message', resolve as never),
  );
  const urls = Array.from(
    { length: options.sources },
    (_, i) => `http://127.0.0.1:${ready.ports[Math.floor(i / sourcesPerHost)]}/feed/${i}.xml`,
  );

  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-bench-'));
  const config = parseConfig(
    {
      database: path.join(dir, 'bench.db'),
      publicDir: path.join(dir, 'public'),
      fetch: {
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.perHost ? { perHostConcurrency: options.perHost } : {}),
      },
      sources: urls.map((url, i) => ({ id: `s${i}`, url })),
    },
    path.join(dir, 'config.json'),
  );
  const f = config.fetch;
  const settings: FetchSettings = {
    timeoutMs: f.timeoutSeconds * 1000,
    connectTimeoutMs: f.connectTimeoutSeconds * 1000,
    maxBodyBytes: f.maxBodyBytes,
    maxRedirects: f.maxRedirects,
    userAgent: f.userAgent ?? defaultUserAgent,
    // The benchmark's hosts are loopback servers (the SSRF guard refuses loopback unless allowed).
    privateNetworks: { allowPrivateNetworks: true, operatorNamedHosts: [] },
  };
  console.log(
    `${options.sources} sources on ${ready.ports.length} hosts; ok bodies ${(ready.plainSize / 1024).toFixed(0)} KB ` +
      `(${(ready.gzippedSize / 1024).toFixed(0)} KB gzipped); concurrency ${f.concurrency}, per host ${f.perHostConcurrency}; ` +
      `slow sources answer after ${options.slowMs / 1000} s; Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );

  const fetchOnly = async (etags: Map<string, string | null>) => {
    const limiter = createFetchLimiter({ concurrency: f.concurrency, perHostConcurrency: f.perHostConcurrency });
    const outcomes = await Promise.all(
      urls.map((url) => limiter.run(url, () => fetchFeed({ url, etag: etags.get(url) ?? null, lastModified: null }, settings, new Date()))),
    );
    outcomes.forEach((o: FetchOutcome, i) => etags.set(urls[i]!, o.kind === 'fetched' || o.kind === 'not-modified' ? o.etag : null));
    return tally(outcomes.map((o) => o.kind));
  };

  idleRate = await idleCpuPerMs();
  console.log(`idle baseline: ${(idleRate * 1000).toFixed(1)} ms CPU per s of wall time`);
  const stats = () => ask('stats');
  const phases: Phase[] = [];
  const etags = new Map<string, string | null>();
  const store = await openStore(config.database);
  const context = workerContext(config, store);
  const worker = async () => {
    const timeline = recordTimeline(context);
    const report = await runPollCycle(context, new Date(), { force: true });
    timeline.print((url) => behaviour(urls.indexOf(url)) === 'slow');
    return tally(report.sources.map((s) => s.status));
  };
  try {
    if (options.only !== 'worker') {
      phases.push(await measure('fetch only, 200s (cold process)', () => fetchOnly(etags), stats));
      // The service runs for days: later passes show the steady-state cost once V8 has optimised the path.
      for (let pass = 1; pass <= options.warmCycles; pass++) {
        phases.push(await measure(`fetch only, 200s (warm pass ${pass})`, () => fetchOnly(new Map()), stats));
      }
    }
    if (options.only !== 'fetch') phases.push(await measure('worker cycle, 200s (fresh db)', worker, stats));
    // A/B of the start order (poll-order.ts): each cycle on a fresh db (so every feed is new again), once in
    // config order (no durations known, as after a restart), once with the first cycle's durations.
    for (let pair = 1; pair <= options.orderPairs; pair++) {
      for (const known of [false, true]) {
        const database = path.join(dir, `order-${pair}-${known}.db`);
        const freshStore = await openStore(database);
        const fresh = workerContext({ ...config, database }, freshStore);
        fresh.pollDurations = known ? new Map(context.pollDurations) : new Map();
        const cycle = async () => {
          const timeline = recordTimeline(fresh);
          const report = await runPollCycle(fresh, new Date(), { force: true });
          timeline.print((url) => behaviour(urls.indexOf(url)) === 'slow');
          return tally(report.sources.map((s) => s.status));
        };
        phases.push(await measure(`worker cycle, 200s, ${known ? 'longest first' : 'config order'} (${pair})`, cycle, stats));
        await fresh.parsePool?.close();
        await freshStore.close();
      }
    }
    await ask('not-modified');
    if (options.only !== 'fetch') phases.push(await measure('worker cycle, all 304', worker, stats));
    if (options.only !== 'worker') phases.push(await measure('fetch only, all 304', () => fetchOnly(etags), stats));
  } finally {
    await store.close();
    await closeFetchAgents();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`load average after: ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(`process peak RSS (maxRSS) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  console.log(JSON.stringify({ options, phases }));
}

if (process.argv[2] === '--serve') {
  await serve(Number(process.argv[3]), Number(process.argv[4]));
} else {
  await main();
}
