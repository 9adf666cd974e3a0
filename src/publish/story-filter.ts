// An output's include/exclude/categories/languages rules as one predicate over a story.
import type { OutputConfig } from '../config/schema.js';
import type { StoryWithItems } from '../model.js';

/** Thrown when an output's filter cannot be compiled (a bad /regex/). */
export class OutputFilterError extends Error {
  readonly code = 'INVALID_OUTPUT_FILTER';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * "/pattern/flags" is a regular expression; anything else is a plain word or phrase matched
 * case-insensitively as a whole word (Unicode letters, so "Bahn" does not match "Bahnhof"), or
 * anywhere when it is written in a script without spaces between words (Chinese, Japanese, Thai).
 */
export function compilePattern(pattern: string, where: string): RegExp {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  if (regex) {
    // g and y make test() stateful across calls (lastIndex), which would skip matches.
    const flags = [...new Set(regex[2]!.replace(/[gy]/g, '') + 'u')].join('');
    try {
      return new RegExp(regex[1]!, flags);
    } catch (error) {
      throw new OutputFilterError(`Invalid pattern ${JSON.stringify(pattern)} in ${where}: ${(error as Error).message}`, { cause: error });
    }
  }
  const phrase = escapeRegExp(pattern.trim());
  // Scripts written without spaces between words have no word boundaries to anchor on: "地震" must match "北海道で地震".
  if (UNSPACED_SCRIPT.test(pattern)) return new RegExp(phrase, 'iu');
  return new RegExp(`(?<![\\p{L}\\p{N}])${phrase}(?![\\p{L}\\p{N}])`, 'iu');
}

const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** The output's content rules as a predicate; sources and age are filtered by the store query. */
export function compileStoryFilter(output: OutputConfig): (story: StoryWithItems) => boolean {
  const where = `output "${output.id}"`;
  const include = (output.include ?? []).map((p) => compilePattern(p, `${where} include`));
  const exclude = (output.exclude ?? []).map((p) => compilePattern(p, `${where} exclude`));
  const categories = new Set((output.categories ?? []).map((c) => c.toLocaleLowerCase()));
  const languages = (output.languages ?? []).map((l) => l.toLowerCase());
  return (story) => {
    const texts = [story.title, ...story.items.flatMap((i) => [i.title, i.summary])];
    const matches = (re: RegExp): boolean => texts.some((t) => re.test(t));
    if (include.length && !include.some(matches)) return false;
    if (exclude.some(matches)) return false;
    if (categories.size && !story.items.some((i) => i.categories.some((c) => categories.has(c.toLocaleLowerCase())))) return false;
    if (languages.length) {
      // "de" admits "de-DE" and "de-AT"; an item without a language cannot be placed and is kept out.
      const ok = story.items.some((i) => {
        const lang = i.language?.toLowerCase();
        return lang !== undefined && languages.some((l) => lang === l || lang.startsWith(`${l}-`));
      });
      if (!ok) return false;
    }
    return true;
  };
}
