// Scale-out benchmark (not a test): one poll cycle of N loopback sources (10 % slow, 10 % failing)
// with 1, 2 and 4 poller processes on PostgreSQL, and with one process on SQLite; then the placer
// over what they stored. A server (`serve`) runs throughout, and /feeds/all.json is fetched every
// 200 ms to see what a reader waits during the cycle.
//
//   npm run bench:scale -- [--sources 1000,10000] [--pollers 1,2,4] [--backends postgres,sqlite]
//
// Reported per run: the cycle (first fetch to every source fetched once), items stored per second
// over it, the placement (placer start to nothing pending) in items per second, and the feed's
// latency (p50, p95, max) during the cycle and placement. Processes run from source through tsx,
// as `feedmerge run --role …` does; every feed is on 127.0.0.1 (per-host limit raised to 64).
import { rmSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
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
const BACKENDS = arg('backends', 'postgres,sqlite').split(',') as ('postgres' | 'sqlite')[];
// 10 items a feed; 10 % answer after 2 s, 10 % with HTTP 500.
const SHAPE = { window: 10, perPoll: 10, slowEvery: 10, slowMs: 2_000, failEvery: 10 };

interface Result {
  backend: string;
  sources: number;
  pollers: number;
  cycleSeconds: number;
  items: number;
  ingestPerSecond: number;
  placeSeconds: number;
  placePerSecond: number;
  latencyMs: { p50: number; p95: number; max: number; samples: number; errors: number };
}

/** Fetches the feed every 200 ms until stopped; the latencies of the answers (errors counted apart). */
function probe(url: string): { stop(): Promise<{ latencies: number[]; errors: number }> } {
  const latencies: number[] = [];
  let errors = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(url);
        await response.arrayBuffer();
        if (response.ok) latencies.push(performance.now() - started);
        else errors++;
      } catch {
        errors++;
      }
      await sleep(200);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { latencies, errors };
    },
  };
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

async function run(backend: 'postgres' | 'sqlite', sources: number, pollers: number, farm: FeedFarm): Promise<Result> {
  farm.reset();
  const { database, folder, drop } = await freshDatabase(backend);
  const config = writeScaleConfig(folder, database, farm, sources);
  const processes: RoleProcess[] = [];
  let store: Store | null = null;
  try {
    // The server first (it creates the schema on PostgreSQL; on SQLite it waits for the file).
    if (backend === 'sqlite') await (await openStore(database)).close();
    const server = startRole('serve', ['serve', '--workers', '0', '--config', config]);
    processes.push(server);
    const url = `${(await server.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)\//))[1]}/feeds/all.json`;
    store = await openStore(database);
    const feed = probe(url);
    const started = Date.now();
    for (let p = 0; p < pollers; p++) processes.push(startRole(`poller ${p + 1}`, ['run', '--role', 'poll', '--config', config]));
    const polled = async () => {
      const states = await store!.sources.all();
      let fetched = 0;
      for (const state of states.values()) if (state.lastFetchAt) fetched++;
      return fetched >= sources;
    };
    await until(polled, 30 * 60_000, 'every source fetched');
    const firstFetch = Math.min(...([...farm.requests.keys()].length ? [started] : [started]));
    const cycleSeconds = (Date.now() - firstFetch) / 1000;
    const items = [...(await store.items.countBySource()).values()].reduce((a, b) => a + b, 0);
    for (const p of processes.slice(1)) await stopRole(p);
    processes.splice(1);

    const placeStarted = Date.now();
    processes.push(startRole('placer', ['run', '--role', 'place', '--config', config]));
    await until(async () => (await store!.items.pending(1)).length === 0 && (await store!.stories.count()) > 0, 30 * 60_000, 'placement');
    const placeSeconds = (Date.now() - placeStarted) / 1000;
    const { latencies, errors } = await feed.stop();
    return {
      backend,
      sources,
      pollers,
      cycleSeconds,
      items,
      ingestPerSecond: items / cycleSeconds,
      placeSeconds,
      placePerSecond: items / placeSeconds,
      latencyMs: {
        p50: percentile(latencies, 0.5),
        p95: percentile(latencies, 0.95),
        max: Math.max(...latencies),
        samples: latencies.length,
        errors,
      },
    };
  } finally {
    await store?.close();
    await Promise.all(processes.map(stopRole));
    await drop();
    rmSync(folder, { recursive: true, force: true });
  }
}

const farm = await startFeedFarm(SHAPE);
console.log(
  `scale-out: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
    `feeds of ${SHAPE.window} items, 10 % slow (${SHAPE.slowMs} ms), 10 % failing`,
);
console.log(
  'backend  | sources | pollers | cycle s | items | items/s stored | placement s | items/s placed | all.json p50 / p95 / max ms (n, errors)',
);
try {
  for (const sources of SIZES) {
    for (const backend of BACKENDS) {
      for (const pollers of backend === 'sqlite' ? [1] : POLLERS) {
        const r = await run(backend, sources, pollers, farm);
        console.log(
          `${r.backend.padEnd(8)} | ${r.sources} | ${r.pollers} | ${r.cycleSeconds.toFixed(1)} | ${r.items} | ${r.ingestPerSecond.toFixed(0)} | ` +
            `${r.placeSeconds.toFixed(1)} | ${r.placePerSecond.toFixed(0)} | ${r.latencyMs.p50.toFixed(0)} / ${r.latencyMs.p95.toFixed(0)} / ${r.latencyMs.max.toFixed(0)} (${r.latencyMs.samples}, ${r.latencyMs.errors})`,
        );
      }
    }
  }
} finally {
  await farm.close();
}
