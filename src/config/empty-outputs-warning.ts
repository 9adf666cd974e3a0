// "outputs": [] publishes no feed at all. It is accepted: a deployment may use feedmerge as a store
// only (dedup, `stories --json`, `export`), and an upgrade must not stop it from starting. But a typo
// or a half-edited file looks the same, so each start of a process that publishes (`run`, `serve`,
// `poll --once`) says it once; leaving the key out is how the default output is asked for. The
// pollers and the placer of a scaled-out deployment publish nothing, so they stay silent about it.
import type { Config } from './schema.js';

/** The warning to print once at start when the config publishes no output, else null. */
export function emptyOutputsWarning(config: Config): string | null {
  return config.outputs.length === 0
    ? '"outputs" is empty: no feed is published (the stories are stored; leave "outputs" out for the default "all" over every source)'
    : null;
}
