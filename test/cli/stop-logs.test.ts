// SIGTERM to `run` mid-cycle, through the real CLI: the stop names the sources it still waits for
// (once), and says when it is done. Before, it logged "finishing the cycle in flight" and then nothing
// for as long as the slowest feed took (up to fetch.timeoutSeconds).
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startCli, writeConfig } from '../store/cli-process.js';

type LogRecord = { [key: string]: unknown };

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
  const cli = startCli('run', '--workers', '0', '--config', config);
  try {
    await cli.waitFor(/"source":"local".*"msg":"source polled"/);
    cli.child.kill('SIGTERM');
    await cli.waitFor('still polling');
    answer();
    expect(await cli.exited).toBe(0);
    const records = cli.stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogRecord);
    const messages = records.map((r) => r['msg']);
    const waiting = records.filter((r) => String(r['msg']).includes('still polling'));
    expect(waiting).toEqual([
      expect.objectContaining({ level: 'info', msg: 'stopping: waiting for 1 source still polling', sources: 'slow', timeoutSeconds: 30 }),
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
