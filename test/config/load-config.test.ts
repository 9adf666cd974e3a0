import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, jsonPath, loadConfig, parseConfig, resolveSourceLocation } from '../../src/config/load-config.js';

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
    ['no sources', { sources: [] }, 'sources: must list at least one source'],
    ['a bad cron', { schedule: 'every minute', sources: [{ id: 'a', url: 'a.xml' }] }, 'schedule: must be a cron expression'],
    ['a schedule that never fires', { schedule: '0 0 8 * 1#1', sources: [{ id: 'a', url: 'a.xml' }] }, 'schedule: never fires'],
    [
      'a bad source schedule',
      { sources: [{ id: 'a', url: 'a.xml', schedule: '99 * * * *' }] },
      'sources[0].schedule: must be a cron expression',
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
      'an unknown source in an output',
      { sources: [{ id: 'a', url: 'a.xml' }], outputs: [{ id: 'x', sources: ['b'] }] },
      'outputs[0].sources[0]: unknown source id "b"',
    ],
    ['an unknown key', { sources: [{ id: 'a', url: 'a.xml' }], databse: 'x.db' }, '(root): Unrecognized key: "databse"'],
    ['a port out of range', { sources: [{ id: 'a', url: 'a.xml' }], server: { port: 70000 } }, 'server.port:'],
    [
      'a regex that does not compile',
      { sources: [{ id: 'a', url: 'a.xml' }], outputs: [{ id: 'x', include: ['Ukraine', '/(unclosed/i'] }] },
      'outputs[0].include[1]: invalid regular expression',
    ],
    ['a threshold above 1', { sources: [{ id: 'a', url: 'a.xml' }], dedup: { threshold: 3 } }, 'dedup.threshold:'],
  ])('reports %s with its JSON path', (_name, raw, expected) => {
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
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

  it('formats JSON paths', () => {
    expect(jsonPath(['sources', 2, 'url'])).toBe('sources[2].url');
    expect(jsonPath([])).toBe('(root)');
  });

  it('accepts the shipped config files', () => {
    expect(loadConfig('config.json').sources.length).toBeGreaterThan(3);
    expect(loadConfig('config.demo.json').sources.length).toBe(3);
  });
});
