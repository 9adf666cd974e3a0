// /readyz while the feed files cannot be written to publicDir, over real HTTP on 127.0.0.1 and a real
// SQLite file: not ready (nginx serves those files, now stale; this process serves the new feeds), with
// the cause in the log, and ready again once a publish writes them. Before, it stayed 200 while every cycle logged "cycle failed".
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLog } from '../../src/log.js';
import { startService } from '../../src/worker/service.js';

it('answers 503 while the files cannot be written, and 200 again once they are', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-ready-files-'));
  const publicDir = path.join(dir, 'public');
  writeFileSync(publicDir, 'a file where the folder should be\n'); // no folder can be made there, even by root
  const file = path.join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      database: 'feedmerge.db',
      publicDir: 'public',
      server: { port: 0 },
      sources: [{ id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') }],
    }),
  );
  const out = new PassThrough();
  let logText = '';
  out.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
  const service = await startService(loadConfig(file, {}), createLog(out, 'json'), { poll: true, workers: 0 });
  const readyz = async () => {
    const response = await fetch(`${service.url}/readyz`);
    return { status: response.status, body: (await response.json()) as { ready: boolean; reason: string | null } };
  };
  try {
    while (!logText.includes('"msg":"cycle failed"')) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await readyz()).toMatchObject({ status: 503, body: { ready: false, reason: 'writing the feed files failed' } });
    // The cause, with the path, is in the log line of the 503 (not in the answer, as for the store).
    expect(logText).toContain(`GET /readyz: 503: writing the feed files failed: cannot write the feeds to publicDir \\"${publicDir}\\"`);
    // Only the files are stale: this process serves what the failed publish rendered (the polled item).
    const served = await fetch(`${service.url}/feeds/all.xml`);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('Einigung im Haushaltsstreit');
    rmSync(publicDir);
    mkdirSync(publicDir);
    expect(await service.reload()).toBe(true); // runs a cycle, which publishes
    expect(await readyz()).toMatchObject({ status: 200, body: { ready: true, reason: null } });
    expect(readFileSync(path.join(publicDir, 'feeds/all.xml'), 'utf8')).toContain('<rss');
  } finally {
    await service.stop();
  }
});

it('writes the files again soon after the folder is writable, without waiting for a publish', { timeout: 60_000 }, async () => {
  // A transient EACCES or full disk: /readyz is 503 while the files are stale, and 200 again as soon as a retry of
  // the write (every 5 s) succeeds. Before, it stayed 503 until the next publish, up to a schedule period later.
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-ready-retry-'));
  const publicDir = path.join(dir, 'public');
  writeFileSync(publicDir, 'a file where the folder should be\n');
  const file = path.join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      database: 'feedmerge.db',
      publicDir: 'public',
      server: { port: 0 },
      sources: [{ id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') }],
    }),
  );
  const out = new PassThrough();
  let logText = '';
  out.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
  const service = await startService(loadConfig(file, {}), createLog(out, 'json'), { poll: true, workers: 0 });
  const readyz = async () => (await fetch(`${service.url}/readyz`)).status;
  try {
    while (!logText.includes('"msg":"cycle failed"')) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await readyz()).toBe(503);
    rmSync(publicDir);
    mkdirSync(publicDir);
    // No reload, no new cycle: the retry writes the publication in hand, and says so once.
    while (!logText.includes('"msg":"writing the feed files works again"')) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readyz()).toBe(200);
    expect(readFileSync(path.join(publicDir, 'feeds/all.xml'), 'utf8')).toContain('Einigung im Haushaltsstreit');
    expect(logText.match(/"msg":"cycle failed"/g)).toHaveLength(1);
  } finally {
    await service.stop();
  }
});

it('drops a pending retry of the write when a reload changes publicDir: the new config publishes first', { timeout: 60_000 }, async () => {
  // A reload while a retry is pending: the retry wrote what the old config rendered into the new publicDir, and /readyz
  // said 200 before the new config's first publish. Now it stays 503 until that publish writes the files.
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-ready-reload-'));
  writeFileSync(path.join(dir, 'public'), 'a file where the folder should be\n');
  mkdirSync(path.join(dir, 'public2'));
  // A feed on 127.0.0.1 that answers only when the test lets it: the reload's cycle (and its publish) waits for it.
  let answer: () => void = () => {};
  const held = new Promise<void>((resolve) => (answer = resolve));
  let asked: () => void = () => {};
  const requested = new Promise<void>((resolve) => (asked = resolve));
  const feed = readFileSync('test/fixtures/fetch/local-file-source.xml');
  const server = createServer((_request, response) => {
    asked();
    void held.then(() => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const local = { id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') };
  const file = path.join(dir, 'config.json');
  const config = (publicDir: string, sources: object[]) =>
    writeFileSync(file, JSON.stringify({ database: 'feedmerge.db', publicDir, server: { port: 0 }, sources }));
  config('public', [local]);
  const out = new PassThrough();
  let logText = '';
  out.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
  const service = await startService(loadConfig(file, {}), createLog(out, 'json'), { poll: true, workers: 0 });
  const readyz = async () => (await fetch(`${service.url}/readyz`)).status;
  const written = path.join(dir, 'public2/feeds/all.xml');
  let reloaded: Promise<boolean> | null = null;
  try {
    while (!logText.includes('"msg":"cycle failed"')) await new Promise((resolve) => setTimeout(resolve, 20));
    const failedSeen = Date.now(); // the retry is due 5 s after the failure, before this
    // The new config: another publicDir, and a source added, which the reload's cycle polls at once.
    config('public2', [local, { id: 'slow', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml` }]);
    reloaded = service.reload();
    await requested;
    // Past the pending retry's time (5 s after the failure) with the reload's publish held back: nothing written.
    await new Promise((resolve) => setTimeout(resolve, failedSeen + 8_000 - Date.now()));
    expect(existsSync(written)).toBe(false);
    expect(await readyz()).toBe(503);
    expect(logText).not.toContain('"msg":"writing the feed files works again"');
    answer();
    expect(await reloaded).toBe(true);
    // The new config's publish wrote the files: the added source is in them, and /readyz is 200.
    expect(await readyz()).toBe(200);
    expect(logText.match(/"msg":"writing the feed files works again"/g)).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'public2/index.html'), 'utf8')).toContain('slow');
  } finally {
    answer();
    await reloaded;
    await service.stop();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
