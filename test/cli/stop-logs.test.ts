// SIGTERM to `run` mid-cycle, through the real CLI: the stop names the sources it still waits for
// (once), and says when it is done. Before, it logged "finishing the cycle in flight" and then nothing
// for as long as the slowest feed took (up to fetch.timeoutSeconds). `run --role poll` names them the
// same way (one code path, worker/work-in-flight.ts), and `run --role place` names the placement it
// waits for; before, both said nothing. A poller's claim on its way at the signal is named when it comes back
// (before, its sources were polled unnamed).
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { startCli, writeConfig, type CliProcess } from '../store/cli-process.js';
import { describeBackend, postgresBackend } from '../support/backends.js';
import { feedItem } from '../support/feed-item.js';

type LogRecord = { [key: string]: unknown };

/** The log records of a finished CLI process. */
function recordsOf(cli: CliProcess): LogRecord[] {
  return cli.stderr
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogRecord);
}

describe.each([
  ['run', ['--workers', '0']],
  ['run --role poll', ['--role', 'poll']],
])('`%s`', (_name, roleArgs) => {
  it('names the sources still polling once, then logs that it stopped', { timeout: 120_000 }, async () => {
    // A feed on 127.0.0.1 that answers only when the test lets it: the cycle cannot end before.
    let answer: () => void = () => {};
    const held = new Promise<void>((resolve) => (answer = resolve));
    const feed = readFileSync('test/fixtures/fetch/local-file-source.xml');
    const server = createServer((_request, response) => {
      void held.then(() => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = writeConfig(mkdtempSync(path.join(tmpdir(), 'feedmerge-stop-')), {
      database: 'feedmerge.db',
      server: { port: 0 },
      sources: [
        { id: 'slow', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml` },
        { id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') },
      ],
    });
    const cli = startCli('run', ...roleArgs, '--config', config);
    try {
      await cli.waitFor(/"source":"local".*"msg":"source polled"/);
      cli.child.kill('SIGTERM');
      await cli.waitFor('still polling');
      answer();
      expect(await cli.exited).toBe(0);
      const records = recordsOf(cli);
      const messages = records.map((r) => r['msg']);
      const waiting = records.filter((r) => String(r['msg']).includes('still polling'));
      expect(waiting).toEqual([
        expect.objectContaining({
          level: 'info',
          msg: 'stopping: waiting for 1 source still polling',
          sources: 'slow',
          timeoutSeconds: 30,
        }),
      ]);
      // In this order: the signal, whom it waits for, the slow source's poll stored, the end.
      const at = (msg: string) => messages.findIndex((m) => String(m).startsWith(msg));
      expect(at('stopping: finishing the cycle in flight')).toBeLessThan(at('stopping: waiting for'));
      expect(records.findIndex((r) => r['msg'] === 'source polled' && r['source'] === 'slow')).toBeGreaterThan(at('stopping: waiting for'));
      expect(messages.at(-1)).toBe('stopped: the cycle in flight finished, the database is closed');
    } finally {
      answer();
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describeBackend(postgresBackend, '`run --role place` stopping', () => {
  it('names the placement it waits for once, then logs that it stopped', { timeout: 120_000 }, async () => {
    const database = await postgresBackend.database();
    const config = writeConfig(mkdtempSync(path.join(tmpdir(), 'feedmerge-stop-place-')), {
      database,
      publicDir: 'public',
      sources: [{ id: 's0', url: 'https://s0.example/feed.xml' }],
    });
    const placer = startCli('run', '--role', 'place', '--config', config);
    const store = await openStore(database);
    // A row lock on a pending item, held by the test: the placer's placement waits for it.
    const holder = new pg.Client({ connectionString: database });
    await holder.connect();
    let held = false;
    try {
      await placer.waitFor('placing items in stories');
      const items = [0, 1].map((k) => feedItem({ key: `s0-${k}`, title: `Meldung ${k}`, url: `https://s0.example/${k}` }));
      const { newItemIds } = await store.transaction((s) => s.items.ingest('s0', 'de', items, new Date().toISOString()));
      await holder.query('BEGIN');
      held = true;
      await holder.query('SELECT id FROM items WHERE id = $1 FOR UPDATE', [newItemIds[0]]);
      // The placer is in its placement once one of its statements waits for that lock.
      const waitingForLock = async () =>
        (
          await holder.query<{ n: number }>(
            "SELECT count(*)::integer AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
          )
        ).rows[0]!.n;
      await expect.poll(waitingForLock, { timeout: 60_000, interval: 200 }).toBeGreaterThan(0);
      placer.child.kill('SIGTERM');
      await placer.waitFor('stopping: waiting for');
      await holder.query('ROLLBACK');
      held = false;
      expect(await placer.exited).toBe(0);
      const records = recordsOf(placer);
      const messages = records.map((r) => r['msg']);
      expect(records.filter((r) => String(r['msg']).startsWith('stopping: waiting for'))).toEqual([
        expect.objectContaining({ level: 'info', msg: 'stopping: waiting for 2 items being placed', items: 2 }),
      ]);
      // In this order: the signal, what it waits for, the placement done, the end.
      const at = (msg: string) => messages.findIndex((m) => String(m).startsWith(msg));
      expect(at('stopping: finishing the cycle in flight')).toBeLessThan(at('stopping: waiting for'));
      expect(at('placed')).toBeGreaterThan(at('stopping: waiting for'));
      expect(messages.at(-1)).toBe('stopped: the cycle in flight finished, the database is closed');
    } finally {
      if (held) await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
      if (placer.child.exitCode === null) placer.child.kill('SIGKILL');
      await placer.exited;
      await store.close();
    }
  });
});

describeBackend(postgresBackend, '`run --role poll` stopping during a claim', () => {
  it('names the sources of a claim that comes back after the signal', { timeout: 120_000 }, async () => {
    const database = await postgresBackend.database();
    const config = writeConfig(mkdtempSync(path.join(tmpdir(), 'feedmerge-stop-claim-')), {
      database,
      sources: [{ id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') }],
    });
    const poller = startCli('run', '--role', 'poll', '--config', config);
    // A lock on source_state, held by the test, that the poller's next claim waits for; in the same transaction the
    // source is made due again, so that the claim, once let through, takes it.
    const holder = new pg.Client({ connectionString: database });
    await holder.connect();
    let held = false;
    try {
      await poller.waitFor(/"source":"local".*"msg":"source polled"/);
      await holder.query('BEGIN');
      held = true;
      await holder.query('LOCK TABLE source_state IN EXCLUSIVE MODE');
      await holder.query("UPDATE source_state SET next_poll_at = '2000-01-01T00:00:00.000Z' WHERE source_id = 'local'");
      // The claim (its text begins so; pg_stat_activity keeps only its first kilobyte) waits for the lock. Asked on
      // a connection of its own: in the holder's transaction, pg_stat_activity stays as its first read saw it.
      const claimWaiting = async () =>
        (
          await postgresBackend.sql(
            database,
            `SELECT count(*)::integer AS n FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND datname = current_database() AND query LIKE 'WITH list AS (SELECT fingerprint%'`,
          )
        )[0]!['n'];
      await expect.poll(claimWaiting, { timeout: 60_000, interval: 200 }).toBeGreaterThan(0);
      poller.child.kill('SIGTERM');
      await poller.waitFor('stopping: finishing the cycle in flight');
      await holder.query('COMMIT');
      held = false;
      expect(await poller.exited).toBe(0);
      const records = recordsOf(poller);
      const messages = records.map((r) => r['msg']);
      // Before, nothing was in flight at the signal, so there was no record, and `local` was polled unnamed.
      expect(records.filter((r) => String(r['msg']).startsWith('stopping: waiting for'))).toEqual([
        expect.objectContaining({
          level: 'info',
          msg: 'stopping: waiting for 1 source still polling',
          sources: 'local',
          timeoutSeconds: 30,
        }),
      ]);
      // In this order: the signal, the claimed source named, its poll stored, the end.
      const at = (msg: string) => messages.findIndex((m) => String(m).startsWith(msg));
      expect(at('stopping: finishing the cycle in flight')).toBeLessThan(at('stopping: waiting for'));
      const polledAt = records.flatMap((r, i) => (r['msg'] === 'source polled' && r['source'] === 'local' ? [i] : []));
      expect(polledAt).toHaveLength(2);
      expect(polledAt[1]).toBeGreaterThan(at('stopping: waiting for'));
      expect(messages.at(-1)).toBe('stopped: the cycle in flight finished, the database is closed');
    } finally {
      if (held) await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
      if (poller.child.exitCode === null) poller.child.kill('SIGKILL');
      await poller.exited;
    }
  });
});
