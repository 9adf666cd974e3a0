// Several processes on one SQLite file, with the real command line in child processes: one writer at
// a time (a second `poll --once` waits for the first, then polls), a `poll --once` beside `run`
// exits 4 at once naming it, readers never wait, and a holder killed with SIGKILL is taken over at
// once. A lock never becomes a source's failure.
import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { runCli, startCli, writeConfig } from './cli-process.js';

const rss = (name: string, count: number) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${name}</title><link>https://${name}.example/</link><description>d</description>
${Array.from({ length: count }, (_, i) => `<item><title>${name} Meldung ${i}</title><link>https://${name}.example/${i}</link><guid>${name}-${i}</guid></item>`).join('\n')}
</channel></rss>`;

/** A feed route that holds its answer while `held` is true: a poll "in flight" for as long as the test wants. */
function holdableFeed(body: string) {
  let held = true;
  const waiting: ServerResponse[] = [];
  let requested: () => void = () => {};
  const firstRequest = new Promise<void>((resolve) => (requested = resolve));
  const send = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
  return {
    firstRequest,
    route: (_req: unknown, res: ServerResponse) => {
      requested();
      if (held) waiting.push(res);
      else send(res);
    },
    release() {
      held = false;
      for (const res of waiting.splice(0)) if (!res.destroyed) send(res);
    },
  };
}

interface SourceRow {
  id: string;
  consecutiveFailures: number;
  lastError: string | null;
  items: number;
  notStored: unknown;
}

describe('one writer per database', () => {
  let dir: string;
  let server: FixtureServer;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-writer-'));
    server = await startFixtureServer();
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const configFor = (extra: object = {}) =>
    writeConfig(dir, {
      database: 'f.db',
      publicDir: 'public',
      server: { port: 0 },
      sources: [
        { id: 'a', url: server.url('/a.rss') },
        { id: 'b', url: server.url('/b.rss') },
      ],
      ...extra,
    });

  it('makes a second poll --once wait for the first, then poll, with no source failing', { timeout: 120_000 }, async () => {
    const feedA = holdableFeed(rss('a', 5));
    server.route('/a.rss', feedA.route);
    server.route('/b.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('b', 3)));
    const config = configFor();

    const first = startCli('poll', '--once', '--config', config);
    await feedA.firstRequest; // the first poll holds the lock and is fetching
    const second = startCli('poll', '--once', '--all', '--wait', '60', '--config', config);
    await second.waitFor(`waiting up to 60 s for pid ${first.child.pid} (poll --once on host`);
    // Waiting, not polling beside the first: its fetches have not started.
    expect(server.requests.filter((r) => r.path === '/b.rss')).toHaveLength(1);
    // A reader does not wait for the writer.
    expect((await runCli('sources', '--config', config)).code).toBe(0);

    feedA.release();
    expect(await first.exited).toBe(0);
    expect(await second.exited).toBe(0);
    expect(first.stdout).toContain('a: 5 new');
    // The second poll ran after the first: same bodies, nothing new, nothing failed.
    expect(second.stdout).toContain('a: unchanged (same body)');
    expect(second.stdout).toContain('b: unchanged (same body)');
    expect(second.stderr.match(/waiting up to/g)).toHaveLength(1);

    const rows = JSON.parse((await runCli('sources', '--json', '--config', config)).stdout) as SourceRow[];
    expect(rows.map((r) => [r.id, r.consecutiveFailures, r.lastError, r.items, r.notStored])).toEqual([
      ['a', 0, null, 5, null],
      ['b', 0, null, 3, null],
    ]);
  });

  it('makes poll --once exit 4 at once beside run, naming it; readers go on', { timeout: 120_000 }, async () => {
    server.route('/a.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('a', 2)));
    server.route('/b.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('b', 2)));
    const config = configFor();
    const service = startCli('run', '--config', config);
    try {
      // run logs JSON records (stderr is not a terminal): the source's first poll is in.
      await service.waitFor('"source":"a","outcome":"ingested"');
      const poll = await runCli('poll', '--once', '--all', '--config', config);
      expect(poll.code).toBe(4);
      expect(poll.stderr).toMatch(
        new RegExp(
          `^feedmerge: another process is writing "[^"]*f\\.db": pid ${service.child.pid} \\(run on host [^,]+, since [0-9T:.Z-]+\\); it runs until stopped and polls the sources itself; stop it first to run this\\n$`,
        ),
      );
      expect(poll.stdout).toBe('');
      const stories = await runCli('stories', '--config', config);
      expect(stories.code).toBe(0);
      expect(stories.stdout).toContain('a: a Meldung 1  https://a.example/1');
    } finally {
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
    }
  });

  // A second `npm start` beside a running one waits (as a restart overlapping the old process would), and says
  // that the holder ends only when stopped; before, it named it only as writing, as if it would finish.
  it('makes a second run wait beside run, saying the holder writes until stopped', { timeout: 120_000 }, async () => {
    server.route('/a.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('a', 2)));
    server.route('/b.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('b', 2)));
    const config = configFor();
    const service = startCli('run', '--workers', '0', '--config', config);
    try {
      await service.waitFor('"source":"a","outcome":"ingested"');
      const second = startCli('run', '--workers', '0', '--config', config);
      try {
        await second.waitFor('to finish writing');
        const waiting = second.stderr
          .split('\n')
          .filter((line) => line.includes('to finish writing'))
          .map((line) => (JSON.parse(line) as { msg: string }).msg);
        expect(waiting).toEqual([
          expect.stringMatching(
            new RegExp(
              String.raw`^waiting up to 300 s for pid ${service.child.pid} \(run on host [^,]+, since [0-9T:.Z-]+\) to finish writing "[^"]*f\.db" \(a run writes until it is stopped: if that one is not stopping, stop it or this one\)$`,
            ),
          ),
        ]);
      } finally {
        second.child.kill('SIGKILL');
        await second.exited;
      }
    } finally {
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
    }
  });

  it('takes over at once from a holder killed with SIGKILL', { timeout: 120_000 }, async () => {
    const feedA = holdableFeed(rss('a', 4));
    server.route('/a.rss', feedA.route);
    server.route('/b.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('b', 1)));
    const config = configFor();
    const killed = startCli('poll', '--once', '--config', config);
    await feedA.firstRequest;
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toBeNull();
    feedA.release();

    // --wait 0: had the dead process's lock survived it, this would exit 4.
    const next = await runCli('poll', '--once', '--wait', '0', '--config', config);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('a: 4 new');
    expect(next.stdout).toContain('b: 1 new');
  });
});
