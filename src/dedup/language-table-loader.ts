// The engine's per-language data (background priors, synonym tables) ships as one gzip'd UTF-8 file a
// language, read on first use and kept for the process. One loader, so both read, cache and fail alike.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * A function from a language code ("de") to its table `<directory>/<code>.<extension>`, parsed by `parse`
 * once and cached; null for a language with no file. Any other read error (a damaged install) is thrown.
 */
export function languageTableLoader<T>(
  directory: URL,
  extension: string,
  parse: (text: string, file: string) => T,
): (code: string) => T | null {
  const tables = new Map<string, T | null>();
  return (code) => {
    let table = tables.get(code);
    if (table === undefined) {
      const file = new URL(`${code}.${extension}`, directory);
      let compressed: Buffer | null = null;
      try {
        compressed = readFileSync(file);
      } catch (error) {
        // No file is no data for the language; anything else should be seen.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      table = compressed === null ? null : parse(gunzipSync(compressed).toString('utf8'), file.pathname);
      tables.set(code, table);
    }
    return table;
  };
}
