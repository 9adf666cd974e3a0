import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSourcesFromOpml } from '../../src/cli/sources-file.js';

function configWith(sources: { id: string; url: string }[], extra: object = {}): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-import-')), 'config.json');
  writeFileSync(file, JSON.stringify({ sources, ...extra }, null, 2));
  return file;
}

const opml = (outlines: string): string => `<?xml version="1.0"?><opml version="2.0"><body>${outlines}</body></opml>`;

describe('sources import', () => {
  it('knows a feed already configured whatever the case of its scheme and host', () => {
    const file = configWith([{ id: 'wire', url: 'https://wire.example/en.rss' }]);
    const result = addSourcesFromOpml(file, opml('<outline text="Wire" xmlUrl="HTTPS://Wire.Example/en.rss"/>'));
    expect(result).toEqual({ added: [], skipped: [], layoutKept: true, created: false });
  });

  // A fragment is never sent to the server, and "?" with nothing after it asks for the same resource:
  // both are the configured feed, which would otherwise be polled and stored twice under two ids.
  it('knows a feed already configured when the entry adds a #fragment or an empty "?"', () => {
    const file = configWith([{ id: 'wire', url: 'https://wire.example/en.rss' }]);
    const result = addSourcesFromOpml(
      file,
      opml(
        '<outline text="A" xmlUrl="https://wire.example/en.rss#top"/><outline text="B" xmlUrl="https://wire.example/en.rss?"/><outline text="C" xmlUrl="https://wire.example/en.rss?lang=de#x"/>',
      ),
    );
    expect(result).toEqual({ added: ['c'], skipped: [], layoutKept: true, created: false });
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

  // An imported list is not the operator naming an address: it gets no private network allowance.
  const internalOutlines = opml(
    '<outline text="Lokal" xmlUrl="http://127.0.0.1:9000/metrics"/>' +
      '<outline text="Hex" xmlUrl="http://0x7f000001:9000/x"/>' +
      '<outline text="Localhost" xmlUrl="http://localhost:8080/feeds/all.xml"/>' +
      '<outline text="LAN" xmlUrl="http://192.168.1.20/rss"/>' +
      '<outline text="Metadata" xmlUrl="http://[::ffff:169.254.169.254]/latest/meta-data/"/>' +
      '<outline text="Public" xmlUrl="https://news.example/rss"/>',
  );

  it('skips entries that name a loopback, private or link-local host, with the reason', () => {
    const file = configWith([{ id: 'wire', url: 'https://wire.example/en.rss' }]);
    const result = addSourcesFromOpml(file, internalOutlines);
    expect(result.added).toEqual(['public']);
    expect(result.skipped).toEqual([
      {
        url: 'http://127.0.0.1:9000/metrics',
        reason:
          'url: names a loopback address (127.0.0.1:9000); an imported source gets no private network access (set fetch.allowPrivateNetworks, or add it to config.json by hand)',
      },
      { url: 'http://0x7f000001:9000/x', reason: expect.stringContaining('names a loopback address (127.0.0.1:9000)') },
      { url: 'http://localhost:8080/feeds/all.xml', reason: expect.stringContaining('names a loopback address (localhost:8080)') },
      { url: 'http://192.168.1.20/rss', reason: expect.stringContaining('names a private address (192.168.1.20:80)') },
      {
        url: 'http://[::ffff:169.254.169.254]/latest/meta-data/',
        reason:
          'url: names a cloud metadata address ([::ffff:a9fe:a9fe]:80); an imported source gets no private network access (add it to config.json by hand if it is meant)',
      },
    ]);
  });

  it('adds an entry on a host:port that a configured source already names (it gains no new allowance)', () => {
    const file = configWith([{ id: 'local', url: 'http://127.0.0.1:9000/feed' }]);
    const result = addSourcesFromOpml(file, internalOutlines);
    expect(result.added).toEqual(['lokal', 'hex', 'public']);
    expect(result.skipped.map((s) => s.url)).toEqual([
      'http://localhost:8080/feeds/all.xml',
      'http://192.168.1.20/rss',
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
    ]);
  });

  it('adds loopback and private entries when fetch.allowPrivateNetworks is set, but never link-local ones', () => {
    const file = configWith([{ id: 'wire', url: 'https://wire.example/en.rss' }], { fetch: { allowPrivateNetworks: true } });
    const result = addSourcesFromOpml(file, internalOutlines);
    expect(result.added).toHaveLength(5);
    expect(result.skipped.map((s) => s.url)).toEqual(['http://[::ffff:169.254.169.254]/latest/meta-data/']);
  });

  // A wget -x mirror beside the config, listed by the host-named path ("www.example.org/feed.xml"): written
  // "./…", so that it stays a file; the same name with no file there is a URL missing "https://", skipped.
  it('adds a host-named file that exists, or whose first folder does, as "./…" and skips one with neither', () => {
    const file = configWith([{ id: 'wire', url: 'https://wire.example/en.rss' }]);
    mkdirSync(path.join(path.dirname(file), 'www.example.org'));
    writeFileSync(
      path.join(path.dirname(file), 'www.example.org', 'feed.xml'),
      '<rss version="2.0"><channel><title>t</title></channel></rss>',
    );
    const result = addSourcesFromOpml(
      file,
      opml(
        '<outline text="Mirror" xmlUrl="www.example.org/feed.xml"/><outline text="Later" xmlUrl="www.example.org/later.xml"/>' +
          '<outline text="Gone" xmlUrl="www.example.com/gone.xml"/>',
      ),
    );
    expect(result.added).toEqual(['mirror', 'later']);
    expect(result.skipped).toEqual([
      { url: 'www.example.com/gone.xml', reason: expect.stringMatching(/is a host name without "https:\/\/"/) },
    ]);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { sources: { id: string; url: string }[] };
    expect(written.sources.map((s) => s.url)).toEqual([
      'https://wire.example/en.rss',
      './www.example.org/feed.xml',
      './www.example.org/later.xml',
    ]);
  });

  it('reads a config file saved with a UTF-8 byte order mark', () => {
    const file = configWith([{ id: 'wire', url: 'https://wire.example/en.rss' }]);
    writeFileSync(file, `\ufeff${readFileSync(file, 'utf8')}`);
    expect(addSourcesFromOpml(file, opml('<outline text="Public" xmlUrl="https://news.example/rss"/>')).added).toEqual(['public']);
  });
});

describe('writing the config file', () => {
  const oneFeed = opml('<outline text="Public" xmlUrl="https://news.example/rss"/>');

  it('adds the first sources to a config without any, in its layout', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-import-')), 'config.json');
    writeFileSync(file, '{\n  "database": "a.db",\n  "sources": []\n}\n');
    expect(addSourcesFromOpml(file, oneFeed)).toEqual({ added: ['public'], skipped: [], layoutKept: true, created: false });
    expect(readFileSync(file, 'utf8')).toBe(
      '{\n  "database": "a.db",\n  "sources": [\n    { "id": "public", "url": "https://news.example/rss", "title": "Public" }\n  ]\n}\n',
    );
  });

  it('writes a file it cannot edit safely anew and says so (a list opened on the line of its key)', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-import-')), 'config.json');
    writeFileSync(file, '{ "sources": [{\n  "id": "wire", "url": "https://wire.example/en.rss" }] }');
    expect(addSourcesFromOpml(file, oneFeed)).toMatchObject({ added: ['public'], layoutKept: false });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      sources: [
        { id: 'wire', url: 'https://wire.example/en.rss' },
        { id: 'public', url: 'https://news.example/rss', title: 'Public' },
      ],
    });
  });

  it('refuses a file with "sources" twice (JSON keeps the last), leaving it as it was', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-import-')), 'config.json');
    const text =
      '{ "sources": [{ "id": "a", "url": "https://a.example/rss" }], "sources": [{ "id": "wire", "url": "https://wire.example/en.rss" }] }';
    writeFileSync(file, text);
    expect(() => addSourcesFromOpml(file, oneFeed)).toThrow(/sources: key "sources" written twice in one object/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('keeps its permissions: a config with feed credentials stays readable by its owner only', () => {
    const file = configWith([{ id: 'paid', url: 'https://user:secret@paid.example/rss' }]);
    chmodSync(file, 0o600);
    addSourcesFromOpml(file, oneFeed);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('starts a config file that does not exist yet with the sources it adds, readable by its owner only', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-new-')), 'config.json');
    expect(addSourcesFromOpml(file, oneFeed)).toEqual({ added: ['public'], skipped: [], layoutKept: true, created: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      sources: [{ id: 'public', url: 'https://news.example/rss', title: 'Public' }],
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('starts no config file when the OPML adds nothing, nor in a folder that does not exist', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-new-'));
    const file = path.join(dir, 'config.json');
    expect(addSourcesFromOpml(file, opml('<outline text="Gopher" xmlUrl="gopher://old.example/feed"/>')).added).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(() => addSourcesFromOpml(path.join(dir, 'typo', 'config.json'), oneFeed)).toThrow(/cannot read: ENOENT/);
  });

  it('writes through a symlink to the file it names, and leaves the link in place', () => {
    const file = configWith([{ id: 'wire', url: 'https://wire.example/en.rss' }]);
    const link = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-link-')), 'config.json');
    symlinkSync(file, link);
    addSourcesFromOpml(link, oneFeed);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { sources: { id: string }[] }).sources.map((s) => s.id)).toEqual(['wire', 'public']);
  });
});
