// What every set evaluator gets: where the data is, the feed server, and how many runs to make.
import type { FeedServer } from '../feed-server.js';

export interface EvalContext {
  /** ../shared/eval beside the checkout (the labelled data; not in the repository). */
  evalDir: string;
  server: FeedServer;
  /** Arrival orders per multi-source set (order 1 = as given). */
  orders: number;
  /** Polls of the incremental mode; 0 = no incremental runs. */
  incrementalPolls: number;
  windowHours: number;
}
