// reloadConfig: the file read again, compared with the running config; the keys that need a
// restart keep their running values, everything else is the file's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { reloadConfig } from '../../src/config/reload-config.js';

function configFile(content: object): { file: string; write(content: object | string): void } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-reload-config-')), 'config.json');
  const write = (next: object | string) => writeFileSync(file, typeof next === 'string' ? next : JSON.stringify(next));
  write(content);
  return { file, write };
}

const base = {
  database: 'a.db',
  server: { host: '127.0.0.1', port: 8080, baseUrl: 'http://localhost:8080' },
  sources: [
    { id: 'alpha', url: 'https://alpha.example/feed' },
    { id: 'beta', url: 'https://beta.example/feed' },
  ],
};

describe('reloadConfig', () => {
  it('returns the new file, frozen, with one line per kind of change', () => {
    const { file, write } = configFile(base);
    const running = loadConfig(file, {});
    write({
      ...base,
      server: { ...base.server, baseUrl: 'https://news.example' },
      fetch: { timeoutSeconds: 5 },
      sources: [
        { id: 'beta', url: 'https://beta.example/feed', priority: 2 },
        { id: 'gamma', url: 'https://gamma.example/feed' },
      ],
      outputs: [{ id: 'all' }, { id: 'beta-only', sources: ['beta'] }],
    });
    const { config, changes, needsRestart } = reloadConfig(running, {});
    expect(config.sources.map((s) => s.id)).toEqual(['beta', 'gamma']);
    expect(config.server.baseUrl).toBe('https://news.example');
    expect(Object.isFrozen(config) && Object.isFrozen(config.server) && Object.isFrozen(config.sources[0])).toBe(true);
    expect(changes).toEqual([
      'sources added: gamma',
      'sources removed: alpha',
      'sources changed: beta',
      'outputs added: beta-only',
      'outputs changed: all',
      'settings changed: server.baseUrl, fetch.timeoutSeconds',
    ]);
    expect(needsRestart).toEqual([]);
  });

  it('keeps database, server.host and server.port at their running values, naming each change', () => {
    const { file, write } = configFile(base);
    const running = loadConfig(file, {});
    write({ ...base, database: 'b.db', server: { ...base.server, host: '0.0.0.0', port: 9090 }, schedule: '*/5 * * * *' });
    const { config, changes, needsRestart } = reloadConfig(running, {});
    expect([config.database, config.server.host, config.server.port]).toEqual([running.database, '127.0.0.1', 8080]);
    expect(config.schedule).toBe('*/5 * * * *');
    expect(needsRestart).toEqual([
      `database: ${JSON.stringify(path.join(path.dirname(file), 'b.db'))} needs a restart; still ${JSON.stringify(running.database)}`,
      'server.host: "0.0.0.0" needs a restart; still "127.0.0.1"',
      'server.port: 9090 needs a restart; still 8080',
    ]);
    expect(changes).toEqual(['settings changed: schedule']);
  });

  it('keeps a baseUrl that follows the port (none in the file) on the port still served', () => {
    const { file, write } = configFile({ ...base, server: { port: 8099 } });
    const running = loadConfig(file, {});
    expect(running.server.baseUrl).toBe('http://localhost:8099');
    write({ ...base, server: { port: 9090 } });
    const { config, changes, needsRestart } = reloadConfig(running, {});
    expect(config.server.baseUrl).toBe('http://localhost:8099');
    expect(needsRestart).toEqual(['server.port: 9090 needs a restart; still 8099']);
    expect(changes).toEqual([]);
  });

  it("keeps a baseUrl the file writes, even one that equals the new port's default", () => {
    const { file, write } = configFile({ ...base, server: { port: 8099 } });
    const running = loadConfig(file, {});
    write({ ...base, server: { port: 9090, baseUrl: 'http://localhost:9090' } });
    const { config, changes } = reloadConfig(running, {});
    expect(config.server.baseUrl).toBe('http://localhost:9090');
    expect(changes).toEqual(['settings changed: server.baseUrl']);
  });

  it('applies the environment as at start: a variable still beats the file', () => {
    const { file, write } = configFile(base);
    const env = { FEEDMERGE_PORT: '7000' };
    const running = loadConfig(file, env);
    write({ ...base, server: { ...base.server, port: 9090 } });
    const { config, changes, needsRestart } = reloadConfig(running, env);
    expect(config.server.port).toBe(7000);
    expect(needsRestart).toEqual([]);
    expect(changes).toEqual([]);
  });

  it.each([
    ['not JSON', '{ "sources": [', ['(file): not valid JSON: ']],
    [
      'a second "sources" list',
      '{ "sources": [{ "id": "alpha", "url": "a.xml" }],\n  "sources": [{ "id": "beta", "url": "b.xml" }] }',
      [
        'sources: key "sources" written twice in one object (lines 1 and 2); JSON keeps only the last, so the first would be ignored: merge them into one',
      ],
    ],
    [
      'invalid values',
      { ...base, sources: [{ id: 'alpha', url: 'gopher://alpha.example/' }], outputs: [{ id: 'x', sources: ['beta'] }] },
      ['sources[0].url: must be an http(s) URL or a file path', 'outputs[0].sources[0]: unknown source id "beta"'],
    ],
  ])('throws ConfigError with every problem for %s', (_, content, problems) => {
    const { file, write } = configFile(base);
    const running = loadConfig(file, {});
    write(content);
    let error: unknown;
    try {
      reloadConfig(running, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(problems.map((p) => (p.endsWith(': ') ? expect.stringContaining(p) : p)));
  });

  // serve compares the file's text with what it last read and reloads from that same text: a third read
  // (there were three per reload) could catch an editor's write half done and report the file as broken.
  it('reloads from the text it is given, not from a new read of the file', () => {
    const { file, write } = configFile(base);
    const running = loadConfig(file, {});
    const compared = JSON.stringify({ ...base, sources: [...base.sources, { id: 'gamma', url: 'https://gamma.example/feed' }] });
    write('{ "sources": [ { "id": "gam'); // the file as an editor leaves it mid-write
    const { config, changes } = reloadConfig(running, {}, compared);
    expect(config.sources.map((s) => s.id)).toEqual(['alpha', 'beta', 'gamma']);
    expect(changes).toEqual(['sources added: gamma']);
  });
});
