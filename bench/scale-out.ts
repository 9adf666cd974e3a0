// Scale-out benchmark (not a test): one poll cycle of N loopback sources (10 % slow, 10 % failing)
// with 1, 2 and 4 poller processes on PostgreSQL, and with one process on SQLite; then the placer
// over what they stored. A server (`serve`) runs throughout, and /feeds/all.json is fetched every
// 200 ms to see what a reader waits during the cycle and during placement. Then, at sizes up to
// 1,000 sources, the end-to-end check of issue 11 (bench/support/scale-out-check.ts): 3 pollers, 1
// placer and 1 server at once, every condition printed as PASS or FAIL (exit code 1 on a FAIL).
//
//   npm run bench:scale -- [--sources 1000,10000] [--pollers 1,2,4] [--backends postgres,sqlite]
//                          [--place first|all|none] [--check auto|all|none]
//   npm run bench:scale -- --sources 1000 --backends none --check all    (only the end-to-end check)
//
// Reported per run: the cycle (first request the feed server saw to every source fetched once),
// items stored per second over it, the CPU seconds the pollers and the server spent in it; the
// placement (placer start, window rebuild included, to nothing pending) in items per second and
// the placer's CPU seconds; the feed's latency (p50, p99, max) during the cycle and during
// placement; the load average. The placement works on the same data whatever the number of
// pollers, so by default it is timed once per size and backend (`--place all`: after every cycle;
// `none`: never). Processes run from source through tsx, as `feedmerge run --role …` does; every
// feed is on 127.0.0.1 (per-host limit raised to 64).
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { checkEndToEnd } from './support/scale-out-check.js';
import {
  freshDatabase,
  percentile,
  startFeedFarm,
  startRole,
  stopRole,
  writeScaleConfig,
  type FeedFarm,
  type RoleProcess,
} from './support/scale-out-cluster.js';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const SIZES = arg('sources', '1000,10000').split(',').map(Number);
const POLLERS = arg('pollers', '1,2,4').split(',').map(Number);
// `--backends none`: no cycle tables, only the end-to-end check (with `--check all`).
const BACKENDS = (arg('backends', 'postgres,sqlite') === 'none' ? [] : arg('backends', 'postgres,sqlite').split(',')) as (
  'postgres' | 'sqlite'
)[];
const PLACE = arg('place', 'first') as 'first' | 'all' | 'none';
const CHECK = arg('check', 'auto') as 'auto' | 'all' | 'none';
// 10 items a feed; 10 % answer after 2 s, 10 % with HTTP 500.
const SHAPE = { window: 10, perPoll: 10, slowEvery: 10, slowMs: 2_000, failEvery: 10 };

interface Latency {
  p50: number;
  p99: number;
  max: number;
  samples: number;
  errors: number;
}

interface Result {
  backend: string;
  sources: number;
  pollers: number;
  cycleSeconds: number;
  items: number;
  /** Sources that failed other than the 10 % failing on purpose (timeouts of a starved machine). */
  unplannedFailures: number;
  ingestPerSecond: number;
  /** CPU seconds of the pollers, and of the server, during the cycle. */
  pollerCpu: number;
  serverCpu: number;
  placeSeconds: number | null;
  placePerSecond: number | null;
  /** CPU seconds of the placer (start-up and window rebuild included). */
  placerCpu: number | null;
  cycleLatency: Latency;
  placeLatency: Latency | null;
  load: string;
}

interface Sample {
  at: number;
  ms: number | null;
}

/** Fetches the feed every 200 ms until stopped: when each answer came and how long it took (null: an error or not 200). */
function probe(url: string): { stop(): Promise<Sample[]> } {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(url);
        await response.arrayBuffer();
        samples.push({ at: Date.now(), ms: response.ok ? performance.now() - started : null });
      } catch {
        samples.push({ at: Date.now(), ms: null });
      }
      await sleep(200);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

