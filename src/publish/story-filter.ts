// An output's include/exclude/categories/languages rules as one predicate over a story.
import { compilePattern } from '../config/output-pattern.js';
import type { OutputConfig } from '../config/schema.js';
import type { StoryWithItems } from '../model.js';
import { storyTexts, termMatch, type TermMatch } from './word-match.js';

/**
 * A pattern as a match over a text in its language: a /regex/ on the text as written, a plain word or phrase through
 * word-match.ts, as written (case and accents aside) and never stemmed, in include and exclude lists alike: a stem
 * would drop "Oil well fire" for an exclude "Wells" and "New cabinet" for "news", silently. A "quoted" word is the
 * search's exact form, read the same here (the quotes are not looked for).
 */
function patternMatch(pattern: string, where: string): TermMatch {
  const regex = compilePattern(pattern, where);
  if (regex !== null) return (text) => regex.test(text);
  const quoted = /^\s*"([^"]+)"\s*$/.exec(pattern);
  return termMatch(quoted ? quoted[1]! : pattern, 'exact');
}

/** Whether the output has content rules (words, categories, languages): without, every story passes. */
export function hasContentRules(output: OutputConfig): boolean {
  return [output.include, output.exclude, output.categories, output.languages].some((rules) => (rules?.length ?? 0) > 0);
}

/**
 * The output's content rules as a predicate over a story's title and members (a story stored, or one merged
 * away as it was then); sources and age are filtered by the store query. compilePattern refuses regexes that
 * can backtrack catastrophically, so no title can stall this.
 */
export function compileStoryFilter(output: OutputConfig): (story: Pick<StoryWithItems, 'title' | 'items'>) => boolean {
  const where = `output "${output.id}"`;
  const include = (output.include ?? []).map((p) => patternMatch(p, `${where} include`));
  const exclude = (output.exclude ?? []).map((p) => patternMatch(p, `${where} exclude`));
  const categories = new Set((output.categories ?? []).map((c) => c.toLocaleLowerCase()));
  const languages = (output.languages ?? []).map((l) => l.toLowerCase());
  return (story) => {
    const texts = storyTexts(story);
    const matches = (match: TermMatch): boolean => texts.some(({ text, language }) => match(text, language));
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
