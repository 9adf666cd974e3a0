// Fault script (not a test): PostgreSQL restarted under load. 2 pollers, 1 placer and 1 server run
// over changing feeds; the cluster is restarted (pg_ctlcluster … restart, as root on Debian); then
// the feeds settle and the script checks that every item served is stored once and placed, and
// counts each process's log lines about the outage (one when it went, one when it came back).
//
//   npm run bench:restart -- [--sources 200] [--cluster 15/main]
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
  await sleep(20_000);
  const restartedAt = Date.now();
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, CLUSTER, 'restart'], { stdio: 'inherit' });
  lines.push(`PostgreSQL restarted in ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`);
  await sleep(30_000);
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
    lines.push(
      `${role.role}: ${alive(role) ? 'running' : 'EXITED'}; "lost the connection" lines: ${count(/lost the connection to PostgreSQL/)}, "reachable again": ${count(/reachable again/)}, lock lost/retaken: ${count(/lost the writer lock/)}/${count(/holding the writer lock/)}`,
    );
  }
} finally {
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
