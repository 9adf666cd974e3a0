// Reads config.json once at start, validates it, resolves paths, freezes it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { configSchema, type Config, type ConfigInput } from './schema.js';

/** Thrown when the config cannot be used; `problems` holds one line per problem. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`Invalid config "${file}":\n${problems.join('\n')}`, options);
  }
}

/** Formats a zod path as a JSON path: ["sources", 2, "url"] → "sources[2].url". */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || '(root)';
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`);
}

/** Validates a config object (already parsed JSON) whose file lives at `file`. */
export function parseConfig(raw: unknown, file: string): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(file, describeIssues(result.error));
  const parsed = result.data;
  const baseDir = path.dirname(path.resolve(file));
  const outputs = parsed.outputs ?? [{ id: 'all', title: 'feedmerge: all stories', limit: 100 }];
  const config: Config = {
    ...parsed,
    database: resolveLocalPath(parsed.database, baseDir),
    publicDir: resolveLocalPath(parsed.publicDir, baseDir),
    outputs,
    baseDir,
    path: path.resolve(file),
  };
  return deepFreeze(config);
}

/** Reads, validates and freezes the config file. Throws ConfigError with every problem. */
export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`(file): cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`], { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`(file): not valid JSON: ${(error as Error).message}`], { cause: error });
  }
  return parseConfig(raw, file);
}

/** A source URL or path as something fetchable: http(s) URLs stay, paths resolve against the config folder. */
export function resolveSourceLocation(url: string, config: Pick<Config, 'baseDir'>): string {
  return /^https?:\/\//i.test(url) ? url : resolveLocalPath(url.replace(/^file:\/\//, ''), config.baseDir);
}

function resolveLocalPath(value: string, baseDir: string): string {
  if (value === ':memory:') return value;
  return path.resolve(baseDir, value);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export type { Config, ConfigInput };
