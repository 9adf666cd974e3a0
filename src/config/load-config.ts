// Reads config.json once at start, applies the environment overrides, validates it, resolves paths,
// freezes it. The only place that reads process.env.
import { isUtf8 } from 'node:buffer';
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { duplicateJsonKeys, type DuplicateJsonKey } from './duplicate-json-keys.js';
import { isNearMiss } from './edit-distance.js';
import { kernelFileSystemOf } from './kernel-file-system.js';
import { configSchema, idSchema, schemelessHostProblem, type Config, type ConfigInput } from './schema.js';

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

/** Environment variables as read by loadConfig (process.env by default). */
export type Environment = Readonly<Record<string, string | undefined>>;

interface Override {
  /** The variables that set this key, the first one set wins. */
  variables: readonly string[];
  path: readonly ['database' | 'publicDir'] | readonly ['server', 'host' | 'port' | 'baseUrl'];
  kind: 'path' | 'port' | 'text';
}

/**
 * The keys the environment overrides: env > config.json > defaults. `PORT` is the convention of
 * platforms that assign the port. A relative path in a variable is relative to the working
 * directory, as a shell user expects, not to the config file's folder.
 */
export const environmentOverrides: readonly Override[] = [
  { variables: ['FEEDMERGE_DATABASE'], path: ['database'], kind: 'path' },
  { variables: ['FEEDMERGE_PUBLIC_DIR'], path: ['publicDir'], kind: 'path' },
  { variables: ['FEEDMERGE_HOST'], path: ['server', 'host'], kind: 'text' },
  { variables: ['FEEDMERGE_PORT', 'PORT'], path: ['server', 'port'], kind: 'port' },
  { variables: ['FEEDMERGE_BASE_URL'], path: ['server', 'baseUrl'], kind: 'text' },
];

interface Applied {
  raw: unknown;
  /** JSON path → the variable that set it, to name the variable in a problem. */
  setBy: Map<string, string>;
  problems: string[];
}

/** `raw` with the overrides of `env` written in (a copy; an empty variable counts as unset). */
function applyEnvironment(raw: unknown, env: Environment): Applied {
  const setBy = new Map<string, string>();
  const problems: string[] = [];
  if (!isObject(raw)) return { raw, setBy, problems };
  const result: Record<string, unknown> = { ...raw };
  for (const override of environmentOverrides) {
    const variable = override.variables.find((name) => (env[name] ?? '') !== '');
    if (variable === undefined) continue;
    const text = env[variable]!;
    let value: string | number = text;
    if (override.kind === 'path') value = text === ':memory:' ? text : path.resolve(text);
    if (override.kind === 'port') {
      if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535) {
        problems.push(`${variable}: must be a port number from 0 to 65535, not "${text}"`);
        continue;
      }
      value = Number(text);
    }
    const [first, second] = override.path;
    if (second === undefined) {
      result[first] = value;
    } else {
      const inner = result[first] ?? {};
      if (!isObject(inner)) continue; // the file's own value is wrong: the schema reports it
      result[first] = { ...inner, [second]: value };
    }
    setBy.set(jsonPath(override.path), variable);
  }
  return { raw: result, setBy, problems };
}

/**
 * The public URL without `server.baseUrl`: http://localhost:<server.port>. A fixed http://localhost:8080
 * sent a server on another port's self links, paging links and links to the output page to 8080.
 * Port 0 (a free one, known only once listening) keeps 8080, the schema's default.
 */
export function defaultBaseUrl(port: number): string {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? `http://localhost:${port}` : 'http://localhost:8080';
}

function withBaseUrlOfPort(raw: unknown): unknown {
  if (!isObject(raw) || (raw['server'] !== undefined && !isObject(raw['server']))) return raw;
  const server = raw['server'] ?? {};
  if (server['baseUrl'] !== undefined || typeof server['port'] !== 'number') return raw;
  return { ...raw, server: { ...server, baseUrl: defaultBaseUrl(server['port']) } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Our words where zod's say it the long way round: "required" for a key that is absent ("Invalid input:
 * expected string, received undefined"), and for a key the object does not take, the key it most likely
 * means, else the keys it takes ("Unrecognized key: "schedul"" left a new user to find the typo).
 */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'unrecognized_keys') return unknownKeysMessage(issue.keys, issue.inst, issue.input);
  if (issue.code !== 'invalid_type' || issue.input !== undefined) return undefined;
  return issue.path?.at(-1) === 'sources' && issue.path.length === 1
    ? 'required: the feeds to poll, a list of { "id": …, "url": … } (`feedmerge sources add <url>` adds one)'
    : `required (${String(issue.expected)})`;
}

