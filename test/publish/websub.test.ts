// WebSub publish pings against a stub hub on loopback: form body, retries with backoff, give-up.
import { afterEach, describe, expect, it } from 'vitest';
import { notifyHubs, topicUrlsFor } from '../../src/publish/websub.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { testConfig } from './story-db.js';

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => resolve(body));
  });
}

describe('notifyHubs', () => {
  let hub: FixtureServer | undefined;
  afterEach(() => hub?.close());

  it('POSTs hub.mode=publish&hub.url=<topic> form-encoded for every topic', async () => {
    const bodies: { type: string | undefined; body: string }[] = [];
    hub = await startFixtureServer({
      '/hub': async (req, res) => {
        bodies.push({ type: req.headers['content-type'], body: await readBody(req) });
        res.writeHead(204).end();
      },
    });
    const topics = topicUrlsFor(testConfig(), ['all']);
    expect(topics).toEqual([
      'http://news.example.org/feeds/all.xml',
      'http://news.example.org/feeds/all.atom',
      'http://news.example.org/feeds/all.json',
    ]);
    const results = await notifyHubs([hub.url('/hub')], topics);
    expect(results).toEqual([{ hub: hub.url('/hub'), ok: true }]);
    expect(bodies.map((b) => b.type)).toEqual(Array(3).fill('application/x-www-form-urlencoded'));
    expect(bodies.map((b) => Object.fromEntries(new URLSearchParams(b.body)))).toEqual(
      topics.map((t) => ({ 'hub.mode': 'publish', 'hub.url': t })),
    );
    expect(bodies[0]!.body).toBe('hub.mode=publish&hub.url=http%3A%2F%2Fnews.example.org%2Ffeeds%2Fall.xml');
  });

  it('retries 5xx and 429 with backoff until the hub accepts', async () => {
    let calls = 0;
    hub = await startFixtureServer({
      '/hub': async (req, res) => {
        await readBody(req);
        calls++;
        res.writeHead(calls === 1 ? 503 : calls === 2 ? 429 : 202).end();
      },
    });
    const results = await notifyHubs([hub.url('/hub')], ['http://news.example.org/feeds/all.atom'], { retries: 3, backoffMs: 5 });
    expect(results).toEqual([{ hub: hub.url('/hub'), ok: true }]);
    expect(calls).toBe(3);
  });

  it('gives up after the retries, does not retry a 4xx, and reports each hub separately', async () => {
    let failing = 0;
    let refusing = 0;
    hub = await startFixtureServer({
      '/down': async (req, res) => {
        await readBody(req);
        failing++;
        res.writeHead(500).end();
      },
      '/refuses': async (req, res) => {
        await readBody(req);
        refusing++;
        res.writeHead(400).end('bad topic');
      },
      '/ok': async (req, res) => {
        await readBody(req);
        res.writeHead(204).end();
      },
    });
    const results = await notifyHubs(
      [hub.url('/down'), hub.url('/refuses'), hub.url('/ok'), 'http://127.0.0.1:1/closed'],
      ['http://news.example.org/feeds/all.atom'],
      { retries: 2, backoffMs: 1 },
    );
    expect(results.map((r) => [r.hub, r.ok])).toEqual([
      [hub.url('/down'), false],
      [hub.url('/refuses'), false],
      [hub.url('/ok'), true],
      ['http://127.0.0.1:1/closed', false],
    ]);
    expect(failing).toBe(3);
    expect(refusing).toBe(1);
    expect(results[0]!.error).toContain('HTTP 500 after 3 attempts');
    expect(results[1]!.error).toContain('HTTP 400');
    expect(results[3]!.error).toBeTruthy();
  });
});
