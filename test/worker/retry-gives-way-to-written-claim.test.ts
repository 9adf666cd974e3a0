// Two processes sharing one publicDir, in one test process (two Publishers on one real SQLite file, two
// baseUrls). A's write fails; another publish claims the folder but has not written its files (it is under
// way, its own write failed, it was killed): A's retry must not give way to it, or nobody writes the files and
// A reports them fine. Before, A logged "the feed files are written by a newer publish of another process now"
// and cleared its failure, while the files on disk stayed the old ones. Once B has written, A gives way.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { claimPublicDir } from '../../src/publish/public-dir-claim.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { Publisher } from '../../src/worker/publisher.js';

let dir = '';
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
  rmSync(dir, { recursive: true, force: true });
});

function configFor(name: string, baseUrl: string) {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      database: 'feedmerge.db',
      publicDir: 'public',
      server: { port: 0, baseUrl },
      sources: [{ id: 'local', url: path.resolve('test/fixtures/fetch/local-file-source.xml') }],
    }),
  );
  return loadConfig(file, {});
}

/** Resolves once `check` is true; every retry runs within 50 ms here, so this waits for one to have run. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

it("a retry keeps its failure while a newer claim is not written, and gives way once that claimant's files are written", async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-retry-claim-'));
  const configA = configFor('a', 'http://a.example/');
  const configB = configFor('b', 'http://b.example/');
  store = await openStore(configA.database);
  const logs: string[] = [];
  const a = new Publisher(configA, store, { info: (m) => logs.push(m), filesRetryMs: 50 });
  const feeds = path.join(configA.publicDir, 'feeds');
  mkdirSync(configA.publicDir, { recursive: true });
  writeFileSync(feeds, 'a file where the folder should be\n'); // A's write fails, even as root
  await expect(a.publish(new Date())).rejects.toThrow();
  const failure = a.filesProblem();
  expect(failure).not.toBeNull();

  // Another process claims the folder, and its write does not happen (yet).
  claimPublicDir(configB.publicDir, new Date());
  rmSync(feeds);
  await until(() => a.filesProblem() !== failure);
  expect(a.filesProblem()).toBe(
    `the feed files in "${configA.publicDir}" wait for a newer publish of another process, which has not written them yet`,
  );
  expect(logs).toEqual([]);
  expect(() => readFileSync(path.join(feeds, 'all.xml'))).toThrow(); // A wrote nothing over the newer claim

  // That process (B) now publishes and writes all its files: A's retry gives way to them.
  const b = new Publisher(configB, store);
  await b.publish(new Date());
  await until(() => a.filesProblem() === null);
  expect(logs).toEqual(['the feed files are written by a newer publish of another process now']);
  expect(readFileSync(path.join(feeds, 'all.xml'), 'utf8')).toContain('http://b.example/');
  a.stop();
});