/** A key the object does not take, named with the key it most likely means, never one the object has already ({"title", "titel"}). */
function unknownKeysMessage(keys: readonly string[], inst: unknown, input: unknown): string {
  const shape = isObject(inst) && isObject(inst['shape']) ? inst['shape'] : {};
  const known = Object.keys(shape).filter((key) => key !== '$schema');
  const unset = known.filter((key) => !(isObject(input) && Object.hasOwn(input, key)));
  return keys
    .map((key) => {
      const meant = unset.find((k) => k.toLowerCase() === key.toLowerCase()) ?? unset.find((k) => isNearMiss(k, key));
      if (meant) return `unknown key "${key}" (did you mean "${meant}"?)`;
      return `unknown key "${key}"${known.length ? ` (known here: ${known.join(', ')})` : ''}`;
    })
    .join('; ');
}

function describeIssues(error: z.ZodError, setBy: ReadonlyMap<string, string>): string[] {
  return error.issues.map((issue) => {
    const at = jsonPath(issue.path);
    const variable = setBy.get(at);
    return `${variable ? `${variable} (${at})` : at}: ${issue.message}`;
  });
}

/**
 * Validates a config object (already parsed JSON) whose file lives at `file`, with the overrides of
 * `env` applied (none by default: `sources import` validates the file's own content).
 */
export function parseConfig(raw: unknown, file: string, env: Environment = {}): Config {
  return parseConfigNoting(raw, file, env).config;
}

/** A config, and whether server.baseUrl was written (in the file or FEEDMERGE_BASE_URL) rather than following the port. */
export interface NotedConfig {
  config: Config;
  baseUrlWritten: boolean;
}

function parseConfigNoting(raw: unknown, file: string, env: Environment): NotedConfig {
  const applied = applyEnvironment(raw, env);
  const result = configSchema.safeParse(withBaseUrlOfPort(applied.raw), { error: issueMessage });
  const baseDir = path.dirname(path.resolve(file));
  const problems = [
    ...applied.problems,
    ...(result.success ? [] : describeIssues(result.error, applied.setBy)),
    ...kernelFileSystemProblems(applied.raw, baseDir, applied.setBy),
    ...schemelessHostProblems(applied.raw, baseDir),
  ];
  if (!result.success || problems.length > 0) throw new ConfigError(file, problems);
  const parsed = result.data;
  const outputs = parsed.outputs ?? [{ id: 'all', title: 'feedmerge: all stories', limit: 100 }];
  const config: Config = {
    ...parsed,
    // A postgres:// URL names a server, not a file: it is kept as written.
    database: /^postgres(ql)?:\/\//i.test(parsed.database) ? parsed.database : resolveLocalPath(parsed.database, baseDir),
    publicDir: resolveLocalPath(parsed.publicDir, baseDir),
    outputs,
    baseDir,
    path: path.resolve(file),
  };
  const server = isObject(applied.raw) ? applied.raw['server'] : undefined;
  return { config: deepFreeze(config), baseUrlWritten: isObject(server) && server['baseUrl'] !== undefined };
}

/**
 * The config file's text. JSON is UTF-8 (RFC 8259 §8.1): a UTF-8 byte order mark (Windows editors
 * write one) is skipped; anything that is not UTF-8 is a ConfigError naming the first bad byte,
 * never text silently turned into U+FFFD.
 */
export function readConfigText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ConfigError(file, [`(file): cannot read: ${readErrorText(error)}`], { cause: error });
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new ConfigError(file, ['(file): UTF-16 (byte order mark at offset 0), not UTF-8; save the file as UTF-8']);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8Byte(bytes);
    const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
    throw new ConfigError(file, [`(file): not UTF-8 (byte 0x${byte} at offset ${offset}); save the file as UTF-8`]);
  }
  return bytes.toString('utf8', start);
}

// The error code stays first (logs and scripts match on it); the words say it to someone who does not know errno names.
const readErrorWords: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

function readErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code) return String(error);
  const words = readErrorWords[code];
  return words ? `${code} (${words})` : code;
}

/**
 * JSON.parse's message on one line, with the line and column of the offending character: Node 20
 * names at most the offset ("at position 71") and quotes the text around it, newlines included,
 * which would break the one line per problem (Node 22 names the line itself).
 */
