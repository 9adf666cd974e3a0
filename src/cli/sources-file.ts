// `feedmerge sources import`: adds OPML feeds to config.json, keeping it valid and readable; and the
// validated, atomic write that `sources add` shares.
import { chmodSync, chownSync, existsSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ConfigError,
  configJson,
  hostFolderExists,
  parseConfig,
  readConfigTextToAddSources,
  resolveSourceLocation,
} from '../config/load-config.js';
import { schemelessHostProblem } from '../config/schema.js';
import { literalHostOf, operatorNamedHost } from '../fetch/connect-policy.js';
import { opmlToSources } from '../publish/opml.js';
import { appendSourcesText } from './append-sources-text.js';
import { removeSourceText } from './remove-source-text.js';

export interface OpmlImport {
  /** Ids of the sources appended to the config. */
  added: string[];
  /** OPML entries left out because the config would reject them, each with the reason. */
  skipped: { url: string; reason: string }[];
  /** False when the file was written anew instead of edited in its layout (appendSourcesToConfigFile). */
  layoutKept: boolean;
  /** True when there was no config file and this import started it. */
  created: boolean;
}

/**
 * A feed URL as compared for "already configured": scheme and host are case-insensitive ("HTTP://X.example/rss"),
 * and a #fragment (never sent to the server) and an empty "?" ask for the same feed.
 */
export function urlKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    if (parsed.search === '') parsed.search = ''; // drops a lone "?"
    return parsed.href;
  } catch {
    return url;
  }
}

/**
 * Why an OPML entry's URL may not become a source although the config would accept it: a source that
 * names a non-public host literally gets that host:port allowed (fetch/connect-policy.ts), and that is
 * the operator's decision, not a downloaded list's. So an entry may only use a host:port that a
 * configured source already names; loopback and private hosts also pass with fetch.allowPrivateNetworks
 * (they would be allowed anyway); link-local and reserved ones never do.
 */
function networkProblem(url: string, allowPrivateNetworks: boolean, alreadyNamed: ReadonlySet<string>): string | null {
  const literal = literalHostOf(url);
  if (!literal || literal.class.kind === 'public' || alreadyNamed.has(literal.key)) return null;
  const { kind, label } = literal.class;
  if (allowPrivateNetworks && (kind === 'loopback' || kind === 'private')) return null;
  const hint =
    kind === 'loopback' || kind === 'private'
      ? 'set fetch.allowPrivateNetworks, or add it to config.json by hand'
      : 'add it to config.json by hand if it is meant';
  return `url: names a ${label} address (${literal.key}); an imported source gets no private network access (${hint})`;
}

/**
 * Appends the OPML's feeds not yet configured (by URL); an entry the config would reject, or that names
 * a loopback, private or link-local host, is skipped with its reason, never the whole import.
 * Validates the result before writing it.
 */
export function addSourcesFromOpml(configPath: string, opml: string): OpmlImport {
  const text = readConfigTextToAddSources(configPath);
  // Through configJson, as the config is read: a key written twice (two "sources" lists) is refused, not half read.
  const raw = (text === null ? {} : configJson(configPath, text)) as {
    sources?: { id: string; url: string }[];
    fetch?: { allowPrivateNetworks?: unknown };
  };
  const allowPrivateNetworks = raw.fetch?.allowPrivateNetworks === true;
  const sources = [...(raw.sources ?? [])];
  // Host:ports the operator's own sources name (relative file paths name none).
  const alreadyNamed = new Set(sources.map((s) => operatorNamedHost(s.url)).filter((key): key is string => key !== null));
  const urls = new Set(sources.map((s) => urlKey(s.url)));
  const ids = new Set(sources.map((s) => s.id));
  const result: OpmlImport = { added: [], skipped: [], layoutKept: true, created: false };
  const baseDir = path.dirname(path.resolve(configPath));
  const added: object[] = [];
  for (const entry of opmlToSources(opml)) {
    if (urls.has(urlKey(entry.url))) continue;
    const problem = networkProblem(entry.url, allowPrivateNetworks, alreadyNamed);
    if (problem) {
      result.skipped.push({ url: entry.url, reason: problem });
      continue;
    }
    let id = entry.id;
    for (let n = 2; ids.has(id); n++) id = `${entry.id}-${n}`;
    // A file named as a host ("www.example.org/feed.xml", a wget -x mirror) that exists, or whose first folder does,
    // is written "./…", so it stays a file, as the config reads it.
    const url =
      schemelessHostProblem(entry.url) &&
      (existsSync(resolveSourceLocation(entry.url, { baseDir })) || hostFolderExists(entry.url, baseDir))
        ? `./${entry.url}`
        : entry.url;
    const source = { ...entry, id, url };
    try {
      parseConfig({ sources: [source] }, configPath); // this entry alone: its problem, not an index into the merged list
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      result.skipped.push({ url: entry.url, reason: error.problems.map((p) => p.replace(/^sources\[0\]\./, '')).join('; ') });
      continue;
    }
    sources.push(source);
    added.push(source);
    ids.add(id);
    urls.add(urlKey(entry.url));
    result.added.push(id);
  }
  // Nothing added: the file stays as it was, and none is started.
  return added.length > 0 ? { ...result, ...appendSourcesToConfigFile(configPath, text, added) } : result;
}

