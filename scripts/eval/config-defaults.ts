// The engine settings every set runs with: the config defaults, read from the config schema itself
// (a run's config.json names no dedup key), so EVAL.md states what a deployment gets by default.
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';

/** The defaults a config.json without optional keys gets. */
export function configDefaults(): Config {
  return parseConfig({ sources: [{ id: 'defaults', url: 'defaults.xml' }] }, 'config.json');
}
