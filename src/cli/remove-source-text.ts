// `sources remove` takes a source out of config.json as a person would: its element and one separator
// go, every other byte stays (the shipped file's one line per source, its indentation, its other keys),
// so `git diff` shows one line removed, as `sources add` shows one added (append-sources-text.ts).
import { rootLayout } from './append-sources-text.js';

/**
 * The config text without the `index`th element of its top-level "sources" array, or null when the edit
 * would not parse back to the same data without it (then the caller writes the file anew). The element
 * goes with the separator after it, or, for the last one, with the separator before it.
 */
export function removeSourceText(text: string, index: number): string | null {
  const elements = rootLayout(text)?.sources?.elements;
  const element = elements?.[index];
  if (!elements || !element || elements.length < 2) return null;
  const next = elements[index + 1];
  const previous = elements[index - 1];
  const edited = next ? text.slice(0, element.start) + text.slice(next.start) : text.slice(0, previous!.end) + text.slice(element.end);
  try {
    const expected = JSON.parse(text) as { sources: unknown[] };
    expected.sources.splice(index, 1);
    return JSON.stringify(JSON.parse(edited)) === JSON.stringify(expected) ? edited : null;
  } catch {
    return null;
  }
}
