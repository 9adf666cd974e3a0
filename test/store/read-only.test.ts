// A database file this process may read but not write (file mode 0444 for a normal user; for root,
// the immutable attribute): `serve` serves it, warning once that the documents' validators cannot
// be saved, and a poll reports every source as not stored (kind read-only), blaming none of them.
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { createLog } from '../../src/log.js';
import { metrics } from '../../src/metrics.js';
import { openStore } from '../../src/store/open-store.js';
import { runPollCycle } from '../../src/worker/poll-cycle.js';
import { pollAndPublish, startService, workerContext } from '../../src/worker/service.js';
import { Publisher } from '../../src/worker/publisher.js';

const root = path.resolve(import.meta.dirname, '../..');
const sample = (name: string) => path.join(root, 'data/samples', name);

/** Makes `file` unwritable for this process; false when that is not possible here. */
function makeReadOnly(file: string): boolean {
  chmodSync(file, 0o444);
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    } catch {
      // No chattr, or a file system without the attribute: root can still write.
    }
  }
  try {
    closeSync(openSync(file, 'r+'));
    return false;
  } catch {
    return true;
  }
}

function makeWritable(file: string): void {
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
    } catch {
      // nothing was set
    }
  }
  chmodSync(file, 0o644);
}

describe('a database this process may only read', () => {
  let dir: string;
  let config: Config;
  let readOnly = false;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-readonly-'));
    config = parseConfig(
      {
        database: 'feedmerge.db',
        publicDir: 'public',
        server: { port: 0 },
        sources: [
          { id: 'dpa', url: sample('dpa-newsticker.rss') },
          { id: 'tag24', url: sample('tag24-ukraine-ticker.atom') },
        ],
      },
      path.join(dir, 'config.json'),
    );
    const store = await openStore(config.database);
    await pollAndPublish(workerContext(config, store), new Publisher(config, store), new Date('2026-02-05T12:00:00Z'), { force: true });
    await store.close();
    readOnly = makeReadOnly(config.database);
    if (!readOnly) console.warn('skipping: this process can write any file (root without chattr +i support)');
  });
  afterEach(() => {
    makeWritable(config.database);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is served, with one warning that the validators cannot be saved', async (context) => {
    if (!readOnly) return context.skip();
    const lines: string[] = [];
    const log = createLog(new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString().trim()), done()) }), 'text');
    const service = await startService(config, log, { poll: false });
    try {
      expect(lines.filter((l) => / warn /.test(l))).toEqual([
        expect.stringMatching(
          / warn could not save the validators of the published documents: attempt to write a readonly database \(the file ".+\/feedmerge\.db" cannot be written: (EPERM|EACCES) \([a-z ]+\)\)$/,
        ),
      ]);
      const feed = await fetch(`${service.url}/feeds/all.atom`);
      expect(feed.status).toBe(200);
      expect(await feed.text()).toContain('Nato-Generalsekretär Rutte zu Besuch in Kiew');
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    } finally {
      await service.stop();
    }
  });

  it('is not written by a poll: every source not stored, kind read-only, none blamed', async (context) => {
    if (!readOnly) return context.skip();
    const before = readFileSync(config.database);
    const readOnlyCount = async () => (await metrics.storeFailures.get()).values.find((v) => v.labels.kind === 'read-only')?.value ?? 0;
    const counted = await readOnlyCount();
    const store = await openStore(config.database);
    const report = await runPollCycle(workerContext(config, store), new Date('2026-02-05T13:00:00Z'), { force: true });
    // SQLite's words, then the file and the cause (before, the words alone).
    const cause = new RegExp(
      `^store error: attempt to write a readonly database \\(the file "${config.database}" cannot be written: (EPERM|EACCES) \\([a-z ]+\\)\\)$`,
    );
    expect(report.sources.map((s) => [s.sourceId, s.status, s.error])).toEqual([
      ['dpa', 'store-failed', expect.stringMatching(cause)],
      ['tag24', 'store-failed', expect.stringMatching(cause)],
    ]);
    expect(report.error).toMatch(/^dpa: store error: attempt to write a readonly database \(.+\) \(and 1 more source not stored\)$/);
    expect(await readOnlyCount()).toBeGreaterThan(counted);
    for (const id of ['dpa', 'tag24']) expect((await store.sources.get(id)).consecutiveFailures).toBe(0);
    await store.close();
    expect(readFileSync(config.database).equals(before)).toBe(true);
  });
});
