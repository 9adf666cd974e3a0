// Output filters that cannot hang (issue 12): a /regex/ that can backtrack catastrophically is refused
// when the config is loaded; every pattern form that is accepted matches a crafted title quickly.
import { describe, expect, it } from 'vitest';
import { compilePattern, OutputFilterError, outputPatternProblem } from '../../src/config/output-pattern.js';
import type { OutputConfig } from '../../src/config/schema.js';
import type { StoredItem, StoryWithItems } from '../../src/model.js';
import { compileStoryFilter } from '../../src/publish/story-filter.js';
import { feedItem } from '../support/feed-item.js';

// The title from the report: 34 "a" and a "!". /(a+)+$/ needs about 2^34 steps to reject it.
const craftedTitle = `${'a'.repeat(34)}!`;

function storyTitled(title: string, summary = title): StoryWithItems {
  const item: StoredItem = {
    ...feedItem({ key: 'crafted', title, summary }),
    id: 1,
    sourceId: 'hostile',
    language: 'en',
    firstSeen: '2026-11-26T06:00:00.000Z',
    lastSeen: '2026-11-26T06:00:00.000Z',
    storyId: 's1',
    contentLength: summary.length,
  };
  return {
    id: 's1',
    representativeItemId: 1,
    title,
    url: null,
    published: item.firstSeen,
    updated: item.firstSeen,
    representative: item,
    absorbedIds: [],
    items: [item],
  };
}

const output = (include: string[]): OutputConfig => ({ id: 'o', include, limit: 100 });

describe('patterns that can backtrack catastrophically are refused', () => {
  it.each([
    ['/(a+)+$/', 'nested quantifiers: a+ is repeated by an enclosing quantifier'],
    ['/(\\w+\\s?)*$/', 'nested quantifiers: \\w+ is repeated'],
    ['/(?:a*)*b/', 'nested quantifiers: a* is repeated'],
    ['/((ab)+)+$/', 'nested quantifiers: (ab)+ is repeated'],
    ['/(a{1,30}){1,30}$/', 'nested quantifiers: a{1,30} is repeated'],
    ['/(.*a){12}/', 'nested quantifiers: .* is repeated'],
    ['/(a|aa)+$/', 'repeated alternatives that can match the same text: (a|aa)'],
    ['/(a|b|ab)*c/i', 'repeated alternatives that can match the same text: (a|b|ab)'],
    ['/(?:x|X)+y/i', 'repeated alternatives that can match the same text'],
    ['/a+a+$/', 'a+ and a+ can match the same "a"s, polynomial time'],
    ['/^\\d+\\s*\\d+$/', '\\d+ and \\d+ can match the same'],
  ])('%s', (pattern, reason) => {
    expect(outputPatternProblem(pattern)).toContain(reason);
    expect(outputPatternProblem(pattern)).toMatch(
      /^regular expression can backtrack catastrophically \(.*\); rewrite it or use plain words$/,
    );
    expect(() => compileStoryFilter(output([pattern]))).toThrow(OutputFilterError);
    expect(() => compilePattern(pattern, 'output "o" include')).toThrow(
      /^Invalid pattern .* in output "o" include: regular expression can/,
    );
  });
});

// Accepted regexes: what operators write for news filters, including alternation, anchors, lookaround,
// bounded repeats and unanchored scans (at worst quadratic in a title of at most 1,000 characters).
const acceptedRegexes: [string, string, boolean][] = [
  ['/\\b(Selenskyj|Selensky|Zelensky)\\b/i', 'Selensky trifft Trump', true],
  ['/^(?:Eil|Breaking|Liveblog):/i', 'EIL: Waffenruhe', true],
  ['/\\d+ Tote/', '12 Tote bei Unfall', true],
  ['/(\\d{1,3}\\.){3}\\d{1,3}/', 'Server 10.1.2.3 down', true],
  ['/(?<!Nicht-)Einigung/', 'Nicht-Einigung in Genf', false],
  ['/Kiew|Kyjiw|Kyiv/', 'Angriff auf Kyjiw', true],
  ['/a+b/', craftedTitle, false],
  ['/\\p{Lu}{3,}/v', 'NATO-Gipfel', true],
];

describe('accepted patterns', () => {
  it.each(acceptedRegexes)('%s is accepted and matches %j → %s', (pattern, text, expected) => {
    expect(outputPatternProblem(pattern)).toBeNull();
    expect(compileStoryFilter(output([pattern]))(storyTitled(text))).toBe(expected);
  });

  it('runs the crafted title through every accepted pattern form quickly (sanity bound: 100 ms of CPU)', () => {
    const patterns = [
      'a',
      'aaaa',
      `${'a'.repeat(34)}`,
      'a a',
      '地震',
      '한국은행',
      'İstanbul',
      'Gefangenenaustausch',
      'a+b (c)',
      'x*',
      ...acceptedRegexes.map(([pattern]) => pattern),
    ];
    const keep = compileStoryFilter({ id: 'o', include: patterns, exclude: patterns, limit: 100 });
    const story = storyTitled(craftedTitle);
    const before = process.cpuUsage();
    keep(story);
    // Each pattern on its own, so no early match hides a slow one.
    const filters = patterns.map((p) => compileStoryFilter(output([p])));
    for (const filter of filters) filter(story);
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(100);
  });
});
