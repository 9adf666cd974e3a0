// The labelled sets are JSON lines (one object per line).
import { readFileSync } from 'node:fs';

/** Every non-empty line of `file`, parsed. */
export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch (error) {
        throw new Error(`${file}:${i + 1}: not JSON: ${(error as Error).message}`, { cause: error });
      }
    });
}
