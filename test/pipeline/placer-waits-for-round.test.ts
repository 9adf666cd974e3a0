// `run --role place` places a poll round's items together: items stored one feed after another
// (as pollers commit during a round, here a quarter of a second apart for about 3 s) are placed in
// one run, once they stop arriving, not a few at each of the placer's one-second looks. What is
// asserted is what was placed together: every item's decision carries the same decision time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { startCli, writeConfig, type CliProcess } from '../store/cli-process.js';
import { describeBackend, postgresBackend } from '../support/backends.js';
import { feedItem } from '../support/feed-item.js';

const FEEDS = 12;

describeBackend(postgresBackend, 'placer waits for a poll round', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-place-round-'));
  let placer: CliProcess | undefined;
  afterAll(async () => {
    placer?.child.kill('SIGKILL');
    await placer?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('places items that arrive one feed after another in one run, once they stop arriving', async () => {
    const database = await postgresBackend.database();
    const sources = Array.from({ length: FEEDS }, (_, i) => ({ id: `s${i}`, url: `https://s${i}.example/feed.xml` }));
    const config = writeConfig(dir, { database, publicDir: 'public', sources });
    placer = startCli('run', '--role', 'place', '--config', config);
    await placer.waitFor('placing items in stories');

    const store = await openStore(database);
    try {
      const ids: number[] = [];
      for (const [i, source] of sources.entries()) {
        if (i > 0) await sleep(250);
        const items = [0, 1].map((k) =>
          feedItem({ key: `${source.id}-${k}`, title: `Meldung ${k} der Quelle ${source.id}`, url: `https://${source.id}.example/${k}` }),
        );
        const result = await store.transaction((s) => s.items.ingest(source.id, 'de', items, new Date().toISOString()));
        ids.push(...result.newItemIds);
      }
      await expect.poll(async () => (await store.items.pendingSummary()).items, { timeout: 60_000, interval: 500 }).toBe(0);

      const decided = new Set<string>();
      for (const id of ids) decided.add((await store.placements.decision(id))!.decidedAt);
      expect(ids).toHaveLength(FEEDS * 2);
      expect([...decided]).toHaveLength(1);
      expect(placer.stderr.split('\n').filter((line) => line.includes('"msg":"placed"'))).toHaveLength(1);
    } finally {
      await store.close();
    }
  }, 120_000);
});
