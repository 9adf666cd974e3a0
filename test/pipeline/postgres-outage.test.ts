// The connections of running processes cut by the server (pg_terminate_backend on this test's
// database, what a PostgreSQL restart does to them): each role logs that it lost the connection and,
// once it reconnected, that PostgreSQL is reachable again, and goes on working — a feed changed
// after the cut is polled, placed and served. (A real restart of the server is bench:restart's: it
// would cut every other test running on the same server.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { soakFeed } from '../../bench/soak-feeds.js';
import { startCli, writeConfig, type CliProcess } from '../store/cli-process.js';
import { describeBackend, postgresBackend } from '../support/backends.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const SOURCES = 3;
const SHAPE = { window: 3, perPoll: 3 };

describeBackend(postgresBackend, 'roles on PostgreSQL when the server cuts their connections', () => {
  let feeds: FixtureServer;
  let dir: string;
  const generation = new Map<number, number>();
  const processes: CliProcess[] = [];

  beforeAll(async () => {
    feeds = await startFixtureServer();
    for (let i = 0; i < SOURCES; i++) {
      generation.set(i, 1);
      feeds.route(
        `/q${i}.rss`,
        (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(soakFeed(i, generation.get(i)!, SHAPE)),
      );
    }
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-outage-'));
  });
  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await feeds.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Ends every session on `database`'s database but the one asking, as a server restart does. */
  const cutConnections = (database: string) =>
    postgresBackend.sql(
      database,
      'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
  const lines = (p: CliProcess, pattern: RegExp) => p.stderr.split('\n').filter((l) => pattern.test(l)).length;
  const LOST = /lost the connection to PostgreSQL/;
  const BACK = /PostgreSQL at .* is reachable again/;

  it.each([
    [
      'poll, place and serve',
      [
        ['run', '--role', 'poll', '--lease', '30'],
        ['run', '--role', 'place'],
        ['serve', '--workers', '0'],
      ],
    ],
    ['all in one process', [['run', '--role', 'all', '--workers', '0']]],
  ])(
    'roles %s log the outage and its end, and go on',
    async (_name, roles) => {
      const database = await postgresBackend.database();
      const folder = mkdtempSync(path.join(dir, 'roles-'));
      const config = writeConfig(folder, {
        database,
        publicDir: 'public',
        server: { host: '127.0.0.1', port: 0 },
        outputs: [{ id: 'all', limit: 100 }],
        fetch: { perHostConcurrency: SOURCES },
        sources: Array.from({ length: SOURCES }, (_, i) => ({ id: `q${i}`, url: feeds.url(`/q${i}.rss`) })),
      });
      const started = roles.map((args) => startCli(...args, '--config', config));
      processes.push(...started);
      const server = started.at(-1)!;
      await server.waitFor(/"msg":"serving http:\/\/127\.0\.0\.1:\d+\//);
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)\//.exec(server.stderr)![1]!;
      /** The items' links on the served feed. */
      const served = async () =>
        new Set((await (await fetch(`${url}/feeds/all.json`)).text()).match(/quelle\d\.example\/meldung\/\d+/g)).size;
      await expect.poll(served, { timeout: 60_000, interval: 500 }).toBe(SOURCES * SHAPE.window);

      expect((await cutConnections(database))[0]!.n).toBeGreaterThan(0);
      // Each process: one line when the connection went, one when it is back.
      for (const p of started) {
        await expect.poll(() => lines(p, BACK), { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(1);
        expect(lines(p, LOST)).toBeGreaterThanOrEqual(1);
        // A writer (place, all) lost its lock with the connection: it says so and takes it again.
        if (lines(p, /lost the writer lock/)) await p.waitFor('holding the writer lock');
      }

      // And they go on: a feed that changes after the cut is polled, placed and served.
      generation.set(0, generation.get(0)! + 1);
      await postgresBackend.sql(database, "UPDATE source_state SET next_poll_at = NULL WHERE source_id = 'q0'");
      if (roles.length === 1) {
        // `run` polls when a minute begins; a SIGHUP makes it poll what is due now.
        started[0]!.child.kill('SIGHUP');
      }
      await expect.poll(served, { timeout: 90_000, interval: 500 }).toBe(SOURCES * SHAPE.window + SHAPE.perPoll);
      for (const p of started) expect(p.child.exitCode).toBeNull();
    },
    240_000,
  );
});
