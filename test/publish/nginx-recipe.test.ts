// deploy/nginx.conf with a real nginx in front of a real feedmerge server: nginx serves the files
// writePublication wrote (types, precompressed bodies, validators, 304), and proxies the rest.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPublication, writePublication } from '../../src/publish/render-publication.js';
import { PUBLICATION_MARK_FILE, writeUnlessNewer } from '../../src/store/sqlite/write-unless-newer.js';
import { debianTool } from './debian-tool.js';
import { NGINX, startNginx, type RunningNginx } from './nginx-recipe.js';
import { request, servePublication, type RunningServer } from './serve-publication.js';
import { memoryStore, newsDay, testConfig } from './story-db.js';

const nginxTool = debianTool(NGINX, 'nginx');

describe.skipIf(nginxTool.skip)('deploy/nginx.conf in front of feedmerge', async () => {
  const db = await memoryStore();
  await newsDay(db);
  await db.cycles.record({ startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), sourcesPolled: 4, sourcesFailed: 0 });
  const config = testConfig({ outputs: [{ id: 'all', title: 'Alle Meldungen' }] });
  const publication = await renderPublication(db, config, new Date('2026-11-26T07:00:00Z'));
  const publicDir = mkdtempSync(path.join(tmpdir(), 'feedmerge-public-'));
  let feedmerge: RunningServer;
  let nginx: RunningNginx;
  beforeAll(async () => {
    nginxTool.require();
    // As the publisher writes it: in publicDir's turn, which leaves its lock and record file there.
    await writeUnlessNewer(publicDir, new Date().toISOString(), () => writePublication(publication, publicDir));
    // nginx's workers run as an unprivileged user.
    chmodSync(publicDir, 0o755);
    feedmerge = await servePublication(config, db, () => publication);
    nginx = await startNginx({ publicDir, upstreamPort: Number(new URL(feedmerge.origin).port) });
  });
  afterAll(async () => {
    await nginx?.stop();
    await feedmerge?.close();
  });

  it.each([
    ['/feeds/all.xml', 'rss', 'application/rss+xml; charset=utf-8'],
    ['/feeds/all.atom', 'atom', 'application/atom+xml; charset=utf-8'],
    ['/feeds/all.json', 'json', 'application/feed+json; charset=utf-8'],
  ] as const)('serves %s from the file with its type, Last-Modified and caching headers', async (urlPath, format, type) => {
    const doc = publication.outputs.get('all')!.get(format)!;
    const res = await request(`${nginx.origin}${urlPath}`);
    expect(res.status).toBe(200);
    expect(res.headers['server']).toMatch(/^nginx/);
    expect(res.headers['content-type']).toBe(type);
    expect(res.body.equals(doc.body)).toBe(true);
    expect(res.headers['last-modified']).toBe(doc.lastModified);
    expect(res.headers['etag']).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers['cache-control']).toBe('public, max-age=600');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends the precompressed files to clients that accept them', async () => {
    const doc = publication.outputs.get('all')!.get('atom')!;
    const gzip = await request(`${nginx.origin}/feeds/all.atom`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['vary']).toBe('Accept-Encoding');
    expect(gzip.body.equals(doc.gzip)).toBe(true);
    expect(gunzipSync(gzip.body).equals(doc.body)).toBe(true);
    if (nginx.brotli) {
      const br = await request(`${nginx.origin}/feeds/all.atom`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.body).equals(doc.body)).toBe(true);
    } else console.warn('brotli_static not tested: apt-get install -y libnginx-mod-http-brotli-static');
  });

  it('answers 304 to If-None-Match and If-Modified-Since', async () => {
    const first = await request(`${nginx.origin}/feeds/all.json`);
    const byTag = await request(`${nginx.origin}/feeds/all.json`, { headers: { 'if-none-match': first.headers['etag']! } });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    const byDate = await request(`${nginx.origin}/feeds/all.json`, { headers: { 'if-modified-since': first.headers['last-modified']! } });
    expect(byDate.status).toBe(304);
  });

  it('serves index.html at / and the output pages, with the page policy', async () => {
    const home = await request(`${nginx.origin}/`);
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.headers['content-security-policy']).toContain("default-src 'none'");
    expect(home.body.equals(publication.pages.get('/')!.body)).toBe(true);
    const output = await request(`${nginx.origin}/outputs/all.html`, { headers: { 'accept-encoding': 'gzip' } });
    expect(output.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(output.body).toString()).toContain('Bundestag beschließt Haushalt für 2027');
  });

  it('proxies /healthz, /readyz and /metrics, and what is not on disk, to feedmerge', async () => {
    const health = await request(`${nginx.origin}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString())).toEqual({ ok: true });
    const ready = await request(`${nginx.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body.toString())).toMatchObject({ ready: true, stories: 3 });
    const scrape = await request(`${nginx.origin}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.body.toString()).toContain('feedmerge_source_items{source="tagesschau"} 1');
    const missing = await request(`${nginx.origin}/feeds/none.xml`);
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toBe('Not Found\n');
  });

  it('answers 404 for the lock and record of the publication written (a SQLite file), which is in publicDir', async () => {
    const mark = await request(`${nginx.origin}/${PUBLICATION_MARK_FILE}`);
    expect(mark.status).toBe(404);
    expect(mark.body.toString('latin1')).not.toContain('SQLite format 3');
  });
});
