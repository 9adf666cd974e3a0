// Issue 12, as it was reported: a source that answered 302 to an internal service on loopback was
// followed, and the internal body ("SECRET internal token …") appeared in the public /feeds/all.json.
// Through the real CLI (`poll --once`), from a config.json that names the source's loopback server.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

const rss = (title: string, link: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>${link}</link>` +
  `<item><title>${title}</title><link>${link}/1</link><guid>${title}</guid><description>${title}</description>` +
  `<pubDate>Thu, 26 Nov 2026 05:00:00 GMT</pubDate></item></channel></rss>`;

describe('a redirect from a configured loopback source to an internal service', () => {
  let source: FixtureServer;
  let internal: FixtureServer;
  let dir: string;

  beforeAll(async () => {
    internal = await startFixtureServer({
      '/metrics': serveBody(rss('SECRET internal token 4f1c', 'https://internal.example'), { 'content-type': 'application/rss+xml' }),
    });
    source = await startFixtureServer({
      '/feed': serveBody(rss('Public headline', 'https://news.example'), { 'content-type': 'application/rss+xml' }),
      '/moved': (_req, res) => void res.writeHead(302, { location: internal.url('/metrics') }).end(),
    });
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-ssrf-'));
  });
  afterAll(async () => {
    await Promise.all([source.close(), internal.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const writeConfig = (fetch: object) => {
    const file = path.join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        database: 'feedmerge.db',
        publicDir: 'public',
        fetch,
        sources: [
          { id: 'local', url: source.url('/feed') },
          { id: 'hijacked', url: source.url('/moved') },
        ],
      }),
    );
    return file;
  };

  it('is refused with the address named, and the internal body never reaches the output', async () => {
    const config = writeConfig({});
    const poll = await feedmerge('poll', '--once', '--config', config);
    expect(poll.code).toBe(0);
    const internalPort = new URL(internal.origin).port;
    expect(poll.stdout).toContain(
      `hijacked: error: refused to connect to 127.0.0.1:${internalPort} (loopback; only ${new URL(source.origin).host} is allowed for this source; set fetch.allowPrivateNetworks to allow)`,
    );
    // The configured loopback source itself still works without any setting.
    expect(poll.stdout).toMatch(/local: 1 new/);
    const published = readFileSync(path.join(dir, 'public/feeds/all.json'), 'utf8');
    expect(published).toContain('Public headline');
    expect(published).not.toContain('SECRET');
    expect(internal.requests).toEqual([]);
  });

  it('is followed when fetch.allowPrivateNetworks is set', async () => {
    const config = writeConfig({ allowPrivateNetworks: true });
    const poll = await feedmerge('poll', '--once', '--all', '--config', config);
    expect(poll.stdout).toMatch(/hijacked: 1 new/);
    expect(readFileSync(path.join(dir, 'public/feeds/all.json'), 'utf8')).toContain('SECRET internal token');
  });
});
