// Writing a publication to disk: every document at its path with precompressed siblings, unchanged
// files untouched, stale ones removed.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPublication, writePublication } from '../../src/publish/render-publication.js';
import { addStory, feedItem, memoryStore, newsDay, testConfig } from './story-db.js';

describe('writePublication', () => {
  // A publicDir under a file (or a typo'd mount): fs names only "mkdir '…/feeds'", not the setting.
  it('names publicDir when it cannot write there, keeping the errno code', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-public-'));
    writeFileSync(path.join(dir, 'a-file'), '');
    const publicDir = path.join(dir, 'a-file', 'public');
    const publication = await renderPublication(await memoryStore(), testConfig(), new Date('2026-11-26T07:00:00Z'));
    let thrown: (Error & { code?: string }) | undefined;
    try {
      writePublication(publication, publicDir);
    } catch (error) {
      thrown = error as Error & { code?: string };
    }
    expect(thrown?.message).toMatch(
      new RegExp(`^cannot write the feeds to publicDir "${publicDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": ENOTDIR`),
    );
    expect(thrown?.code).toBe('ENOTDIR');
  });

  it('writes each document atomically and rewrites only what changed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-public-'));
    const store = await memoryStore();
    await newsDay(store);
    const config = testConfig({
      outputs: [
        { id: 'all', limit: 2 },
        { id: 'spiegel', title: 'Nur SPIEGEL', sources: ['spiegel'] },
      ],
    });
    const first = await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'));
    // A file left from an output that no longer exists, and a stale page.
    mkdirSync(path.join(dir, 'feeds/all/page'), { recursive: true });
    writeFileSync(path.join(dir, 'feeds/gone.xml'), 'old');
    writeFileSync(path.join(dir, 'feeds/all/page/9.atom'), 'old');
    writeFileSync(path.join(dir, 'feeds/all/page/9.atom.gz'), 'old');
    mkdirSync(path.join(dir, 'outputs'));
    writeFileSync(path.join(dir, 'outputs/gone.html.br'), 'old');
    writePublication(first, dir);

    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => statSync(path.join(dir, f)).isFile())
      .sort();
    const documents = [
      'feeds/all.atom',
      'feeds/all.json',
      'feeds/all.xml',
      'feeds/all/page/2.atom',
      'feeds/all/page/2.json',
      'feeds/spiegel.atom',
      'feeds/spiegel.json',
      'feeds/spiegel.xml',
      'index.html',
      'outputs/all.html',
      'outputs/spiegel.html',
    ];
    expect(files).toEqual(documents.flatMap((f) => [f, `${f}.br`, `${f}.gz`]).sort());
    const atom = first.outputs.get('all')!.get('atom')!;
    expect(readFileSync(path.join(dir, 'feeds/all.atom')).equals(atom.body)).toBe(true);
    expect(gunzipSync(readFileSync(path.join(dir, 'feeds/all.atom.gz'))).equals(atom.body)).toBe(true);
    expect(brotliDecompressSync(readFileSync(path.join(dir, 'feeds/all.atom.br'))).equals(atom.body)).toBe(true);
    expect(readFileSync(path.join(dir, 'feeds/all/page/2.json')).equals(first.pages.get('/feeds/all/page/2.json')!.body)).toBe(true);
    expect(readFileSync(path.join(dir, 'outputs/spiegel.html'), 'utf8')).toContain('<h1 dir="auto">Nur SPIEGEL</h1>');
    // Each file and its siblings carry the document's Last-Modified, so a static server sends the same one.
    for (const f of ['feeds/all.atom', 'feeds/all.atom.gz', 'feeds/all.atom.br'])
      expect(statSync(path.join(dir, f)).mtime.toUTCString(), f).toBe(atom.lastModified);

    // Then publish a change that touches only the "all" output: only its files are replaced (new inodes).
    const inodes = new Map(files.map((f) => [f, statSync(path.join(dir, f)).ino]));
    await addStory(
      store,
      [
        {
          sourceId: 'zeit',
          item: feedItem({ key: 'new', url: 'https://www.zeit.de/new', title: 'Neu', published: '2026-11-26T06:59:00.000Z' }),
        },
      ],
      { now: '2026-11-26T06:59:00.000Z' },
    );
    const second = await renderPublication(store, config, new Date('2026-11-26T07:10:00Z'));
    writePublication(second, dir);
    const touched = files.filter((f) => statSync(path.join(dir, f)).ino !== inodes.get(f));
    expect(touched).toEqual(
      [
        'feeds/all.atom',
        'feeds/all.json',
        'feeds/all.xml',
        'feeds/all/page/2.atom',
        'feeds/all/page/2.json',
        'index.html',
        'outputs/all.html',
      ]
        .flatMap((f) => [f, `${f}.br`, `${f}.gz`])
        .sort(),
    );
    expect(readFileSync(path.join(dir, 'feeds/all.json'), 'utf8')).toContain('"title": "Neu"');
    // No temp files left behind.
    expect(readdirSync(path.join(dir, 'feeds')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(path.join(dir, 'feeds/gone.xml'))).toBe(false);
    expect(existsSync(path.join(dir, 'feeds/all/page/9.atom.gz'))).toBe(false);
    expect(existsSync(path.join(dir, 'outputs/gone.html.br'))).toBe(false);
  });
});