export function jsonErrorText(message: string, text: string): string {
  const oneLine = message
    .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (/\bline \d+/.test(oneLine)) return oneLine;
  const stated = /at position (\d+)/.exec(oneLine);
  const offset = stated ? Number(stated[1]) : firstBadJsonOffset(text);
  // Node 20 says "Unexpected end of JSON input" with no place: a file cut short, or one "]" or "}" too few.
  if (offset === null && /Unexpected end/.test(oneLine)) {
    const { line, column } = lineAndColumn(text.trimEnd());
    return `${oneLine} (the file ends at line ${line}, column ${column}, before the JSON does: a "]", "}" or closing quote is missing)`;
  }
  if (offset === null) return oneLine;
  const { line, column } = lineAndColumn(text.slice(0, offset));
  return `${oneLine} (line ${line}, column ${column})`;
}

/** The line and column just after `before`, both counted from 1. */
function lineAndColumn(before: string): { line: number; column: number } {
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

/**
 * Where JSON.parse gives up, for messages that do not say: a prefix that ends before the bad
 * character fails only at its end (or parses), one that holds it fails inside, so the first such
 * prefix is found by bisection (a dozen parses of a config file).
 */
function firstBadJsonOffset(text: string): number | null {
  const failsInside = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      // A cut inside a string or number fails at the cut ("Unterminated string in JSON at position <length>").
      const message = (error as Error).message;
      const at = /at position (\d+)/.exec(message);
      return !/Unexpected end/.test(message) && !(at && Number(at[1]) >= length);
    }
  };
  if (!failsInside(text.length)) return null;
  let low = 0;
  let high = text.length;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (failsInside(middle)) high = middle;
    else low = middle;
  }
  return high - 1;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (Unicode Table 3-7). */
function firstInvalidUtf8Byte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // The allowed range of the first continuation byte depends on the lead (no overlongs, no surrogates, ≤ U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      // A sequence cut short: the lead byte is the one that does not fit.
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** Reads the config file, applies the environment's overrides, validates and freezes it. Throws ConfigError with every problem. */
export function loadConfig(file: string, env: Environment = process.env): Config {
  return loadConfigNoting(file, env).config;
}

/**
 * loadConfig, also saying whether server.baseUrl was written or follows the port (a reload must know).
 * `text`, when given, is the file's text as already read (readConfigText), so a reload checks the text it compared.
 */
export function loadConfigNoting(file: string, env: Environment = process.env, text?: string): NotedConfig {
  return parseConfigNoting(text === undefined ? readConfigJson(file) : configJson(file, text), file, env);
}

/**
 * loadConfig for `sources add` and `sources import`, which write the first sources into a file that has
 * none yet (`{}`, `"sources": []`, or no file at all, which is then started from `{}`): every other key is
 * validated as at start, and the config has no sources. Any other command still needs one.
 */
export function loadConfigToAddSources(file: string, env: Environment = process.env): Config {
  const text = readConfigTextToAddSources(file);
  const raw = text === null ? {} : configJson(file, text);
  const sources = isObject(raw) ? raw['sources'] : undefined;
  if (!isObject(raw) || (sources !== undefined && !(Array.isArray(sources) && sources.length === 0))) return parseConfig(raw, file, env);
  // Stand-in sources satisfy "at least one source" so that the rest is checked by the one schema: one
  // for each id an output names, since the source being added may be the one it names. The config as
  // it will be after the add, with the real source, is checked again before the file is written.
  const config = parseConfig({ ...raw, sources: standInSources(raw['outputs']) }, file, env);
  return deepFreeze({ ...config, sources: [] });
}

/**
 * A source for each well-formed id the outputs name (at least one), so that only the source list is left
 * unchecked; an id no source can have is still reported as the output's unknown source id.
 */
function standInSources(outputs: unknown): { id: string; url: string }[] {
  const named = Array.isArray(outputs) ? outputs.flatMap((o) => (isObject(o) && Array.isArray(o['sources']) ? o['sources'] : [])) : [];
  const ids = [...new Set(named.filter((id): id is string => idSchema.safeParse(id).success))];
  return (ids.length ? ids : ['none-yet']).map((id, i) => ({ id, url: `https://example.invalid/${i}` }));
}

/**
 * The text of the config file that `sources add`/`import` add to, or null when there is no file yet and
 * one can be started there (its folder exists): the README begins with `sources add`, so a missing file
 * is `{}`, not an error. A dangling symlink or a missing folder is still the read error.
 */
export function readConfigTextToAddSources(file: string): string | null {
  try {
    return readConfigText(file);
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    if (
      code === 'ENOENT' &&
      !lstatSync(file, { throwIfNoEntry: false }) &&
      statSync(path.dirname(path.resolve(file)), { throwIfNoEntry: false })?.isDirectory()
    )
      return null;
    throw error;
  }
}