/**
 * Appends `added` to the sources of the config file whose text is `text`: validated first (throws
 * ConfigError, leaving the file untouched), written in the file's own layout, and replaced atomically.
 * Text null (readConfigTextToAddSources: no file yet) starts the file from `{}`. `layoutKept` is false
 * when the text could not be edited safely (appendSourcesText) and the whole file was written anew,
 * two-space indented: the keys and values are kept, the layout is not.
 */
export function appendSourcesToConfigFile(
  configPath: string,
  text: string | null,
  added: readonly object[],
): { layoutKept: boolean; created: boolean } {
  const raw = (text === null ? {} : configJson(configPath, text)) as { sources?: object[] };
  raw.sources = [...(raw.sources ?? []), ...added];
  parseConfig(raw, configPath);
  const edited = appendSourcesText(text ?? '{}', added);
  const content = edited ?? `${JSON.stringify(raw, null, 2)}\n`;
  if (text === null) createFile(configPath, content);
  else replaceFile(configPath, content);
  return { layoutKept: edited !== null, created: text === null };
}

/**
 * Takes the `index`th source out of the config file whose text is `text`, as appendSourcesToConfigFile
 * adds: validated first (throws ConfigError, leaving the file untouched), the rest of the file kept as
 * written (removeSourceText) or, when that edit is not safe, the whole file written anew
 * (`layoutKept` false), and replaced atomically with its permissions.
 */
export function removeSourceFromConfigFile(configPath: string, text: string, index: number): { layoutKept: boolean } {
  const raw = configJson(configPath, text) as { sources: object[] };
  raw.sources.splice(index, 1);
  parseConfig(raw, configPath);
  const edited = removeSourceText(text, index);
  replaceFile(configPath, edited ?? `${JSON.stringify(raw, null, 2)}\n`);
  return { layoutKept: edited !== null };
}

/** What the CLI says when appendSourcesToConfigFile started the config file. */
export function createdFileNotice(configPath: string): string {
  return `created ${configPath} (there was none; readable by its owner only, every setting but sources at its default)`;
}

/**
 * Writes a new config file readable by its owner only (a source URL may carry a login, which
 * replaceFile keeps so too), and never over a file that appeared since it was found missing.
 */
function createFile(file: string, content: string): void {
  try {
    writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'a file appeared there meanwhile; run the command again to add to it' : String(error);
    throw new ConfigError(file, [`(file): cannot create: ${why}`], { cause: error });
  }
}

/** What the CLI says when appendSourcesToConfigFile or removeSourceFromConfigFile wrote the whole file anew. */
export function rewrittenFileNotice(configPath: string): string {
  return `feedmerge: notice: ${configPath} was written anew, two-space indented (its layout could not be edited safely; keys and values are kept)`;
}

/**
 * Replaces the file behind `file` (a symlink is followed, not replaced by a copy) with `content`
 * through a rename, keeping its permissions: config.json may hold feed credentials
 * (`https://user:pass@…`) and be readable by its owner only, and a new file would get the umask's 0644.
 * It keeps the file's form too (inFileForm): its byte order mark and its CRLF line endings.
 */
function replaceFile(file: string, content: string): void {
  const target = realpathSync(file);
  const before = statSync(target);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  // The form applied, checked as the edits are (appendSourcesText, removeSourceText): the bytes written, read as
  // readConfigText reads them, must parse to the same data as `content`, or `content` is written as it is.
  const formed = Buffer.from(inFileForm(content, readFileSync(target)), 'utf8');
  const bytes = sameJson(formed, content) ? formed : Buffer.from(content, 'utf8');
  writeFileSync(temp, bytes, { mode: 0o600 }); // never readable by others, not even until the chmod
  chmodSync(temp, before.mode & 0o7777); // exactly, not narrowed by the umask
  if (process.getuid?.() === 0) chownSync(temp, before.uid, before.gid); // root editing a file it does not own
  renameSync(temp, target);
}

/**
 * `content` in the form of the file it replaces, whose bytes are `original`: a UTF-8 byte order mark
 * stays (readConfigText drops it before the text is edited; Windows PowerShell 5.1's `-Encoding utf8`
 * writes one), and a file whose every line ends in CRLF keeps CRLF, new lines
 * included. JSON strings hold no raw line break, so every one in `content` is whitespace between tokens.
 */
function inFileForm(content: string, original: Buffer): string {
  const bom = original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf ? '\uFEFF' : '';
  const text = original.toString('utf8');
  const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  return bom + (crlf ? content.replace(/\r?\n/g, '\r\n') : content);
}

/** Whether `bytes`, without a UTF-8 byte order mark (as readConfigText reads them), hold the same JSON data as `content`. */
function sameJson(bytes: Buffer, content: string): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return JSON.stringify(JSON.parse(bytes.toString('utf8', start))) === JSON.stringify(JSON.parse(content));
  } catch {
    return false;
  }
}
