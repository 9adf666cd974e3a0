// Fault script (not a test): PostgreSQL restarted under load. 2 pollers, 1 placer and 1 server run
// over changing feeds; the cluster is restarted (pg_ctlcluster … restart, as root on Debian); then
// the feeds settle and the script checks that every item served is stored once and placed, and
// counts each process's log lines about the outage (one when it went, one when it came back).
//
//   npm run bench:restart -- [--sources 200] [--cluster 15/main]
//
// It restarts the whole cluster: every other process on that server loses its connections too.
// On a shared machine, run it on a cluster of its own, e.g.
//   pg_createcluster 15 faults --port 5433 (trust auth for 127.0.0.1 in its pg_hba.conf), then
//   FEEDMERGE_BENCH_PG=postgres://postgres@127.0.0.1:5433 npm run bench:restart -- --cluster 15/faults
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  freshDatabase,
  servedAndLost,
  settle,
  sql,
  startFeedFarm,
  startRole,
  stopRole,
  writeScaleConfig,
  type RoleProcess,
} from './support/scale-out-cluster.js';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const SOURCES = Number(arg('sources', '200'));
const [VERSION, CLUSTER] = arg('cluster', '15/main').split('/') as [string, string];

const farm = await startFeedFarm({ window: 10, perPoll: 2, slowEvery: 0, slowMs: 0, failEvery: 0 });
const { database, folder, drop } = await freshDatabase('postgres');
const config = writeScaleConfig(folder, database, farm, SOURCES, 16);
const roles: RoleProcess[] = [
  startRole('poller 1', ['run', '--role', 'poll', '--lease', '10', '--config', config]),
  startRole('poller 2', ['run', '--role', 'poll', '--lease', '10', '--config', config]),
  startRole('placer', ['run', '--role', 'place', '--config', config]),
  startRole('server', ['run', '--role', 'serve', '--workers', '0', '--config', config]),
];
let generation = 1;
let changing = true;
const changes = (async () => {
  while (changing) {
    await sleep(5_000);
    generation++;
    for (let i = 0; i < SOURCES; i++) farm.setGeneration(i, generation);
    await sql(database, 'UPDATE source_state SET next_poll_at = NULL').catch(() => undefined);
  }
})();
const lines: string[] = [];
try {
  await Promise.all(roles.map((r) => r.waitFor(/polling as|placing items in stories|serving http/)));
  // The server's feed is asked for every 250 ms around the restart: does it keep serving?
  const url = /"url":"(http:\/\/[^"]+?)\/"/.exec(roles[3]!.stderr)?.[1];
  const probe = { ok: 0, failed: 0, slowestMs: 0, failures: new Map<string, number>() };
  let probing = true;
  const probes = (async () => {
    while (probing && url) {
      const started = Date.now();
      const outcome = await fetch(`${url}/feeds/all.json`, { signal: AbortSignal.timeout(10_000) }).then(
        (r) => (void r.body?.cancel(), r.ok ? 'ok' : `HTTP ${r.status}`),
        (error: Error) => (error.cause as Error | undefined)?.message ?? error.message,
      );
      if (outcome === 'ok') probe.ok++;
      else {
        probe.failed++;
        probe.failures.set(outcome, (probe.failures.get(outcome) ?? 0) + 1);
      }
      probe.slowestMs = Math.max(probe.slowestMs, Date.now() - started);
      await sleep(250);
    }
  })();
  await sleep(20_000);
  const restartedAt = Date.now();
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, CLUSTER, 'restart'], { stdio: 'inherit' });
  lines.push(`PostgreSQL restarted in ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`);
  await sleep(30_000);
  probing = false;
  await probes;
  lines.push(
    url
      ? `/feeds/all.json from 20 s before to 30 s after the restart: ${probe.ok} answered 200, ${probe.failed} failed ${JSON.stringify(Object.fromEntries(probe.failures))}, slowest ${probe.slowestMs} ms`
      : 'the server logged no URL: not probed',
  );
  changing = false;
  await changes;
  await settle(database, SOURCES, 10 * 60_000, 1_000);
  const stored = await sql(database, 'SELECT source_id, item_key FROM items');
  const { served, lost, keys } = servedAndLost(farm, stored);
  const [unplaced] = await sql(
    database,
    'SELECT count(*)::int AS n FROM items i LEFT JOIN stories s ON s.id = i.story_id WHERE s.id IS NULL',
  );
  lines.push(
    `items served ${served}, stored ${stored.length}, lost ${lost}, duplicated ${stored.length - keys.size}; not in a story: ${unplaced!.n}`,
  );
  for (const role of roles) {
    const count = (pattern: RegExp) => role.stderr.split('\n').filter((l) => pattern.test(l)).length;
    // What the operator reads in its log about the outage.
    const said = role.stderr.split('\n').filter((l) => /PostgreSQL|writer lock|failed/.test(l));
    lines.push(...said.slice(0, 8).map((l) => `  ${role.role} said: ${l.slice(0, 300)}`));
    lines.push(
      `${role.role}: ${alive(role) ? 'running' : 'EXITED'}; "lost the connection" lines: ${count(/lost the connection to PostgreSQL/)}, "reachable again": ${count(/reachable again/)}, lock lost/retaken: ${count(/lost the writer lock/)}/${count(/holding the writer lock/)}`,
    );
  }
} finally {
  // Whatever happened, the cluster is left running.
  const status = execFileSync('pg_lsclusters', ['--no-header', VERSION, CLUSTER], { encoding: 'utf8' });
  if (!/\bonline\b/.test(status)) {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, CLUSTER, 'start'], { stdio: 'inherit' });
    lines.push(`PostgreSQL ${VERSION}/${CLUSTER} was down after the run: started it again`);
  }
  changing = false;
  await changes;
  await Promise.all(roles.map(stopRole));
  await drop().catch(() => undefined);
  await farm.close();
  console.log(`PostgreSQL restart under load: ${SOURCES} sources, 2 pollers, 1 placer, 1 server`);
  for (const line of lines) console.log(line);
}

function alive(p: RoleProcess): boolean {
  return p.child.exitCode === null && p.child.signalCode === null;
}
