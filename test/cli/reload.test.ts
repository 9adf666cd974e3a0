// SIGHUP reloads config.json in the running service: the real command in a child process, a real
// signal, feeds on a loopback server. Sources added are polled and published, sources removed are
// not polled any more, an invalid or unreadable file keeps the running config (one error line per
// problem, with its JSON path), and the HTTP worker processes serve the outputs of the new config.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { runCli, startCli, type CliProcess } from '../store/cli-process.js';

/** An RSS 2.0 feed whose items have the given titles (and links under the feed's own host). */
function rss(name: string, titles: string[]): string {
  const items = titles
    .map(
      (title, i) =>
        `<item><title>${title}</title><link>https://${name}.example/${i}</link><guid>${name}-${i}</guid>` +
        `<pubDate>Thu, 03 Dec 2026 0${i}:00:00 GMT</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://${name}.example/</link>${items}</channel></rss>`;
}

// Headlines without shared words, so that no two of them merge into one story.
const FEEDS: Record<string, string[]> = {
  alpha: ['Harbour crane collapses overnight', 'Orchestra premieres lost symphony'],
  beta: ['Glacier retreat measured by satellites', 'Chess prodigy wins junior title'],
  gamma: ['Volcano observatory raises alert level', 'Bakery guild revives rye recipe'],
};

type LogRecord = { msg: string; [key: string]: unknown };

/** The JSON log records the process wrote to stderr so far. */
function records(cli: CliProcess): LogRecord[] {
  return cli.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogRecord);
}

