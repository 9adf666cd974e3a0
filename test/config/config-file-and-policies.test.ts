// Issue 12's config part: filters that could hang are refused at load with their JSON path; the file is
// read as UTF-8 (a BOM is fine, anything else is named); fetch.allowPrivateNetworks and the hosts that
// config names literally become the fetch stage's SSRF policy.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load-config.js';
import { fetchSettings } from '../../src/worker/settings.js';

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw, '/srv/feedmerge/config.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const source = { id: 'a', url: 'a.xml' };

describe('output patterns at config load', () => {
  it('refuses /(a+)+$/ with its JSON path and the reason', () => {
    expect(problemsOf({ sources: [source], outputs: [{ id: 'x', include: ['/(a+)+$/'] }] })).toEqual([
      'outputs[0].include[0]: regular expression can backtrack catastrophically (nested quantifiers: a+ is repeated by an enclosing quantifier); rewrite it or use plain words',
    ]);
  });

  it('reports every unsafe pattern, in include and exclude alike', () => {
    const problems = problemsOf({
      sources: [source],
      outputs: [
        { id: 'x', include: ['Ukraine', '/(a|aa)+$/'] },
        { id: 'y', exclude: ['/\\bSport\\b/i', '/(\\w+\\s?)*$/'] },
      ],
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['outputs[0].include[1]', 'outputs[1].exclude[1]']);
  });

  it('accepts plain words and safe regexes', () => {
    expect(problemsOf({ sources: [source], outputs: [{ id: 'x', include: ['Bahn', '/^(?:Eil|Breaking):/i', '/\\d+ Tote/'] }] })).toEqual(
      [],
    );
  });
});

describe('the config file as bytes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-config-bytes-'));
  const write = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const problemOf = (file: string) => {
    try {
      loadConfig(file);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };
  const json = JSON.stringify({ sources: [{ id: 'a', url: 'a.xml', title: 'Nachrichten für Köln' }] });

  it('accepts a UTF-8 byte order mark', () => {
    const file = write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, 'utf8')]));
    expect(loadConfig(file).sources[0]!.title).toBe('Nachrichten für Köln');
  });

  it('names the first byte of a Latin-1 file instead of turning it into U+FFFD', () => {
    const latin1 = Buffer.from(json, 'latin1');
    const offset = latin1.indexOf(0xfc); // "ü"
    expect(problemOf(write('latin1.json', latin1))).toEqual([`(file): not UTF-8 (byte 0xFC at offset ${offset}); save the file as UTF-8`]);
    const umlaut = Buffer.from('{"sources":[{"id":"a","url":"a.xml","title":"ä"}]}', 'latin1');
    expect(problemOf(write('umlaut.json', umlaut))).toEqual([`(file): not UTF-8 (byte 0xE4 at offset 45); save the file as UTF-8`]);
  });

  it.each([
    ['a truncated sequence', [0x7b, 0xc3, 0x22], 1],
    ['an overlong encoding', [0x7b, 0xc0, 0xaf], 1],
    ['a UTF-8-encoded surrogate', [0x7b, 0xed, 0xa0, 0x80], 1],
    ['a lone continuation byte', [0x7b, 0x80], 1],
    ['a sequence cut off at the end', [0x7b, 0x20, 0xe2, 0x82], 2],
  ])('names %s', (_name, bytes, offset) => {
    const file = write(`bad-${offset}-${bytes.length}.json`, Buffer.from(bytes));
    const byte = bytes[offset]!.toString(16).toUpperCase();
    expect(problemOf(file)).toEqual([`(file): not UTF-8 (byte 0x${byte} at offset ${offset}); save the file as UTF-8`]);
  });

  it('says UTF-16 when the file is UTF-16', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]);
    expect(problemOf(write('utf16.json', utf16))).toEqual([
      '(file): UTF-16 (byte order mark at offset 0), not UTF-8; save the file as UTF-8',
    ]);
  });
});

describe('fetch.allowPrivateNetworks and the SSRF policy the fetch stage gets', () => {
  it('defaults to false and takes only a boolean', () => {
    expect(parseConfig({ sources: [source] }, '/srv/config.json').fetch.allowPrivateNetworks).toBe(false);
    expect(parseConfig({ sources: [source], fetch: { allowPrivateNetworks: true } }, '/srv/config.json').fetch.allowPrivateNetworks).toBe(
      true,
    );
    expect(problemsOf({ sources: [source], fetch: { allowPrivateNetworks: 'yes' } })[0]).toMatch(/^fetch\.allowPrivateNetworks: /);
  });

  it('allows the non-public hosts that sources name literally, and nothing else', () => {
    const config = parseConfig(
      {
        sources: [
          { id: 'local', url: 'http://127.0.0.1:8081/feed' },
          { id: 'hex', url: 'http://0x7f000001:9000/feed' },
          { id: 'name', url: 'https://localhost/feed' },
          { id: 'v6', url: 'http://[::1]:8082/feed' },
          { id: 'lan', url: 'http://192.168.1.20/rss' },
          { id: 'metadata', url: 'http://169.254.169.254/latest' },
          { id: 'public', url: 'https://www.tagesschau.de/xml/rss2/' },
          { id: 'intranet', url: 'http://feeds.intranet.example/rss' },
          { id: 'file', url: 'feeds/local.xml' },
        ],
      },
      '/srv/feedmerge/config.json',
    );
    expect(fetchSettings(config).privateNetworks).toEqual({
      allowPrivateNetworks: false,
      operatorNamedHosts: ['127.0.0.1:8081', '127.0.0.1:9000', 'localhost:443', '[::1]:8082', '192.168.1.20:80', '169.254.169.254:80'],
    });
    // URLs typed on the command line (`feedmerge parse <url>`) are the operator's too.
    expect(fetchSettings(config, ['http://127.0.0.1:7000/x']).privateNetworks?.operatorNamedHosts).toContain('127.0.0.1:7000');
  });
});
