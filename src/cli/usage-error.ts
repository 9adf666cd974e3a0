// A command line that names what the config does not have (an output or source id): the operator's
// mistake, like a bad option, so it exits 2 as usage errors do, before any database is opened.
import type { Config, OutputConfig } from '../config/schema.js';

/** Thrown for a command line the config cannot serve; the CLI prints its message and exits 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** The configured output `id`; throws UsageError naming the ids there are. */
export function configuredOutput(config: Config, id: string): OutputConfig {
  const output = config.outputs.find((o) => o.id === id);
  if (!output) throw new UsageError(`unknown output "${id}" (config has: ${config.outputs.map((o) => o.id).join(', ')})`);
  return output;
}
