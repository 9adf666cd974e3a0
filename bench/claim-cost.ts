// What one claim of due sources (store.sources.claimDue) costs PostgreSQL, by number of sources:
// the CPU time of the store's server processes (read from /proc, the server on this machine) and
// the wall time per claim, in two states of a poller's life:
// - cycle: every source due, claimed 32 at a time until none is left; each claimed batch is then
//   "polled" (lease given back, next poll in an hour) by a separate connection, not counted;
// (The first claim, which writes a row for each source, is counted apart.)
// - idle: nothing due, the poller looks again (what an idle poller does every round).
//
//   npx tsx bench/claim-cost.ts [--sources 10000] [--idle-claims 300]
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openStore } from '../src/store/open-store.js';
import { freshDatabase } from './support/scale-out-cluster.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const SOURCES = arg('sources', 10_000);
const IDLE_CLAIMS = arg('idle-claims', 300);
const BATCH = 32;
const OWNER = 'claim-cost:1';
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

const { database, drop } = await freshDatabase('postgres');
const helper = new pg.Client({ connectionString: database });
await helper.connect();
const helperPid = (await helper.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

/** CPU seconds (user + system) of this database's server processes, the helper's excepted. */
const serverCpu = async (): Promise<number> => {
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

const sources = Array.from({ length: SOURCES }, (_, i) => ({ id: `s${String(i).padStart(5, '0')}`, url: `http://127.0.0.1:1/q${i}.rss` }));
const store = await openStore(database);
const claim = (now: Date) =>
  store.sources.claimDue({
    sources,
    owner: OWNER,
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + 60_000).toISOString(),
    limit: BATCH,
  });
try {
  // The first claim writes a row for each source (and, since the claim-order index, the list).
  const firstCpuStart = await serverCpu();
  const firstStarted = performance.now();
  const first = await claim(new Date());
  const firstWall = performance.now() - firstStarted;
  const firstCpu = (await serverCpu()) - firstCpuStart;
  const later = new Date(Date.now() + 3_600_000).toISOString();
  const polled = (ids: string[]) =>
    helper.query('UPDATE source_state SET lease_owner = NULL, lease_until = NULL, next_poll_at = $2 WHERE source_id = ANY($1)', [
      ids,
      later,
    ]);
  await polled(first);
  const cycleWall: number[] = [];
  const cycleCpuStart = await serverCpu();
  for (;;) {
    const started = performance.now();
    const ids = await claim(new Date());
    cycleWall.push(performance.now() - started);
    if (ids.length === 0) break;
    await polled(ids);
  }
  const cycleCpu = (await serverCpu()) - cycleCpuStart;
  const idleWall: number[] = [];
  const idleCpuStart = await serverCpu();
  for (let i = 0; i < IDLE_CLAIMS; i++) {
    const started = performance.now();
    await claim(new Date());
    idleWall.push(performance.now() - started);
  }
  const idleCpu = (await serverCpu()) - idleCpuStart;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`claim cost at ${SOURCES} sources (batch ${BATCH}; load ${load})`);
  console.log(`first claim: PostgreSQL CPU ${(firstCpu * 1000).toFixed(0)} ms, wall ${firstWall.toFixed(0)} ms`);
  console.log(
    `cycle: ${cycleWall.length} claims, PostgreSQL CPU ${cycleCpu.toFixed(2)} s (${((cycleCpu / cycleWall.length) * 1000).toFixed(2)} ms a claim), ` +
      `wall median ${median(cycleWall).toFixed(2)} ms a claim`,
  );
  console.log(
    `idle: ${idleWall.length} claims, PostgreSQL CPU ${idleCpu.toFixed(2)} s (${((idleCpu / idleWall.length) * 1000).toFixed(2)} ms a claim), ` +
      `wall median ${median(idleWall).toFixed(2)} ms a claim`,
  );
} finally {
  await store.close();
  await helper.end();
  await drop();
}