/** The config file read and parsed as JSON; an empty file or a JSON error is a ConfigError. */
function readConfigJson(file: string): unknown {
  return configJson(file, readConfigText(file));
}

/**
 * The config file's text parsed as JSON; an empty file, a JSON error or a key written twice in one object
 * (JSON.parse would keep the last and drop the first without a word: two "sources" lists lost half the
 * feeds) is a ConfigError. `sources add` and `sources import` read the file they edit through it too.
 */
export function configJson(file: string, text: string): unknown {
  if (text.trim() === '')
    throw new ConfigError(file, ['(file): empty; it must hold a JSON object with at least "sources" (see config.demo.json)']);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`(file): not valid JSON: ${jsonErrorText((error as Error).message, text)}`], { cause: error });
  }
  const duplicates = duplicateJsonKeys(text);
  if (duplicates.length > 0) throw new ConfigError(file, duplicates.map(duplicateKeyProblem));
  return raw;
}

/** `sources: key "sources" written twice (lines 3 and 9); …`: a key the file writes more than once in one object. */
function duplicateKeyProblem({ path: segments, lines }: DuplicateJsonKey): string {
  const twice = lines.length === 2;
  const distinct = [...new Set(lines)];
  const where =
    distinct.length === 1
      ? `${twice ? 'both' : 'all'} on line ${distinct[0]}`
      : `lines ${distinct.slice(0, -1).join(', ')} and ${distinct.at(-1)}`;
  return (
    `${jsonPath(segments)}: key "${String(segments.at(-1))}" written ${twice ? 'twice' : `${lines.length} times`} in one object (${where}); ` +
    `JSON keeps only the last, so ${twice ? 'the first' : 'the earlier ones'} would be ignored: merge them into one`
  );
}

/** A source URL or path as something fetchable: http(s) URLs stay, paths resolve against the config folder. */
export function resolveSourceLocation(url: string, config: Pick<Config, 'baseDir'>): string {
  return /^https?:\/\//i.test(url) ? url : resolveLocalPath(url.replace(/^file:\/\//, ''), config.baseDir);
}

/**
 * A source url that reads as a host without its scheme ("www.example.org/feed.xml", "127.0.0.1:9301/wire.rss")
 * and names no existing file or folder, resolved as the poll reads it: a URL missing "http(s)://". One that
 * exists is read as a file, as before (wget -x mirrors are named so); so is one whose first folder exists
 * ("www.example.org" beside the config): a mirror keeps that folder while a file in it is being replaced,
 * and that source's poll fails as for any missing file, while a URL copied from a browser has no such folder.
 */
function schemelessHostProblems(raw: unknown, baseDir: string): string[] {
  const sources = isObject(raw) ? raw['sources'] : undefined;
  if (!Array.isArray(sources)) return [];
  return sources.flatMap((source: unknown, i) => {
    const url = isObject(source) ? source['url'] : undefined;
    if (typeof url !== 'string') return [];
    const problem = schemelessHostProblem(url);
    return problem && !existsSync(resolveSourceLocation(url, { baseDir })) && !hostFolderExists(url, baseDir)
      ? [`sources[${i}].url: ${problem}`]
      : [];
  });
}

/** Whether the first folder of a relative path ("www.example.org" of "www.example.org/feed.xml") is a folder in `baseDir`. */
export function hostFolderExists(url: string, baseDir: string): boolean {
  const slash = url.indexOf('/');
  if (slash <= 0) return false;
  return statSync(resolveSourceLocation(url.slice(0, slash), { baseDir }), { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** `database` or `publicDir` in /proc, /sys or /dev (kernel-file-system.ts says why that cannot work). */
function kernelFileSystemProblems(raw: unknown, baseDir: string, setBy: ReadonlyMap<string, string>): string[] {
  if (!isObject(raw)) return [];
  const problems: string[] = [];
  for (const key of ['database', 'publicDir'] as const) {
    const value = raw[key];
    if (typeof value !== 'string' || value === '' || /^postgres(ql)?:\/\//i.test(value)) continue;
    const resolved = resolveLocalPath(value, baseDir);
    const root = kernelFileSystemOf(resolved);
    if (root === null) continue;
    const variable = setBy.get(key);
    problems.push(
      `${variable ? `${variable} (${key})` : key}: "${resolved}" is in ${root}, a file system the kernel makes up; ` +
        '/proc, /sys and /dev are not places for files (choose a folder on a disk)',
    );
  }
  return problems;
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
