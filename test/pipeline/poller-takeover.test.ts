// A poller killed with SIGKILL in the middle of its polls, on PostgreSQL, through the real command
// line: another poller, running beside it, fetches the sources the dead one had leased long before
// their leases (60 s) run out, because the dead poller's liveness lock went with its session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { soakFeed } from '../../bench/soak-feeds.js';
import { startCli, writeConfig, type CliProcess } from '../store/cli-process.js';
import { describeBackend, postgresBackend } from '../support/backends.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const SOURCES = 4;
const LEASE_SECONDS = 60;

describeBackend(postgresBackend, 'poller takeover on PostgreSQL', () => {
  let feeds: FixtureServer;
  let dir: string;
  /** While true, feed requests get no answer: the first poller is caught mid-poll. */
  let holding = true;
  const processes: CliProcess[] = [];

  beforeAll(async () => {
    feeds = await startFixtureServer();
    for (let i = 0; i < SOURCES; i++) {
      feeds.route(`/q${i}.rss`, (_req, res) => {
        if (holding) return; // never answered; the socket is destroyed when the server closes
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(soakFeed(i, 1, { window: 3, perPoll: 3 }));
      });
    }
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-takeover-'));
  });
  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await feeds.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fetches a killed poller's leased sources well before the lease runs out", async () => {
    const database = await postgresBackend.database();
    const config = writeConfig(dir, {
      database,
      publicDir: 'public',
      outputs: [{ id: 'all', limit: 100 }],
      // Every feed is on 127.0.0.1: without a higher per-host limit the poller would fetch two at a time.
      fetch: { timeoutSeconds: 300, perHostConcurrency: SOURCES },
      sources: Array.from({ length: SOURCES }, (_, i) => ({ id: `q${i}`, url: feeds.url(`/q${i}.rss`) })),
    });
    const poll = () => startCli('run', '--role', 'poll', '--lease', String(LEASE_SECONDS), '--config', config);
    const doomed = poll();
    processes.push(doomed);
    // The doomed poller has claimed every source and is waiting for their feeds.
    await expect.poll(() => new Set(feeds.requests.map((r) => r.path)).size, { timeout: 60_000, interval: 200 }).toBe(SOURCES);
    const leases = await postgresBackend.sql(database, 'SELECT lease_owner, lease_until FROM source_state ORDER BY source_id');
    expect(leases).toHaveLength(SOURCES);
    expect(new Set(leases.map((l) => l.lease_owner)).size).toBe(1);
    expect(String(leases[0]!.lease_owner)).toContain(`:${doomed.child.pid}:`);
    const leaseEnd = Math.min(...leases.map((l) => Date.parse(String(l.lease_until))));

    // A second poller runs beside it and finds nothing to claim while the first is alive.
    const survivor = poll();
    processes.push(survivor);
    await survivor.waitFor('polling as');
    const killedAt = new Date();
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    holding = false;

    // Every source fetched again (by the survivor) after the kill, before the dead poller's leases end.
    await expect
      .poll(
        async () =>
          (
            await postgresBackend.sql(database, 'SELECT count(*)::int AS n FROM source_state WHERE last_fetch_at > $1', [
              killedAt.toISOString(),
            ])
          )[0]!.n,
        { timeout: leaseEnd - Date.now() + 30_000, interval: 250 },
      )
      .toBe(SOURCES);
    expect(Date.now()).toBeLessThan(leaseEnd);
    const items = await postgresBackend.sql(database, 'SELECT count(*)::int AS n FROM items');
    expect(items[0]!.n).toBe(SOURCES * 3);
  }, 180_000);
});
