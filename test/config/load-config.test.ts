import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  jsonErrorText,
  jsonPath,
  loadConfig,
  loadConfigToAddSources,
  parseConfig,
  resolveSourceLocation,
} from '../../src/config/load-config.js';

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw, '/srv/feedmerge/config.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config validation', () => {
  it.each([
    [
      'a non-http scheme',
      { sources: [{ id: 'a', url: 'ftp://example.org/feed' }] },
      'sources[0].url: must be an http(s) URL or a file path',
    ],
    ['an empty url', { sources: [{ id: 'a', url: '' }] }, 'sources[0].url: must be an http(s) URL or a file path'],
    ['no sources', { sources: [] }, 'sources: must list at least one source (`feedmerge sources add <url>` adds one)'],
    // zod's own words for an absent key ("Invalid input: expected array, received undefined") say it the long way round.
    [
      'a misspelt "sources"',
      { source: [{ id: 'a', url: 'a.xml' }] },
      'sources: required: the feeds to poll, a list of { "id": …, "url": … } (`feedmerge sources add <url>` adds one)',
    ],
    ['a source without an id', { sources: [{ url: 'a.xml' }] }, 'sources[0].id: required (string)'],
    ['an output without an id', { sources: [{ id: 'a', url: 'a.xml' }], outputs: [{ title: 'x' }] }, 'outputs[0].id: required (string)'],
    ['a bad cron', { schedule: 'every minute', sources: [{ id: 'a', url: 'a.xml' }] }, 'schedule: must be a cron expression'],
    ['a schedule that never fires', { schedule: '0 0 8 * 1#1', sources: [{ id: 'a', url: 'a.xml' }] }, 'schedule: never fires'],
    [
      'a bad source schedule',
      { sources: [{ id: 'a', url: 'a.xml', schedule: '99 * * * *' }] },
      "sources[0].schedule: 99 is outside the minute field's 0–59",
    ],
    [
      'a duplicate id',
      {
        sources: [
          { id: 'a', url: 'a.xml' },
          { id: 'a', url: 'b.xml' },
        ],
      },
      'sources[1].id: duplicate source id "a"',
    ],
    [
      'a misspelt source id in an output',
      {
        sources: [
          { id: 'worldwire', url: 'a.xml' },
          { id: 'dailytryout', url: 'b.xml' },
        ],
        outputs: [{ id: 'x', sources: ['worldwire', 'dailytryot'] }],
      },
      'outputs[0].sources[1]: unknown source id "dailytryot" (did you mean "dailytryout"?)',
    ],
    [
      'an unknown source in an output',
      { sources: [{ id: 'a', url: 'a.xml' }], outputs: [{ id: 'x', sources: ['b'] }] },
      'outputs[0].sources[0]: unknown source id "b"',
    ],
    [
      'a misspelt key',
      { sources: [{ id: 'a', url: 'a.xml' }], databse: 'x.db' },
      '(root): unknown key "databse" (did you mean "database"?)',
    ],
    [
      'a key in the wrong case',
      { sources: [{ id: 'a', url: 'a.xml' }], publicdir: 'p' },
      '(root): unknown key "publicdir" (did you mean "publicDir"?)',
    ],
    [
      'two letters swapped',
      { sources: [{ id: 'a', url: 'a.xml', titel: 'A' }] },
      'sources[0]: unknown key "titel" (did you mean "title"?)',
    ],
    [
      'a misspelling of a key the object has already (not "did you mean" it)',
      { sources: [{ id: 'a', url: 'a.xml', title: 'A', titel: 'B' }] },
      'sources[0]: unknown key "titel" (known here: id, url, title,',
    ],
    [
      'a key like none (the keys the object takes are listed)',
      { sources: [{ id: 'a', url: 'a.xml' }], fetch: { proxy: 'http://proxy:3128' } },
      'fetch: unknown key "proxy" (known here: timeoutSeconds, connectTimeoutSeconds, maxBodyBytes, maxRedirects, redirectConfirmations, concurrency, perHostConcurrency, minIntervalMinutes, maxIntervalHours, maxBackoffHours, userAgent, allowPrivateNetworks)',
    ],
    // A short key is not taken for another short one two letters away ("x" is not "id").
    ['a short unknown key', { sources: [{ id: 'a', url: 'a.xml', x: 1 }] }, 'sources[0]: unknown key "x" (known here: '],
    ['a port out of range', { sources: [{ id: 'a', url: 'a.xml' }], server: { port: 70000 } }, 'server.port:'],
    [
      'a regex that does not compile',
      { sources: [{ id: 'a', url: 'a.xml' }], outputs: [{ id: 'x', include: ['Ukraine', '/(unclosed/i'] }] },
      'outputs[0].include[1]: invalid regular expression',
    ],
    ['a threshold above 1', { sources: [{ id: 'a', url: 'a.xml' }], dedup: { threshold: 3 } }, 'dedup.threshold:'],
    [
      'an unknown time zone',
      { timezone: 'Europe/Berlín', sources: [{ id: 'a', url: 'a.xml' }] },
      'timezone: unknown time zone "Europe/Berlín" (an IANA name such as "Europe/Berlin" or "UTC")',
    ],
    [
      'an unknown source time zone',
      { sources: [{ id: 'a', url: 'a.xml', timezone: 'CEST' }] },
      'sources[0].timezone: unknown time zone "CEST"',
    ],
    [
      'a cron field out of range, naming the field',
      { schedule: '0 25 * * *', sources: [{ id: 'a', url: 'a.xml' }] },
      "schedule: 25 is outside the hour field's 0–23",
    ],
    // node-cron takes these (`*/61` ran hourly, `5-1` wrapped round the hour); standard cron refuses them.
    [
      'a step wider than its field',
      { schedule: '*/61 * * * *', sources: [{ id: 'a', url: 'a.xml' }] },
      "schedule: step 61 is larger than the minute field's 0–59",
    ],
    [
      'a reversed range',
      { sources: [{ id: 'a', url: 'a.xml', schedule: '5-1 * * * *' }] },
      "sources[0].schedule: range 5-1 is reversed: ranges go from low to high (the minute field's 0–59); to wrap around, write two (5-59,0-1)",
    ],
    // A language picks the engine's stopwords and is published as RSS <language> / JSON Feed "language".
    [
      'a language that is no tag',
      { sources: [{ id: 'a', url: 'a.xml', language: 'German' }] },
      'sources[0].language: must be a language tag such as "de" or "de-CH", not "German"',
    ],
    [
      'an output language that is no tag',
      { sources: [{ id: 'a', url: 'a.xml' }], outputs: [{ id: 'x', languages: ['de', 'german!!'] }] },
      'outputs[0].languages[1]: must be a language tag such as "de" or "de-CH", not "german!!"',
    ],
    // Node's recursive mkdir never returns under /proc (src/config/kernel-file-system.ts): refused before any write.
    [
      'a publicDir in /proc',
      { publicDir: '/proc/feedmerge/public', sources: [{ id: 'a', url: 'a.xml' }] },
      'publicDir: "/proc/feedmerge/public" is in /proc, a file system the kernel makes up; /proc, /sys and /dev are not places for files (choose a folder on a disk)',
    ],
    [
      'a database in /sys',
      { database: '/sys/feedmerge.db', sources: [{ id: 'a', url: 'a.xml' }] },
      'database: "/sys/feedmerge.db" is in /sys',
    ],
    [
      'a relative publicDir that leads to /dev',
      { publicDir: '../../dev/x/../feedmerge', sources: [{ id: 'a', url: 'a.xml' }] },
      'publicDir: "/dev/feedmerge" is in /dev',
    ],
    // Node's timers hold 2^31-1 ms: 1e9 s ("no limit") fired after 1 ms and failed every parse on a thread.
    [
      'a parse time limit past an hour',
      { parse: { timeoutSeconds: 1e9 }, sources: [{ id: 'a', url: 'a.xml' }] },
      'parse.timeoutSeconds: must be at most 3600 (an hour)',
    ],
    // AbortSignal.timeout(1e12) threw on every fetch; 3e9 ms aborted after 1 ms.
    [
      'a fetch timeout past an hour',
      { fetch: { timeoutSeconds: 1e9 }, sources: [{ id: 'a', url: 'a.xml' }] },
      'fetch.timeoutSeconds: must be at most 3600 (an hour)',
    ],
    [
      'a connect timeout past an hour',
      { fetch: { connectTimeoutSeconds: 3e6 }, sources: [{ id: 'a', url: 'a.xml' }] },
      'fetch.connectTimeoutSeconds: must be at most 3600 (an hour)',
    ],
    ['a parse time limit of 0', { parse: { timeoutSeconds: 0 }, sources: [{ id: 'a', url: 'a.xml' }] }, 'parse.timeoutSeconds: '],
  ])('reports %s with its JSON path', (_name, raw, expected) => {
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  // A mistyped URL is no file path: read as one, it failed only at the first poll ("cannot read /srv/feedmerge/http:/…").
  it.each([
    ['http:/news.example/rss', 'must be an http(s) URL or a file path: "http:/news.example/rss" is missing a "/" after "http:"'],
    ['https:news.example/rss', 'must be an http(s) URL or a file path: "https:news.example/rss" is missing a "/" after "https:"'],
    ['http//news.example/rss', 'must be an http(s) URL or a file path: "http//news.example/rss" is missing the ":" after "http"'],
    // A host and port with no scheme before them: read as a path, "127.0.0.1:9301/wire.rss" failed at every poll as a missing file.
    [
      '127.0.0.1:9301/wire.rss',
      'must be an http(s) URL or a file path: "127.0.0.1:9301/wire.rss" is a host and port without "http://" before them, and no such file exists (a file whose name has a ":" is written "./127.0.0.1:9301/wire.rss")',
    ],
    [
      'localhost:8081/feeds/all.xml',
      'must be an http(s) URL or a file path: "localhost:8081/feeds/all.xml" is a host and port without "http://" before them, and no such file exists (a file whose name has a ":" is written "./localhost:8081/feeds/all.xml")',
    ],
    [
      'news.example:8080',
      'must be an http(s) URL or a file path: "news.example:8080" is a host and port without "http://" before them, and no such file exists (a file whose name has a ":" is written "./news.example:8080")',
    ],
    [
      'www.tagesschau.de/index~rss2.xml',
      'must be an http(s) URL or a file path: "www.tagesschau.de/index~rss2.xml" is a host name without "https://" before it, and no such file exists (a file in a folder of that name is written "./www.tagesschau.de/index~rss2.xml")',
    ],
    [
      'htp:/news.example/rss',
      'must be an http(s) URL or a file path: "htp:/news.example/rss" begins with the scheme "htp:", which is not http or https (a file whose name has a ":" is written "./htp:/news.example/rss")',
    ],
  ])('refuses the mistyped URL %s, saying what is wrong', (url, expected) => {
    expect(problemsOf({ sources: [{ id: 'a', url }] })).toEqual([`sources[0].url: ${expected}`]);
  });

  it.each([
    'feeds/a.xml',
    '/srv/feeds/a.xml',
    './htp:/a.xml',
    'C:\\feeds\\a.xml',
    'http-feeds/a.xml',
    'HTTPS://news.example/rss',
    'http://[::1]:8080/feed',
    'https://bücher.example/feed',
    // file names with a colon, as `sources add` writes them: no "/" after the colon, so no scheme
    'news:today.xml',
    'ab:c.xml',
    'feeds:de/a.xml',
    'feeds:2024/a.xml',
    './127.0.0.1:9301/wire.rss',
    './www.tagesschau.de/index~rss2.xml',
    'mirror/www.tagesschau.de/index~rss2.xml',
    'www/feed.xml',
    'www.xml',
    'www.heise.de.xml',
  ])('still takes %s as a source', (url) => {
    expect(problemsOf({ sources: [{ id: 'a', url }] })).toEqual([]);
  });

  // As for keys, the id suggested is never one the output lists already: "dpa" is as near to "dpa2" as "dpa-2" is.
  it('suggests for an unknown output source id only a source the output does not list yet', () => {
    const sources = [
      { id: 'dpa', url: 'a.xml' },
      { id: 'dpa-2', url: 'b.xml' },
    ];
    expect(problemsOf({ sources, outputs: [{ id: 'x', sources: ['dpa', 'dpa2'] }] })).toEqual([
      'outputs[0].sources[1]: unknown source id "dpa2" (did you mean "dpa-2"?)',
    ]);
    expect(problemsOf({ sources, outputs: [{ id: 'x', sources: ['dpa', 'dpa-2', 'dpa2'] }] })).toEqual([
      'outputs[0].sources[2]: unknown source id "dpa2"',
    ]);
  });

  // wget -x / -m mirrors are named after the host ("www.example.org/feed.xml", a folder "127.0.0.1:9301"): an
  // existing file, resolved against the config's folder as the poll reads it, is a file, whatever its name.
  it('takes a host-named path that exists in the config folder as a file, and refuses one that does not', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-config-'));
    for (const file of ['www.example.org/feed.xml', '127.0.0.1:9301/wire.rss', 'localhost:8081']) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), '<rss version="2.0"><channel><title>t</title></channel></rss>');
    }
    const file = path.join(dir, 'config.json');
    const sources = [
      { id: 'a', url: 'www.example.org/feed.xml' },
      { id: 'b', url: '127.0.0.1:9301/wire.rss' },
      { id: 'c', url: 'localhost:8081' },
    ];
    writeFileSync(file, JSON.stringify({ sources }));
    expect(loadConfig(file, {}).sources.map((s) => resolveSourceLocation(s.url, { baseDir: dir }))).toEqual([
      path.join(dir, 'www.example.org/feed.xml'),
      path.join(dir, '127.0.0.1:9301/wire.rss'),
      path.join(dir, 'localhost:8081'),
    ]);
    writeFileSync(
      file,
      JSON.stringify({ sources: [...sources, { id: 'd', url: 'www.example.com/other.xml' }, { id: 'e', url: 'www.example.org?x' }] }),
    );
    expect(() => loadConfig(file, {})).toThrow(ConfigError);
    try {
      loadConfig(file, {});
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'sources[3].url: must be an http(s) URL or a file path: "www.example.com/other.xml" is a host name without "https://" before it, and no such file exists (a file in a folder of that name is written "./www.example.com/other.xml")',
        'sources[4].url: must be an http(s) URL or a file path: "www.example.org?x" is a host name without "https://" before it, and no such file exists (a file of that name is written "./www.example.org?x")',
      ]);
    }
  });

  // A mirror job replaces a file (rm, then download) while the host-named folder stays: the config stays
  // valid and only that source's poll fails, as for any missing file; a folder named so is no URL.
  it('takes a host-named path whose file is gone as a file while its first folder exists in the config folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-config-'));
    try {
      mkdirSync(path.join(dir, 'www.example.org'));
      mkdirSync(path.join(dir, '127.0.0.1:9301'));
      writeFileSync(path.join(dir, 'www.example.com'), 'a file, not a folder');
      const file = path.join(dir, 'config.json');
      const sources = [
        { id: 'a', url: 'www.example.org/feed.xml' },
        { id: 'b', url: '127.0.0.1:9301/wire.rss' },
      ];
      writeFileSync(file, JSON.stringify({ sources }));
      expect(loadConfig(file, {}).sources.map((s) => resolveSourceLocation(s.url, { baseDir: dir }))).toEqual([
        path.join(dir, 'www.example.org/feed.xml'),
        path.join(dir, '127.0.0.1:9301/wire.rss'),
      ]);
      // A first segment that is a file, or not there, is no mirror folder.
      writeFileSync(
        file,
        JSON.stringify({
          sources: [
            { id: 'c', url: 'www.example.com/feed.xml' },
            { id: 'd', url: '127.0.0.1:9302/wire.rss' },
          ],
        }),
      );
      expect(() => loadConfig(file, {})).toThrow(ConfigError);
      try {
        loadConfig(file, {});
      } catch (error) {
        expect((error as ConfigError).problems).toEqual([
          'sources[0].url: must be an http(s) URL or a file path: "www.example.com/feed.xml" is a host name without "https://" before it, and no such file exists (a file in a folder of that name is written "./www.example.com/feed.xml")',
          'sources[1].url: must be an http(s) URL or a file path: "127.0.0.1:9302/wire.rss" is a host and port without "http://" before them, and no such file exists (a file whose name has a ":" is written "./127.0.0.1:9302/wire.rss")',
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports every problem at once, one line each', () => {
    const problems = problemsOf({
      schedule: 'nope',
      sources: [
        { id: 'a', url: 'ftp://x' },
        { id: 'b', url: '' },
      ],
    });
    expect(problems).toHaveLength(3);
  });

  // /dev/shm is a tmpfs for files (the eval's runs live there).
  it.each(['/procurement/public', '/srv/proc/public', '/var/lib/feedmerge/dev', 'proc', '/dev/shm/feedmerge-eval'])(
    'lets publicDir and database be %s',
    (place) => {
      expect(problemsOf({ publicDir: place, database: `${place}/feedmerge.db`, sources: [{ id: 'a', url: 'a.xml' }] })).toEqual([]);
    },
  );

  it('fills the documented defaults and the "all" output', () => {
    const config = parseConfig({ sources: [{ id: 'a', url: 'feeds/a.xml' }] }, '/srv/feedmerge/config.json');
    expect(config.database).toBe('/srv/feedmerge/data/feedmerge.db');
    expect(config.publicDir).toBe('/srv/feedmerge/data/public');
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8080, baseUrl: 'http://localhost:8080' });
    expect(config.schedule).toBe('*/10 * * * *');
    expect(config.outputs.map((o) => o.id)).toEqual(['all']);
    expect(config.sources[0]).toMatchObject({ priority: 0, dedup: true, enabled: true });
    expect(Object.isFrozen(config.sources[0])).toBe(true);
  });

  it('resolves file sources against the config folder and keeps URLs', () => {
    const config = parseConfig({ sources: [{ id: 'a', url: 'x.xml' }] }, '/srv/feedmerge/config.json');
    expect(resolveSourceLocation('feeds/a.xml', config)).toBe('/srv/feedmerge/feeds/a.xml');
    expect(resolveSourceLocation('https://example.org/rss', config)).toBe('https://example.org/rss');
  });

  it('names the file when it is missing or not JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-config-'));
    expect(() => loadConfig(path.join(dir, 'missing.json'))).toThrow(/cannot read: ENOENT/);
    writeFileSync(path.join(dir, 'bad.json'), '{ "sources": [ }');
    expect(() => loadConfig(path.join(dir, 'bad.json'))).toThrow(ConfigError);
  });

  it.each(['', ' \n'])('says an empty file (%j) is empty, not "Unexpected end of JSON input"', (text) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-config-')), 'config.json');
    writeFileSync(file, `\ufeff${text}`);
    expect(() => loadConfig(file)).toThrow(/\(file\): empty; it must hold a JSON object with at least "sources"/);
  });

  it('says what an errno code means when the file cannot be read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-config-'));
    expect(() => loadConfig(path.join(dir, 'missing.json'))).toThrow(/cannot read: ENOENT \(no such file\)/);
    expect(() => loadConfig(dir)).toThrow(/cannot read: EISDIR \(is a directory\)/);
  });

  // Node 20 quotes the text around a JSON error, newlines included, and gives no offset for an
  // unexpected token: the problem must stay one line and say where to look in an editor.
  it.each([
    ['a trailing comma in a list', '{\n  "sources": [\n    {"id": "a", "url": "x"},\n  ]\n}\n', 'line 4, column 3'],
    ['a trailing comma in an object', '{ "sources": [], }', 'line 1, column 18'],
    ['a missing value', '{ "sources": [ }', 'line 1, column 16'],
    ['text after the object', '{ "sources": [] }\nx', 'line 2, column 1'],
    ['a cut string', '{ "sources": [], "database": "x', 'line 1, column 32'],
  ])('reports %s on one line with its line and column', (_, text, where) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-config-'));
    writeFileSync(path.join(dir, 'config.json'), text);
    let problems: string[] = [];
    try {
      loadConfig(path.join(dir, 'config.json'));
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\(file\): not valid JSON: /);
    expect(problems[0]).not.toContain('\n');
    expect(problems[0]).toContain(`(${where})`);
  });

  // Node 20 gives "Unexpected end of JSON input" alone: an operator looked for a place it never named.
  it('says where a file cut short (a "]" or "}" too few) ends', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-config-'));
    writeFileSync(path.join(dir, 'config.json'), '{\n  "sources": [\n');
    let problems: string[] = [];
    try {
      loadConfig(path.join(dir, 'config.json'));
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      expect.stringMatching(
        /^\(file\): not valid JSON: .* \(the file ends at line 2, column 15, before the JSON does: a "\]", "\}" or closing quote is missing\)$/,
      ),
    ]);
  });

  it('keeps the line a JSON message already names (Node 22)', () => {
    const message = 'Unexpected token \'}\', "{ "a": }" is not valid JSON (line 1 column 8)';
    expect(jsonErrorText(message, '{ "a": }')).toBe("Unexpected token '}' (line 1 column 8)");
  });

  it('reads a language tag written with an underscore as BCP 47 writes it', () => {
    const config = parseConfig(
      { sources: [{ id: 'a', url: 'a.xml', language: 'de_DE' }], outputs: [{ id: 'x', languages: ['de_CH'] }] },
      '/srv/feedmerge/config.json',
    );
    expect([config.sources[0]!.language, config.outputs[0]!.languages]).toEqual(['de-DE', ['de-CH']]);
  });

  it('formats JSON paths', () => {
    expect(jsonPath(['sources', 2, 'url'])).toBe('sources[2].url');
    expect(jsonPath([])).toBe('(root)');
  });

  it('accepts a "$schema" key for editors, and time zones', () => {
    const config = parseConfig(
      {
        $schema: './config.schema.json',
        timezone: 'Europe/Berlin',
        sources: [
          { id: 'a', url: 'a.xml' },
          { id: 'b', url: 'b.xml', schedule: '0 6 * * *', timezone: 'America/New_York' },
        ],
      },
      '/srv/feedmerge/config.json',
    );
    expect(config.timezone).toBe('Europe/Berlin');
    expect(config.sources[1]!.timezone).toBe('America/New_York');
    expect(parseConfig({ sources: [{ id: 'a', url: 'a.xml' }] }, '/srv/config.json').timezone).toBe('UTC');
  });

  it('accepts the shipped config files', () => {
    expect(loadConfig('config.json').sources.length).toBeGreaterThan(3);
    expect(loadConfig('config.demo.json').sources.length).toBe(3);
  });

  it('keeps the demo apart from the shipped config: its own database, publicDir and port', () => {
    // A user who tries `npm run demo` and then `npm start` must not find the demo's stories in
    // the real feeds, nor one of the two unable to listen while the other runs.
    const shipped = loadConfig('config.json');
    const demo = loadConfig('config.demo.json');
    expect(demo.database).not.toBe(shipped.database);
    expect(demo.publicDir).not.toBe(shipped.publicDir);
    expect(demo.server.port).not.toBe(shipped.server.port);
    expect(new URL(demo.server.baseUrl).port).toBe(String(demo.server.port));
  });
});

