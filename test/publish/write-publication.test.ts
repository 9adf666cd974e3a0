// Writing a publication to disk: every document at its path, unchanged files untouched, stale removed.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPublication, writePublication } from '../../src/publish/render-publication.js';
import { addStory, feedItem, memoryStore, newsDay, testConfig } from './story-db.js';

describe('writePublication', () => {
  it('writes each document atomically and rewrites only what changed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-public-'));
    const store = await memoryStore();
    await newsDay(store);
    const config = testConfig({
      outputs: [
        { id: 'all', limit: 2 },
        { id: 'spiegel', sources: ['spiegel'] },
      ],
    });
    const first = await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'));
    // A file left from an output that no longer exists, and a stale page.
    mkdirSync(path.join(dir, 'feeds/all/page'), { recursive: true });
    writeFileSync(path.join(dir, 'feeds/gone.xml'), 'old');
    writeFileSync(path.join(dir, 'feeds/all/page/9.atom'), 'old');
    writePublication(first, dir);

    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => statSync(path.join(dir, f)).isFile())
      .sort();
    expect(files).toEqual([
      'feeds/all.atom',
      'feeds/all.json',
      'feeds/all.xml',
      'feeds/all/page/2.atom',
      'feeds/all/page/2.json',
      'feeds/spiegel.atom',
      'feeds/spiegel.json',
      'feeds/spiegel.xml',
      'index.html',
    ]);
    expect(readFileSync(path.join(dir, 'feeds/all.atom')).equals(first.outputs.get('all')!.get('atom')!.body)).toBe(true);
    expect(readFileSync(path.join(dir, 'feeds/all/page/2.json')).equals(first.pages.get('/feeds/all/page/2.json')!.body)).toBe(true);

    // Mark every file old, then publish a change that touches only the "all" output.
    const old = new Date('2020-01-01T00:00:00Z');
    for (const f of files) utimesSync(path.join(dir, f), old, old);
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
    const touched = files.filter((f) => statSync(path.join(dir, f)).mtimeMs !== old.getTime());
    expect(touched).toEqual([
      'feeds/all.atom',
      'feeds/all.json',
      'feeds/all.xml',
      'feeds/all/page/2.atom',
      'feeds/all/page/2.json',
      'index.html',
    ]);
    expect(readFileSync(path.join(dir, 'feeds/all.json'), 'utf8')).toContain('"title": "Neu"');
    // No temp files left behind.
    expect(readdirSync(path.join(dir, 'feeds')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(path.join(dir, 'feeds/gone.xml'))).toBe(false);
  });
});
