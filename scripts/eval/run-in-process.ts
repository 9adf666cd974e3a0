// `poll --once --all` and `stories --json` in this process, through the same functions the command
// line calls (src/cli/main.ts), for sets of thousands of tiny runs (STSb pairs) where a process per
// command would take most of an hour. Keep this the ONE place that knows those functions: when the
// CLI's wiring changes, change these two functions to match it.
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config.js';
import { closeFetchAgents } from '../../src/fetch/fetch-feed.js';
import { createFetchLimiter } from '../../src/fetch/fetch-limiter.js';
import { printStories } from '../../src/cli/print.js';
import { openDatabase } from '../../src/store/database.js';
import { describeCycle, pollAndPublish } from '../../src/worker/service.js';
import { Publisher } from '../../src/worker/publisher.js';
import type { StoryJson } from './assign-stories.js';

/** What `feedmerge poll --once --all --config <file>` does, in this process; returns the per-source lines that report an error. */
export async function pollOnceInProcess(configFile: string): Promise<{ errors: string[] }> {
  const config = loadConfig(configFile);
  const db = openDatabase(config.database);
  try {
    const context = {
      config,
      db,
      limiter: createFetchLimiter({ concurrency: config.fetch.concurrency, perHostConcurrency: config.fetch.perHostConcurrency }),
    };
    const report = await pollAndPublish(context, new Publisher(config, db), new Date(), { force: true });
    return { errors: describeCycle(report).filter((line) => /^[^:]+: (?:error|disabled): /.test(line)) };
  } finally {
    await closeFetchAgents();
    db.close();
  }
}

/** What `feedmerge stories --json --config <file>` prints, parsed. */
export function storiesJsonInProcess(configFile: string): StoryJson[] {
  const config = loadConfig(configFile);
  const db = openDatabase(config.database);
  let text = '';
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  try {
    printStories(db, config, { json: true }, out);
  } finally {
    db.close();
  }
  return JSON.parse(text) as StoryJson[];
}
