// An item's features holding only terms (what the window index and story cores read), for tests
// that drive those structures directly instead of through real items.
import type { ItemFeatures } from '../../src/dedup/item-features.js';

export function termsOnlyFeatures(
  itemId: number,
  terms: string[],
  parts: { sourceId?: string; atMs?: number; titleTerms?: Set<string>; partTerms?: Set<string> } = {},
): ItemFeatures {
  return {
    itemId,
    sourceId: parts.sourceId ?? 's',
    itemKey: `k${itemId}`,
    atMs: parts.atMs ?? itemId,
    language: 'de',
    titlePolarity: [],
    leadWords: 0,
    titleNumbers: [],
    leadNumbers: [],
    recurring: { lists: [], temperatures: [] },
    terms,
    titleTerms: parts.titleTerms ?? new Set(terms),
    partTerms: parts.partTerms ?? new Set(),
    titlePlaces: [],
    textPlaces: [],
    home: null,
    routes: [],
    qualifiedPlaces: [],
    negated: false,
    negationScope: null,
    givenNames: [],
    exactKey: null,
    leadKey: null,
    linkKey: null,
    contentLength: 0,
    correction: false,
    wireUpdate: false,
    liveCoverage: false,
    weekdays: 0,
    datedWeekdays: 0,
    opposites: 0,
    acronyms: [],
    capitalisedRuns: [],
  };
}