// `sources add` and `sources import` read a config that has no source yet; the file after the add is checked in full before it is written.
describe('a config to add the first sources to', () => {
  function problemsToAdd(raw: object): string[] {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-config-')), 'config.json');
    writeFileSync(file, JSON.stringify(raw));
    try {
      expect(loadConfigToAddSources(file).sources).toEqual([]);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  }

  it.each([
    ['no "sources" key', { database: 'a.db' }, []],
    ['an empty list', { sources: [] }, []],
    // The source being added may be the one an output names.
    ['an output naming a source to come', { sources: [], outputs: [{ id: 'o', sources: ['stadt', 'land'] }] }, []],
    [
      'an output naming an id no source can have',
      { outputs: [{ id: 'o', sources: ['no id!'] }] },
      ['outputs[0].sources[0]: unknown source id "no id!"'],
    ],
    ['another key wrong', { schedule: 'every minute', sources: [] }, [expect.stringMatching(/^schedule: must be a cron expression/)]],
  ])('%s', (_, raw, problems) => {
    expect(problemsToAdd(raw)).toEqual(problems);
  });
});

describe('environment overrides', () => {
  const file = '/srv/feedmerge/config.json';
  const raw = { database: 'data/x.db', server: { host: '127.0.0.1', port: 8080 }, sources: [{ id: 'a', url: 'a.xml' }] };

  function envProblems(env: Record<string, string>): string[] {
    try {
      parseConfig(raw, file, env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  }

  it('win over config.json, which wins over the defaults', () => {
    const config = parseConfig(raw, file, {
      FEEDMERGE_DATABASE: '/var/lib/feedmerge/feedmerge.db',
      FEEDMERGE_PUBLIC_DIR: '/var/lib/feedmerge/public',
      FEEDMERGE_HOST: '0.0.0.0',
      FEEDMERGE_PORT: '9090',
      FEEDMERGE_BASE_URL: 'https://news.example.org',
    });
    expect(config.database).toBe('/var/lib/feedmerge/feedmerge.db');
    expect(config.publicDir).toBe('/var/lib/feedmerge/public');
    expect(config.server).toEqual({ host: '0.0.0.0', port: 9090, baseUrl: 'https://news.example.org' });
    // Without variables: the file, then the defaults.
    expect(parseConfig(raw, file, {}).server).toEqual({ host: '127.0.0.1', port: 8080, baseUrl: 'http://localhost:8080' });
  });

  // Self links, paging links and links to the output page are built from baseUrl: with a fixed
  // http://localhost:8080, a server on 8099 sent readers to 8080.
  it.each([
    ['the port of the file', { port: 8099 }, {}, 'http://localhost:8099'],
    ['the port of a variable', {}, { PORT: '3000' }, 'http://localhost:3000'],
    ['a baseUrl of the file, whatever the port', { port: 8099, baseUrl: 'https://news.example.org/' }, {}, 'https://news.example.org/'],
    [
      'FEEDMERGE_BASE_URL, whatever the port',
      { port: 8099 },
      { FEEDMERGE_BASE_URL: 'https://news.example.org' },
      'https://news.example.org',
    ],
    ['the default for port 0 (known only once listening)', { port: 0 }, {}, 'http://localhost:8080'],
  ])('without server.baseUrl, links to localhost on the port served: %s', (_, server, env, baseUrl) => {
    expect(parseConfig({ ...raw, server }, file, env).server.baseUrl).toBe(baseUrl);
  });

  it('takes PORT when FEEDMERGE_PORT is unset or empty, and FEEDMERGE_PORT first', () => {
    expect(parseConfig(raw, file, { PORT: '3000' }).server.port).toBe(3000);
    expect(parseConfig(raw, file, { PORT: '3000', FEEDMERGE_PORT: '' }).server.port).toBe(3000);
    expect(parseConfig(raw, file, { PORT: '3000', FEEDMERGE_PORT: '4000' }).server.port).toBe(4000);
  });

  it('reads a relative path in a variable against the working directory, not the config folder', () => {
    expect(parseConfig(raw, file, { FEEDMERGE_DATABASE: 'other.db' }).database).toBe(path.resolve('other.db'));
    expect(parseConfig(raw, file, { FEEDMERGE_DATABASE: ':memory:' }).database).toBe(':memory:');
  });

  it.each([
    [{ FEEDMERGE_PORT: 'eighty' }, 'FEEDMERGE_PORT: must be a port number from 0 to 65535, not "eighty"'],
    [{ PORT: '70000' }, 'PORT: must be a port number from 0 to 65535, not "70000"'],
    [{ FEEDMERGE_BASE_URL: 'ftp://news.example.org' }, 'FEEDMERGE_BASE_URL (server.baseUrl): '],
    [{ FEEDMERGE_PUBLIC_DIR: '/proc/self/public' }, 'FEEDMERGE_PUBLIC_DIR (publicDir): "/proc/self/public" is in /proc'],
    [{ FEEDMERGE_DATABASE: 'postgres://feedmerge@/proc' }, null],
    [{ FEEDMERGE_HOST: '' }, null],
  ])('reports a bad value %j like a config error, naming the variable', (env, expected) => {
    const problems = envProblems(env);
    if (expected === null) expect(problems).toEqual([]);
    else expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  // Node hands any host to getaddrinfo at listen: "bad host" passed here and `serve` then exited 1 (ENOTFOUND).
  it.each(['localhost', '0.0.0.0', '::', '::1', '127.0.0.1', 'fe80::1%eth0', 'feeds.example.org', 'feeds.example.org.', 'feed_merge'])(
    'takes the listen host %j',
    (host) => {
      expect(parseConfig(raw, file, { FEEDMERGE_HOST: host }).server.host).toBe(host);
      expect(parseConfig({ ...raw, server: { host } }, file).server.host).toBe(host);
    },
  );

  it.each([
    ['bad host', ''],
    ['256.1.1.1', ''],
    ['-feeds.example', ''],
    ['feeds..example', ''],
    ['http://feeds.example', ''],
    ['[::1]', '; write an IPv6 address without brackets'],
  ])('reports the listen host %j as a config error naming the variable or the key', (host, hint) => {
    const message = `must be an IP address or a host name (such as 127.0.0.1, 0.0.0.0, ::1 or localhost), not ${JSON.stringify(host)}${hint}`;
    expect(envProblems({ FEEDMERGE_HOST: host })).toEqual([`FEEDMERGE_HOST (server.host): ${message}`]);
    expect(() => parseConfig({ ...raw, server: { host } }, file)).toThrow(`server.host: ${message}`);
  });

  it('are applied by loadConfig from the environment it is given, and only there', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-config-'));
    const configFile = path.join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(raw));
    expect(loadConfig(configFile, { PORT: '5555' }).server.port).toBe(5555);
    expect(loadConfig(configFile, {}).server.port).toBe(8080);
    // No other module reads the environment (STYLE.md: config is read once, here).
    const readers = sourceFiles('src').filter((f) => /process\.env/.test(readFileSync(f, 'utf8')));
    expect(readers).toEqual([path.join('src', 'config', 'load-config.ts')]);
  });
});

describe('config is a leaf', () => {
  it('src/config imports nothing of fetch or publish (or any other stage)', () => {
    const imports = sourceFiles(path.join('src', 'config')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)].map((m) => m[1]!),
    );
    // Only top-level modules that are no stage (cron-schedule.ts), never a stage's folder.
    expect(imports.filter((i) => /^\.\.\/(fetch|publish|parse|store|dedup|worker|cli)\//.test(i))).toEqual([]);
    expect(imports).toContain('../cron-schedule.js');
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}
