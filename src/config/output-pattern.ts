// An output's include/exclude pattern: a plain word or phrase (compiled by us), or a "/regex/flags"
// written by the operator. Config validates what the operator wrote, so compiling and the safety check
// live here; publish/story-filter.ts only applies the compiled patterns.
//
// V8's regex engine backtracks. A regex like /(a+)+$/ takes exponential time on a title of 34 "a" and a
// "!", and one such title stalls the whole publish (issue 12). So a /regex/ is refused at config load
// when its structure can backtrack catastrophically (checked on the regexpp AST):
//  - nested quantifiers: a variable repeat inside another repeat, (a+)+, (\w+\s?)*, (a{1,30}){1,30};
//  - a repeated alternation whose branches can start with the same character, (a|aa)+, (a|b|ab)*;
//  - anything else scslre (the analyser behind eslint-plugin-regexp) proves super-linear by backtracking,
//    such as two adjacent quantifiers that trade characters, ^(\s*,\s*)*$.
// What is left matches in time linear in the text, up to a quadratic scan for unanchored patterns such
// as /\d+ Tote/ (scslre's "Move" kind), which titles (≤ 1,000 characters) and leads (≤ 600) bound.
// The first two rules are stricter than necessary (/(?:\d+\.)+/ is refused though it cannot blow up):
// a filter that is refused with a reason is better than one that can hang the publisher.
import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';
import { getEffectiveMaximumRepetition, getFirstConsumedChar } from 'regexp-ast-analysis';
import { analyse } from 'scslre';

/** Thrown when a pattern cannot be used: it does not compile, or it can backtrack catastrophically. */
export class OutputFilterError extends Error {
  readonly code = 'INVALID_OUTPUT_FILTER';
}

// The product of an inner and an outer repeat count above which nested bounded repeats count as unsafe
// ((\d{1,3}\.){3} is fine; (a{1,30}){1,30} is not).
const nestedRepeatLimit = 100;

/**
 * "/pattern/flags" compiled as the regular expression it is; null for anything else, a plain word or phrase, which
 * publish/word-match.ts matches (whole words, case and accents aside; it builds no regex from the operator's text
 * that could backtrack). Throws OutputFilterError naming `where` when the regex does not compile or can backtrack
 * catastrophically.
 */
export function compilePattern(pattern: string, where: string): RegExp | null {
  const compiled = compileChecked(pattern);
  if ('regex' in compiled) return compiled.regex;
  throw new OutputFilterError(`Invalid pattern ${JSON.stringify(pattern)} in ${where}: ${compiled.problem}`, { cause: compiled.cause });
}

/** What is wrong with an include/exclude pattern as config.json states it (one line), or null. */
export function outputPatternProblem(pattern: string): string | null {
  const compiled = compileChecked(pattern);
  return 'problem' in compiled ? compiled.problem : null;
}

function compileChecked(pattern: string): { regex: RegExp | null } | { problem: string; cause?: unknown } {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  if (!regex) return { regex: null };
  // g and y make test() stateful across calls (lastIndex), which would skip matches. Unicode mode
  // always ("u", or "v" when asked for): \p{L} works and "." never splits a surrogate pair.
  const given = regex[2]!.replace(/[gy]/g, '');
  const flags = [...new Set(given.includes('v') ? given : `${given}u`)].join('');
  let compiled: RegExp;
  try {
    compiled = new RegExp(regex[1]!, flags);
  } catch (error) {
    return { problem: `invalid regular expression: ${(error as Error).message}`, cause: error };
  }
  const problem = backtrackingProblem(compiled);
  return problem ? { problem: `regular expression ${problem}` } : { regex: compiled };
}

// compilePattern runs at config load and again whenever an output is rendered: remember verdicts.
const verdicts = new Map<string, string | null>();

/**
 * Why a compiled regex can take super-linear time by backtracking ("can backtrack catastrophically: …"),
 * or null when it cannot.
 */
export function backtrackingProblem(regex: RegExp): string | null {
  const key = `${regex.flags}/${regex.source}`;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = analyseBacktracking(regex.source, regex.flags);
    if (verdicts.size >= 1_000) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

function analyseBacktracking(source: string, flagText: string): string | null {
  let pattern: AST.Pattern;
  let flags: AST.Flags;
  try {
    const parser = new RegExpParser({ ecmaVersion: 2025 });
    flags = parser.parseFlags(flagText);
    pattern = parser.parsePattern(source, 0, source.length, { unicode: flags.unicode, unicodeSets: flags.unicodeSets });
  } catch (error) {
    // V8 compiled it, so this is syntax newer than the analyser: refuse what cannot be checked.
    return `cannot be checked for catastrophic backtracking (${(error as Error).message})`;
  }
  const unsafe = (what: string) => `can backtrack catastrophically (${what}); rewrite it or use plain words`;

  let problem: string | null = null;
  visitRegExpAST(pattern, {
    onQuantifierEnter(quantifier) {
      if (problem || quantifier.max < 2 || quantifier.min === quantifier.max) return;
      const outer = getEffectiveMaximumRepetition(quantifier);
      if (outer >= 2 && (!Number.isFinite(outer * quantifier.max) || outer * quantifier.max > nestedRepeatLimit))
        problem = unsafe(`nested quantifiers: ${quantifier.raw} is repeated by an enclosing quantifier`);
    },
    onGroupEnter(group) {
      problem ??= overlappingAlternatives(group, flags, unsafe);
    },
    onCapturingGroupEnter(group) {
      problem ??= overlappingAlternatives(group, flags, unsafe);
    },
  });
  if (problem) return problem;

  const report = analyse({ pattern, flags }, { reportTypes: { Move: false }, maxReports: 1 }).reports[0];
  if (!report) return null;
  const growth = report.exponential ? 'exponential' : 'polynomial';
  if (report.type === 'Trade')
    return unsafe(`${report.startQuant.raw} and ${report.endQuant.raw} can match the same "${report.character.pick}"s, ${growth} time`);
  if (report.type === 'Self') return unsafe(`nested quantifiers: ${report.quant.raw} inside ${report.parentQuant.raw}, ${growth} time`);
  return null;
}

/** A repeated group whose alternatives can start with the same character (or be empty) is ambiguous. */
function overlappingAlternatives(group: AST.Group | AST.CapturingGroup, flags: AST.Flags, unsafe: (what: string) => string): string | null {
  if (group.alternatives.length < 2 || getEffectiveMaximumRepetition(group) < 2) return null;
  const firsts = group.alternatives.map((alternative) => getFirstConsumedChar(alternative, 'ltr', flags));
  for (let i = 0; i < firsts.length; i++) {
    for (let j = i + 1; j < firsts.length; j++) {
      const a = firsts[i]!;
      const b = firsts[j]!;
      if (a.empty || b.empty || !a.char.isDisjointWith(b.char))
        return unsafe(`repeated alternatives that can match the same text: ${group.raw}`);
    }
  }
  return null;
}
