// Logs: JSON lines (pino) for machines, one plain line per record on a terminal; what the running
// service logs per source and per cycle.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLog } from '../../src/log.js';
import { startService } from '../../src/worker/service.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, lines: () => text.split('\n').filter(Boolean) };
}

type Record = { [key: string]: unknown };

describe('createLog', () => {
  it('writes one JSON object per record: level, ISO time, msg and the fields', () => {
    const out = capture();
    const log = createLog(out.stream, 'json');
    log.info('source polled', { source: 'dpa', outcome: 'ingested', durationMs: 12 });
    log.warn('multi\nline', { error: 'HTTP 500' });
    const [first, second] = out.lines().map((l) => JSON.parse(l) as Record);
    expect(first).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      msg: 'source polled',
      source: 'dpa',
      outcome: 'ingested',
      durationMs: 12,
    });
    expect(second).toMatchObject({ level: 'warn', msg: 'multi\nline', error: 'HTTP 500' });
    expect(out.lines()).toHaveLength(2);
  });

  it('writes plain lines for a terminal, one per record, quoting values with spaces', () => {
    const out = capture();
    const log = createLog(out.stream, 'text');
    log.error('cycle failed:\n  disk full', { error: 'SQLITE_FULL: database or disk is full', durationMs: 3 });
    expect(out.lines()).toEqual([
      expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z error cycle failed: disk full error="SQLITE_FULL: database or disk is full" durationMs=3$/,
      ),
    ]);
  });

  it('picks JSON for a pipe or file and text for a terminal by default', () => {
    const pipe = capture();
    createLog(pipe.stream).info('x');
    expect(JSON.parse(pipe.lines()[0]!)).toMatchObject({ msg: 'x' });
    const terminal = capture();
    Object.assign(terminal.stream, { isTTY: true });
    createLog(terminal.stream).info('x');
    expect(terminal.lines()[0]).toMatch(/ info x$/);
  });
});

describe('the service logs', () => {
  it('one record per polled source (source, outcome, durationMs, error) and one per cycle (counts, duration)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-logs-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        database: 'feedmerge.db',
        server: { port: 0 },
        sources: [
          { id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') },
          { id: 'missing', url: path.join(dir, 'no-such-feed.xml') },
        ],
      }),
    );
    const out = capture();
    const service = await startService(loadConfig(file, {}), createLog(out.stream, 'json'), { poll: true });
    const records = () => out.lines().map((l) => JSON.parse(l) as Record);
    while (!records().some((r) => r['msg'] === 'cycle finished')) await new Promise((resolve) => setTimeout(resolve, 20));
    await service.stop();

    const bySource = new Map(
      records()
        .filter((r) => r['source'])
        .map((r) => [r['source'], r]),
    );
    expect(bySource.get('local')).toMatchObject({
      level: 'info',
      source: 'local',
      outcome: 'ingested',
      durationMs: expect.any(Number),
      newItems: expect.any(Number),
    });
    expect(bySource.get('local')).not.toHaveProperty('error');
    expect(bySource.get('missing')).toMatchObject({
      level: 'warn',
      source: 'missing',
      outcome: 'failed',
      durationMs: expect.any(Number),
      error: expect.stringContaining('no-such-feed.xml'),
    });
    expect(records().find((r) => r['msg'] === 'cycle finished')).toMatchObject({
      level: 'info',
      sources: 2,
      ingested: 1,
      failed: 1,
      notDue: 0,
      newItems: bySource.get('local')!['newItems'],
      durationMs: expect.any(Number),
    });
    expect(records()[0]).toMatchObject({
      level: 'info',
      msg: expect.stringMatching(/^serving http:/),
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/),
    });
  });

  it("logs each source as it is stored, not when the cycle's slowest source is done", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-logs-'));
    // A feed on 127.0.0.1 that answers only when the test lets it: the cycle cannot end before.
    let answer: () => void = () => {};
    const held = new Promise<void>((resolve) => (answer = resolve));
    const feed = readFileSync('test/fixtures/fetch/local-file-source.xml');
    const server = createServer((_request, response) => {
      void held.then(() => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const file = path.join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        database: 'feedmerge.db',
        server: { port: 0 },
        sources: [
          { id: 'slow', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml` },
          { id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') },
        ],
      }),
    );
    const out = capture();
    const service = await startService(loadConfig(file, {}), createLog(out.stream, 'json'), { poll: true, workers: 0 });
    const records = () => out.lines().map((l) => JSON.parse(l) as Record);
    try {
      // Before, every source's record came after the cycle, so this waited for the held feed for ever.
      while (!records().some((r) => r['msg'] === 'source polled' && r['source'] === 'local'))
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(records().some((r) => r['source'] === 'slow' || r['msg'] === 'cycle finished')).toBe(false);
      answer();
      while (!records().some((r) => r['msg'] === 'cycle finished')) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(
        records()
          .filter((r) => r['msg'] === 'source polled')
          .map((r) => r['source']),
      ).toEqual(['local', 'slow']);
    } finally {
      answer();
      await service.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