function latency(samples: readonly Sample[], from: number, to: number): Latency {
  const within = samples.filter((s) => s.at >= from && s.at <= to);
  const ok = within.flatMap((s) => (s.ms === null ? [] : [s.ms]));
  return {
    p50: percentile(ok, 0.5),
    p99: percentile(ok, 0.99),
    max: ok.length ? Math.max(...ok) : NaN,
    samples: ok.length,
    errors: within.length - ok.length,
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 once it is gone). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

const loadAverage = () => os.loadavg()[0]!.toFixed(1);

async function run(backend: 'postgres' | 'sqlite', sources: number, pollers: number, place: boolean, farm: FeedFarm): Promise<Result> {
  farm.reset();
  const { database, folder, drop } = await freshDatabase(backend);
  const config = writeScaleConfig(folder, database, farm, sources);
  const processes: RoleProcess[] = [];
  let store: Store | null = null;
  const loadBefore = loadAverage();
  try {
    // The server first (it creates the schema on PostgreSQL; on SQLite it waits for the file).
    if (backend === 'sqlite') await (await openStore(database)).close();
    const server = startRole('serve', ['serve', '--workers', '0', '--config', config]);
    processes.push(server);
    const url = `${(await server.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)\//))[1]}/feeds/all.json`;
    store = await openStore(database);
    const feed = probe(url);
    const started = Date.now();
    const serverCpuBefore = cpuSeconds(server.child.pid);
    const pollerProcesses: RoleProcess[] = [];
    for (let p = 0; p < pollers; p++) pollerProcesses.push(startRole(`poller ${p + 1}`, ['run', '--role', 'poll', '--config', config]));
    processes.push(...pollerProcesses);
    const polled = async () => {
      const states = await store!.sources.all();
      let fetched = 0;
      for (const state of states.values()) if (state.lastFetchAt) fetched++;
      return fetched >= sources;
    };
    await until(polled, 30 * 60_000, 'every source fetched');
    const cycleEnd = Date.now();
    // From the first request the feed server saw (process start-up and migrations are not the cycle).
    const cycleStart = farm.firstRequestAt ?? started;
    const cycleSeconds = (cycleEnd - cycleStart) / 1000;
    const pollerCpu = pollerProcesses.reduce((sum, p) => sum + cpuSeconds(p.child.pid), 0);
    const serverCpu = cpuSeconds(server.child.pid) - serverCpuBefore;
    const items = [...(await store.items.countBySource()).values()].reduce((a, b) => a + b, 0);
    const unplannedFailures = [...(await store.sources.all()).values()].filter(
      (state) => state.consecutiveFailures > 0 && Number(state.sourceId.slice(1)) % SHAPE.failEvery !== 1,
    ).length;
    for (const p of pollerProcesses) await stopRole(p);
    processes.splice(1);

    let placeSeconds: number | null = null;
    let placerCpu: number | null = null;
    const placeStarted = Date.now();
    if (place) {
      const placer = startRole('placer', ['run', '--role', 'place', '--config', config]);
      processes.push(placer);
      await until(async () => (await store!.items.pending(1)).length === 0 && (await store!.stories.count()) > 0, 60 * 60_000, 'placement');
      placeSeconds = (Date.now() - placeStarted) / 1000;
      placerCpu = cpuSeconds(placer.child.pid);
    }
    const samples = await feed.stop();
    return {
      backend,
      sources,
      pollers,
      cycleSeconds,
      items,
      unplannedFailures,
      ingestPerSecond: items / cycleSeconds,
      pollerCpu,
      serverCpu,
      placeSeconds,
      placePerSecond: placeSeconds === null ? null : items / placeSeconds,
      placerCpu,
      cycleLatency: latency(samples, cycleStart, cycleEnd),
      placeLatency: place ? latency(samples, placeStarted, Date.now()) : null,
      load: `${loadBefore}→${loadAverage()}`,
    };
  } finally {
    await store?.close();
    await Promise.all(processes.map(stopRole));
    await drop();
    rmSync(folder, { recursive: true, force: true });
  }
}

const ms = (l: Latency | null) => (l ? `${l.p50.toFixed(0)} / ${l.p99.toFixed(0)} / ${l.max.toFixed(0)} (${l.samples}, ${l.errors})` : '—');

const farm = await startFeedFarm(SHAPE);
console.log(
  `scale-out: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
    `feeds of ${SHAPE.window} items, 10 % slow (${SHAPE.slowMs} ms), 10 % failing; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
console.log(
  'backend  | sources | pollers | load (1 min) | cycle s | items (sources failed unplanned) | items/s stored | CPU s pollers / server | placement s | items/s placed | placer CPU s | ' +
    'all.json p50 / p99 / max ms (n, errors) in the cycle | in placement',
);
let failed = false;
try {
  for (const sources of SIZES) {
    for (const backend of BACKENDS) {
      const counts = backend === 'sqlite' ? [1] : POLLERS;
      for (const [k, pollers] of counts.entries()) {
        const r = await run(backend, sources, pollers, PLACE === 'all' || (PLACE === 'first' && k === 0), farm);
        console.log(
          `${r.backend.padEnd(8)} | ${r.sources} | ${r.pollers} | ${r.load} | ${r.cycleSeconds.toFixed(1)} | ${r.items} (${r.unplannedFailures}) | ${r.ingestPerSecond.toFixed(0)} | ` +
            `${r.pollerCpu.toFixed(1)} / ${r.serverCpu.toFixed(1)} | ${r.placeSeconds?.toFixed(1) ?? '—'} | ${r.placePerSecond?.toFixed(0) ?? '—'} | ` +
            `${r.placerCpu?.toFixed(1) ?? '—'} | ` +
            `${ms(r.cycleLatency)} | ${ms(r.placeLatency)}`,
        );
      }
    }
    if (CHECK === 'all' || (CHECK === 'auto' && sources <= 1000)) {
      const loadBefore = loadAverage();
      const report = await checkEndToEnd(farm, sources);
      console.log(
        `end-to-end, ${sources} sources, 3 pollers + 1 placer + 1 server on PostgreSQL (load ${loadBefore}→${loadAverage()}; ` +
          `SQLite references ${report.seconds.sqliteRuns.toFixed(0)} s, cluster cycle and placement ${report.seconds.cluster.toFixed(0)} s):`,
      );
      for (const c of report.conditions) console.log(`  ${c.passed ? 'PASS' : 'FAIL'} ${c.what}: ${c.detail}`);
      failed ||= report.conditions.some((c) => !c.passed);
    }
  }
} finally {
  await farm.close();
}
if (failed) process.exitCode = 1;
