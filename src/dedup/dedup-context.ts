// What collapse and recluster need to know besides the database.
import type { SourceConfig } from '../config/schema.js';

export interface DedupContext {
  sources: ReadonlyMap<string, SourceConfig>;
  settings: { threshold: number; windowHours: number };
  /** ISO UTC; the clock is read by the caller, never here. */
  now: string;
}
