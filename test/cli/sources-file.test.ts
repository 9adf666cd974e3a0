import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSourcesFromOpml } from '../../src/cli/sources-file.js';

function configWith(sources: { id: string; url: string }[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-import-')), 'config.json');
  writeFileSync(file, JSON.stringify({ sources }, null, 2));
  return file;
}

const opml = (outlines: string): string => `<?xml version="1.0"?><opml version="2.0"><body>${outlines}</body></opml>`;

describe('sources import', () => {
  it('knows a feed already configured whatever the case of its scheme and host', () => {
    const file = configWith([{ id: 'wire', url: 'https://wire.example/en.rss' }]);
    const result = addSourcesFromOpml(file, opml('<outline text="Wire" xmlUrl="HTTPS://Wire.Example/en.rss"/>'));
    expect(result).toEqual({ added: [], skipped: [] });
  });

  it('skips an entry the config would reject, with its reason, and adds the others', () => {
    const file = configWith([{ id: 'wire', url: 'https://wire.example/en.rss' }]);
    const result = addSourcesFromOpml(
      file,
      opml('<outline text="Gopher" xmlUrl="gopher://old.example/feed"/><outline text="新华社" xmlUrl="https://xinhua.example/rss"/>'),
    );
    // A title without an ASCII slug takes its id from the host.
    expect(result.added).toEqual(['xinhua-example']);
    expect(result.skipped).toEqual([{ url: 'gopher://old.example/feed', reason: expect.stringMatching(/^url: must be an http\(s\) URL/) }]);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { sources: { id: string; url: string }[] };
    expect(written.sources.map((s) => s.url)).toEqual(['https://wire.example/en.rss', 'https://xinhua.example/rss']);
  });
});
