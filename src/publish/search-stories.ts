// A reader's search over the stored stories: the words of the query, each a plain word or "quoted
// phrase" (never a regular expression), all found in a story's title or its members' titles and
// leads, newest stories first. A word is found case- and accent-insensitively and in its inflected forms (the
// stemmer of each item's language and of the query's, word-match.ts); a "quoted phrase" only as written, case and
// accents aside.
import type { Config } from '../config/schema.js';
import type { StoryWithItems } from '../model.js';
import { cursorAfter, type Store, type StoryCursor } from '../store/store.js';
import { toPublishedEntry, type PublishedEntry } from './published-entry.js';
import { publishedText } from './published-text.js';
import { queryLanguage, storyTexts, termMatch, type TermMatch } from './word-match.js';

/** Stories read per search, newest first: a search costs at most this much, whatever the store holds. */
export const SEARCH_SCANNED_STORIES = 5_000;
/** Results shown. */
export const SEARCH_RESULTS = 50;
const MAX_QUERY_CHARACTERS = 200;
const MAX_TERMS = 8;

export interface SearchResult {
  /** The query as understood: its terms, after trimming. */
  terms: string[];
  entries: PublishedEntry[];
  /** Stories looked at; `complete` is false when the scan stopped at SEARCH_SCANNED_STORIES with older ones left. */
  scanned: number;
  complete: boolean;
}

/** The terms of a query: words, and "phrases in quotes" (an open quote runs to the end); at most MAX_TERMS, the query cut at MAX_QUERY_CHARACTERS. */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  // A quote is never part of a word, and one left open runs to the end ('"Köln' found nothing: it looked for the word '"köln').
  for (const match of query.slice(0, MAX_QUERY_CHARACTERS).matchAll(/"([^"]*)"?|([^\s"]+)/g)) {
    const term = (match[1] ?? match[2]!).trim();
    if (term) terms.push(term);
  }
  return [...new Set(terms)].slice(0, MAX_TERMS);
}

// Searched as published: a key in a title or lead (publishedText, as the feeds write it) is no more found
// than shown, so a reader cannot confirm a guessed key by searching for it. Only a text that matches as
// stored is read again as published (taking logins out of every text of 5,000 stories cost ~20 ms of CPU
// per search).
function matches(story: StoryWithItems, terms: readonly TermMatch[]): boolean {
  const texts = storyTexts(story);
  return terms.every((term) => texts.some(({ text, language }) => term(text, language) && term(publishedText(text), language)));
}

/** Searches the newest `maxScanned` stories for `query`; an empty query finds nothing. */
export async function searchStories(
  store: Store,
  config: Pick<Config, 'sources' | 'server'>,
  query: string,
  maxScanned = SEARCH_SCANNED_STORIES,
): Promise<SearchResult> {
  const terms = searchTerms(query);
  if (terms.length === 0) return { terms, entries: [], scanned: 0, complete: true };
  // Quotes ask for the words as written: a phrase is not stemmed.
  const language = queryLanguage(terms);
  const quoted = new Set([...query.matchAll(/"([^"]*)"?/g)].map((m) => m[1]!.trim()));
  const matchers = terms.map((t) => termMatch(t, quoted.has(t) ? 'exact' : 'stemmed', language));
  const sources = new Map(config.sources.map((s) => [s.id, s]));
  const found: StoryWithItems[] = [];
  let scanned = 0;
  let before: StoryCursor | undefined;
  let complete = false;
  while (found.length < SEARCH_RESULTS && scanned < maxScanned) {
    const limit = Math.min(500, maxScanned - scanned);
    const page = await store.stories.list({ before, limit });
    scanned += page.length;
    for (const story of page) if (found.length < SEARCH_RESULTS && matches(story, matchers)) found.push(story);
    const last = page.at(-1);
    if (!last || page.length < limit) {
      complete = true;
      break;
    }
    before = cursorAfter(last);
  }
  return {
    terms,
    // Results are shown on the search page itself: a story without a link points at its own row there.
    entries: found.map((story) => toPublishedEntry(story, { sources, baseUrl: config.server.baseUrl, storyPageUrl: '' })),
    scanned,
    complete: complete || found.length >= SEARCH_RESULTS,
  };
}
