// `poll --once --all` and `stories --json` in this process, through the same functions the command
// line calls (src/cli/main.ts), for sets of thousands of tiny runs (STSb pairs) where a process per
// command would take most of an hour. Keep this the ONE place that knows those functions: when the
// CLI's wiring changes, change these two functions to match it.
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config.js';
import { closeFetchAgents } from '../../src/fetch/fetch-feed.js';
import { printStories } from '../../src/cli/print.js';
import { openStore } from '../../src/store/open-store.js';
import { describeCycle, pollAndPublish, workerContext } from '../../src/worker/service.js';
import { Publisher } from '../../src/worker/publisher.js';
import type { StoryJson } from './assign-stories.js';

/** What `feedmerge poll --once --all --config <file>` does, in this process; returns the per-source lines that report an error. */
export async function pollOnceInProcess(configFile: string): Promise<{ errors: string[] }> {
  const config = loadConfig(configFile);
  const store = await openStore(config.database);
  try {
    const report = await pollAndPublish(workerContext(config, store), new Publisher(config, store), new Date(), { force: true });
    const errors = describeCycle(report).filter((line) => /^[^:]+: (?:error|disabled|not stored): /.test(line));
    if (report.error) errors.push(`cycle: ${report.error}`);
    return { errors };
  } finally {
    await closeFetchAgents();
    await store.close();
  }
}

/** What `feedmerge stories --json --config <file>` prints, parsed. */
export async function storiesJsonInProcess(configFile: string): Promise<StoryJson[]> {
  const config = loadConfig(configFile);
  const store = await openStore(config.database, { mustExist: true });
  let text = '';
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  try {
    await printStories(store, undefined, { json: true }, out);
  } finally {
    await store.close();
  }
  return JSON.parse(text) as StoryJson[];
}
