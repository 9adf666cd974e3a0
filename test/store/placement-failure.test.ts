// When applying a batch of placements fails (disk full, I/O), nothing of the batch is written,
// the items stay stored and pending, and the engine rebuilds its window from the store, so the
// next run places them as if nothing had happened. The fault is injected with a trigger through
// a second connection to the same file (the store's own test may use SQL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { storyIdFor } from '../../src/dedup/story-id.js';
import { openStore } from '../../src/store/open-store.js';
import { settingsFor, source } from '../dedup/dedup-harness.js';
import * as seed from '../fixtures/dedup/ukraine-talks-feb-2026.js';
import { describeEachBackend } from '../support/backends.js';
import { failInserts } from './store-faults.js';

describeEachBackend('a failing placement', (backend) => {
  it('rolls the whole batch back, keeps the items pending and rebuilds the window', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-fault-'));
    try {
      const file = backend.name === 'sqlite' ? path.join(dir, 'feedmerge.db') : await backend.database();
      const store = await openStore(file);
      const placer = new Placer(store, new StoryEngine(settingsFor([source('a'), source('b')])));
      const poll = async (sourceId: string, items: (typeof seed.exchangeFirst)[], now: string) => {
        await store.transaction((s) => s.items.ingest(sourceId, 'de', items, now));
        return placer.placePending(now);
      };
      await poll('a', [seed.exchangeFirst], '2026-02-05T12:26:00Z');

      let heal: () => Promise<void>;
      if (backend.name === 'sqlite') {
        const fault = new Database(file);
        fault.exec("CREATE TRIGGER fail_once BEFORE INSERT ON decisions WHEN NEW.item_id = 2 BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        heal = async () => {
          fault.exec('DROP TRIGGER fail_once');
          fault.close();
        };
      } else {
        heal = await failInserts(file, 'decisions', { onlyItemId: 2 });
      }
      await expect(poll('b', [{ ...seed.exchangeResent, key: 'b1' }], '2026-02-05T13:35:00Z')).rejects.toThrow(/disk full/);
      expect((await store.items.byIds([2]))[0]!.storyId).toBeNull();
      expect((await store.items.pending(10)).map((p) => p.id)).toEqual([2]);
      expect(placer.engine.generation).toBeNull();
      await heal();

      // The next run places the pending item and a new one, both in the first story.
      const decisions = await poll('b', [{ ...seed.exchangeResent, key: 'b2' }], '2026-02-05T13:40:00Z');
      expect(decisions.map((d) => d.storyId)).toEqual([storyIdFor('a', seed.exchangeFirst.key), storyIdFor('a', seed.exchangeFirst.key)]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
