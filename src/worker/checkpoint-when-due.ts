// When the poller checkpoints the WAL: between polls, once enough items piled up, and after
// each cycle. Its own module so the bench can use the policy without loading the whole worker.
import { checkpointWal, type Db } from '../store/database.js';

/**
 * Items written per checkpoint: ~9 WAL pages each (bench:dedup --wal-pages), so the WAL stays
 * under ~80 MiB between checkpoints, and one checkpoint (with its fsyncs) is shared by thousands
 * of items, whose repeated pages it copies once.
 */
export const CHECKPOINT_EVERY_ITEMS = 2_000;
const writtenSinceCheckpoint = new WeakMap<Db, number>();

/**
 * Counts items written and checkpoints the WAL (PASSIVE) when enough have piled up, or always
 * with `force` (end of a cycle). Called between polls, never inside one: a checkpoint is no
 * item's decision latency, though it is part of the throughput. Returns the WAL pages it found
 * (0 when it did not run).
 */
export function checkpointWhenDue(db: Db, itemsWritten: number, force = false): number {
  const pending = (writtenSinceCheckpoint.get(db) ?? 0) + itemsWritten;
  if (!force && pending < CHECKPOINT_EVERY_ITEMS) {
    writtenSinceCheckpoint.set(db, pending);
    return 0;
  }
  writtenSinceCheckpoint.set(db, 0);
  return pending > 0 ? Math.max(1, checkpointWal(db).walPages) : 0;
}