/** Resolves with the index of the first record matching `match` after the first `after` records, once logged. */
async function loggedAt(cli: CliProcess, match: (r: LogRecord) => boolean, after = 0): Promise<number> {
  for (;;) {
    const index = records(cli).findIndex((r, i) => i >= after && match(r));
    if (index >= 0) return index;
    if (cli.child.exitCode !== null || cli.child.signalCode !== null)
      throw new Error(`exited (${cli.child.exitCode ?? cli.child.signalCode}) before logging it:\n${cli.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves with the first record matching `match` after the first `after` records, once logged. */
async function logged(cli: CliProcess, match: (r: LogRecord) => boolean, after = 0): Promise<LogRecord> {
  const index = await loggedAt(cli, match, after);
  return records(cli)[index]!;
}

async function servedUrl(cli: CliProcess): Promise<string> {
  const serving = await logged(cli, (r) => r.msg.startsWith('serving '));
  return String(serving['url']).replace(/\/$/, '');
}

async function feedTitles(origin: string, output = 'all'): Promise<string[]> {
  const response = await fetch(`${origin}/feeds/${output}.json`);
  expect(response.status).toBe(200);
  const feed = (await response.json()) as { items: { title: string }[] };
  return feed.items.map((item) => item.title).sort();
}

const hits = (server: FixtureServer, feed: string) => server.requests.filter((r) => r.path === `/${feed}.xml`).length;

let server: FixtureServer | null = null;
let cli: CliProcess | null = null;

afterEach(async () => {
  if (cli && cli.child.exitCode === null && cli.child.signalCode === null) {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
  cli = null;
  await server?.close();
  server = null;
});

async function setUp(sourceIds: string[], extra: object = {}) {
  server = await startFixtureServer();
  for (const [name, titles] of Object.entries(FEEDS)) {
    const body = rss(name, titles);
    server.route(`/${name}.xml`, (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-reload-'));
  const file = path.join(dir, 'config.json');
  const origin = server.origin;
  const write = (ids: string[], more: object = {}) =>
    writeFileSync(
      file,
      JSON.stringify({
        database: 'feedmerge.db',
        publicDir: 'public',
        server: { port: 0 },
        // Every two seconds, so that a source polled before a reload is due again after it.
        schedule: '*/2 * * * * *',
        fetch: { minIntervalMinutes: 0.01 },
        sources: ids.map((id) => ({ id, url: `${origin}/${id}.xml`, title: `Feed ${id}` })),
        ...extra,
        ...more,
      }),
    );
  write(sourceIds);
  return { file, dir, write };
}

// Each case starts the CLI through tsx and waits for its polls: under a full suite's load on two cores that alone took more
// than the default 30 s once (nothing here is timed; the limit is only a safety net).
describe('SIGHUP reloads config.json', { timeout: 90_000 }, () => {
  it('`run`: a source added is polled and published at once, a source removed is polled no more', async () => {
    const { file, write } = await setUp(['alpha', 'beta']);
    cli = startCli('run', '--workers', '0', '--config', file);
    const origin = await servedUrl(cli);
    await logged(cli, (r) => r.msg === 'cycle finished');
    expect(await feedTitles(origin)).toEqual([...FEEDS['alpha']!, ...FEEDS['beta']!].sort());
    expect(hits(server!, 'gamma')).toBe(0);

    // alpha and beta are due again two seconds after their poll; gamma is new.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    write(['beta', 'gamma']);
    const before = records(cli).length;
    cli.child.kill('SIGHUP');
    const applied = (await loggedAt(cli, (r) => r.msg === 'config reloaded', before)) + 1;
    expect(records(cli)[applied - 1]!['changes']).toBe('sources added: gamma; sources removed: alpha');
    // From here on every cycle runs on the new config (a cycle in flight at the SIGHUP finished before it).
    const alphaHits = hits(server!, 'alpha');
    await logged(cli, (r) => r.msg === 'source polled' && r['source'] === 'gamma', applied);
    // beta, due like alpha, is polled again after the reload; alpha is not.
    await logged(cli, (r) => r.msg === 'source polled' && r['source'] === 'beta', applied);
    await logged(cli, (r) => r.msg === 'cycle finished', applied);
    expect(hits(server!, 'gamma')).toBeGreaterThan(0);
    expect(hits(server!, 'alpha')).toBe(alphaHits);
    expect(
      records(cli)
        .slice(applied)
        .filter((r) => r['source'] === 'alpha'),
    ).toEqual([]);

    // The removed source's stories stay published (README: "Reloading the config").
    expect(await feedTitles(origin)).toEqual([...FEEDS['alpha']!, ...FEEDS['beta']!, ...FEEDS['gamma']!].sort());
    // The page's source table lists the sources of the new config.
    const page = await (await fetch(`${origin}/`)).text();
    expect(page).toContain('Feed gamma');
    expect(page).not.toContain('Feed alpha');
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    expect(metrics).toContain('feedmerge_source_items{source="gamma"} 2');
    expect(metrics).not.toContain('source="alpha"');
    expect(cli.child.exitCode).toBeNull();
  });

  it('`serve` with HTTP workers: an invalid or unreadable file keeps the running config; a valid one reaches the workers', async () => {
    const { file, dir, write } = await setUp(['alpha']);
    cli = startCli('serve', '--workers', '1', '--config', file);
    const origin = await servedUrl(cli);
    expect((await fetch(`${origin}/feeds/alpha-only.json`)).status).toBe(404);

    // Not JSON: one line, the file's problem; the process still serves.
    writeFileSync(file, '{ "sources": [ ');
    let before = records(cli).length;
    cli.child.kill('SIGHUP');
    await logged(cli, (r) => r.msg === 'config not reloaded: keeping the running config', before);
    const notJson = records(cli)
      .slice(before)
      .filter((r) => r.msg.startsWith('config not reloaded: ('));
    expect(notJson).toEqual([expect.objectContaining({ level: 'error', msg: expect.stringContaining('(file): not valid JSON') })]);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);

    // Two invalid values: one error line each, naming its JSON path.
    write(['alpha'], { sources: [{ id: 'alpha', url: 'gopher://alpha.example/' }], dedup: { threshold: 2 } });
    before = records(cli).length;
    cli.child.kill('SIGHUP');
    const summary = await logged(cli, (r) => r.msg === 'config not reloaded: keeping the running config', before);
    expect(summary['problems']).toBe(2);
    const problems = records(cli)
      .slice(before)
      .filter((r) => r.level === 'error' && r.msg !== summary.msg)
      .map((r) => r.msg);
    expect(problems).toEqual([
      expect.stringMatching(/^config not reloaded: dedup\.threshold: /),
      'config not reloaded: sources[0].url: must be an http(s) URL or a file path',
    ]);

    // A file that cannot be read (moved away): logged, not fatal.
    renameSync(file, path.join(dir, 'config.moved'));
    before = records(cli).length;
    cli.child.kill('SIGHUP');
    await logged(cli, (r) => r.msg === 'config not reloaded: keeping the running config', before);
    expect(records(cli).slice(before)).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'config not reloaded: (file): cannot read: ENOENT (no such file)' }),
    );
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/feeds/all.json`)).status).toBe(200);

    expect((await fetch(`${origin}/feeds/all.json`)).headers.get('cache-control')).toBe('public, max-age=2');

    // Valid again, with a new output, schedule and port: the worker serves the output with the
    // schedule's Cache-Control; the port needs a restart.
    write(['alpha'], { server: { port: 1 }, schedule: '*/10 * * * *', outputs: [{ id: 'all' }, { id: 'alpha-only', sources: ['alpha'] }] });
    before = records(cli).length;
    cli.child.kill('SIGHUP');
    await logged(cli, (r) => r.msg === 'config reloaded', before);
    expect(records(cli).slice(before)).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'config: server.port: 1 needs a restart; still 0' }),
    );
    // The workers get the re-rendered publication a moment after the reload.
    let status = 404;
    while (status === 404) {
      status = (await fetch(`${origin}/feeds/alpha-only.json`)).status;
      if (status === 404) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);
    expect((await fetch(`${origin}/feeds/all.json`)).headers.get('cache-control')).toBe('public, max-age=600');
    expect(existsSync(path.join(dir, 'public/feeds/alpha-only.json'))).toBe(true);

    // The output removed again: gone from the workers and from publicDir.
    write(['alpha'], { schedule: '*/10 * * * *', outputs: [{ id: 'all' }] });
    before = records(cli).length;
    cli.child.kill('SIGHUP');
    expect((await logged(cli, (r) => r.msg === 'config reloaded', before))['changes']).toBe('outputs removed: alpha-only');
    while ((await fetch(`${origin}/feeds/alpha-only.json`)).status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${origin}/feeds/alpha-only.json`)).status).toBe(404);
    expect(existsSync(path.join(dir, 'public/feeds/alpha-only.json'))).toBe(false);
    expect(cli.child.exitCode).toBeNull();

    // SIGTERM still stops it normally.
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  // README: `serve` beside `poll --once` from cron. The poller reads the file at each run, so a source added to it
  // is polled and stored without a signal; `serve` listed its stories, but its page had no row for the source
  // until a SIGHUP. Now the store's change makes `serve` read the edited file again, as a SIGHUP would.
  it('`serve` beside `poll --once`: a source the edited file adds and a poll stored is on the page without a SIGHUP', async () => {
    const { file, write } = await setUp(['alpha']);
    expect((await runCli('poll', '--once', '--config', file)).code).toBe(0);
    cli = startCli('serve', '--workers', '0', '--config', file);
    const origin = await servedUrl(cli);
    expect(await (await fetch(`${origin}/`)).text()).not.toContain('Feed beta');

    write(['alpha', 'beta']);
    const before = records(cli).length;
    const polled = await runCli('poll', '--once', '--config', file);
    expect(polled.stdout).toContain('beta: 2 new, 0 updated, 0 unchanged');
    const reloaded = await logged(cli, (r) => r.msg === 'config reloaded', before);
    expect(reloaded).toMatchObject({ changes: 'sources added: beta', reason: 'the config file changed' });
    let page = '';
    while (!page.includes('Feed beta')) page = await (await fetch(`${origin}/`)).text();
    // Its stories follow once the poll's placement committed too (serve renders again for that change).
    const all = [...FEEDS['alpha']!, ...FEEDS['beta']!].sort();
    while ((await feedTitles(origin)).length < all.length) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await feedTitles(origin)).toEqual(all);
    // The file changed once: read again once, though the store changed several times.
    expect(records(cli).filter((r) => r.msg === 'config reloaded')).toHaveLength(1);
  });

  // A real terminal (a pseudo-terminal from Python's pty module) that closes: the kernel sends SIGHUP.
  // With stderr on the terminal too, the log records written after the close must not throw (EIO);
  // with stderr in a file, the log shows what happened.
  it.skipIf(!existsSync(PYTHON)).each(['on the terminal', 'in a file'])(
    'a closed terminal (stderr %s): its SIGHUP stops the service cleanly instead of reloading',
    async (stderrPlace) => {
      const { file, dir } = await setUp(['alpha']);
      const logFile = stderrPlace === 'in a file' ? path.join(dir, 'stderr.log') : '-';
      const main = path.join(ROOT, 'src/cli/main.ts');
      // Not spawnSync: the feeds are served by this process, which must keep answering meanwhile.
      const python = spawn(
        PYTHON,
        ['-c', IN_A_TERMINAL, logFile, process.execPath, '--import', 'tsx', main, 'run', '--workers', '0', '--config', file],
        { cwd: ROOT },
      );
      const result = { stdout: '', stderr: '' };
      python.stdout.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
      python.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
      await new Promise((resolve) => python.once('close', resolve));
      expect(result.stderr).toBe('');
      if (logFile !== '-') {
        const log = readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as LogRecord);
        expect(log).toContainEqual(
          expect.objectContaining({ msg: 'stopping: finishing the cycle in flight, then closing', signal: 'SIGHUP' }),
        );
        expect(log.filter((r) => r.msg === 'reloading the config')).toEqual([]);
      }
      // The database was closed (SQLite removes the WAL file at the last close; a process that dies holding it leaves it).
      expect(existsSync(path.join(dir, 'feedmerge.db'))).toBe(true);
      expect(existsSync(path.join(dir, 'feedmerge.db-wal'))).toBe(false);
      // It ended by itself: not "still running" (it reloaded), not 1 (a log write threw), not -1 (killed by
      // SIGHUP). After process.exit(0), Node 20 aborts (-6), or on some runs segfaults (-11), while
      // restoring the closed terminal's settings (nodejs/node#51519, fixed in later releases); the
      // database was closed before that (no WAL left, above).
      expect(['exit 0', 'exit -6', 'exit -11']).toContain(result.stdout.trim());
    },
  );
});

const ROOT = path.resolve(import.meta.dirname, '../..');
const PYTHON = '/usr/bin/python3';
/**
 * Python: runs ARGV on a new pseudo-terminal, with stderr appended to LOG (or on the terminal for
 * "-"), waits until it says it serves, closes the terminal and prints how the process ended
 * ("exit N", or "still running" after 30 s).
 */
const IN_A_TERMINAL = `
import os, pty, select, signal, sys, time
log, argv = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    if log != '-':
        os.dup2(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND), 2)
    os.execv(argv[0], argv)
seen = b''
deadline = time.time() + 60
while b'serving http' not in seen and time.time() < deadline:
    if log != '-':
        seen = open(log, 'rb').read() if os.path.exists(log) else b''
        time.sleep(0.05)
    elif select.select([fd], [], [], 1)[0]:
        seen += os.read(fd, 4096)
os.close(fd)
def still_running(signum, frame):
    os.kill(pid, signal.SIGKILL)
    print('still running')
    sys.exit(0)
signal.signal(signal.SIGALRM, still_running)
signal.alarm(30)
_, status = os.waitpid(pid, 0)
print('exit', os.waitstatus_to_exitcode(status))
`;
