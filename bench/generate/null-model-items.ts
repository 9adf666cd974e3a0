// The null model's items: unrelated synthetic news (no copies at all), or the same with planted copies
// of earlier items made the ways real copies differ. Deterministic for a seed; times are offsets
// before the run's end, so that the same items are produced whenever the benchmark runs.
import { seededRandom } from '../../scripts/eval/seeded-random.js';
import {
  benchLanguages,
  headlineText,
  headlineWords,
  lead,
  syntheticLanguage,
  type BenchLanguage,
  type SyntheticLanguage,
} from './synthetic-language.js';

export const copyKinds = [
  'topic-prefix',
  'agency-dateline',
  'shortened-lead',
  'swapped-word',
  'tracking-link',
  'other-outlet-link',
] as const;
export type CopyKind = (typeof copyKinds)[number];

export interface NullModelItem {
  index: number;
  feed: number;
  language: BenchLanguage;
  guid: string;
  title: string;
  summary: string;
  url: string;
  /** Milliseconds before the end of the set (0 = the newest possible). */
  ageMs: number;
  /** The original item's index: an original and its copies form one family (one true story). */
  family: number;
  kind: CopyKind | null;
  /** How many content words the title has (1–4; a copy keeps its original's count, a prefix adds none). */
  titleContentWords: number;
}

export interface NullModelOptions {
  items: number;
  feeds: number;
  /** Share of the items that are planted copies (0 = the pure null model). */
  plantedShare: number;
  seed: string;
  /** The items span this much time before the end. */
  spanMs: number;
  vocabularySize: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const topicPrefix: Record<BenchLanguage, (word: string) => string> = {
  de: (w) => `${w}-Konflikt`,
  en: (w) => `${w[0]!.toUpperCase()}${w.slice(1)} crisis`,
  es: (w) => `Crisis en ${w}`,
};
const datelines: Record<BenchLanguage, string[]> = {
  de: ['Berlin (dpa) - ', 'Hamburg (dpa) - ', 'München (AFP) - ', 'Köln (Reuters) - '],
  en: ['WASHINGTON (Reuters) - ', 'LONDON (AP) - ', 'NEW YORK (AFP) - '],
  es: ['MADRID (EFE) - ', 'BARCELONA (Europa Press) - ', 'SEVILLA (EFE) - '],
};

/** The feeds' languages: feed f writes language f mod 3 (each feed is one outlet in one language). */
export function feedLanguage(feed: number): BenchLanguage {
  return benchLanguages[feed % benchLanguages.length]!;
}

const linkOf = (feed: number, index: number) => `https://feed${feed}.bench.example/artikel/${index}.html`;

/** Generates the items; see the file comment. */
export function nullModelItems(options: NullModelOptions): NullModelItem[] {
  const random = seededRandom(options.seed);
  const languages = new Map<BenchLanguage, SyntheticLanguage>(
    benchLanguages.map((l) => [l, syntheticLanguage(l, options.vocabularySize, seededRandom(`${options.seed}/vocabulary/${l}`))]),
  );
  const feedsOf = new Map<BenchLanguage, number[]>(benchLanguages.map((l) => [l, []]));
  for (let f = 0; f < options.feeds; f++) feedsOf.get(feedLanguage(f))!.push(f);
  const copies = Math.round(options.items * options.plantedShare);
  const originals = options.items - copies;
  const items: NullModelItem[] = [];
  const titleWords: { words: string[]; content: boolean[] }[] = [];
  for (let i = 0; i < originals; i++) {
    const feed = Math.floor(random() * options.feeds);
    const lang = languages.get(feedLanguage(feed))!;
    const title = headlineWords(lang, 1 + Math.floor(random() * 4), random);
    titleWords.push(title);
    items.push({
      index: i,
      feed,
      language: lang.language,
      guid: `urn:null-model:${i}`,
      title: headlineText(title.words),
      summary: lead(lang, 15 + Math.floor(random() * 26), random),
      url: linkOf(feed, i),
      ageMs: Math.floor(random() * options.spanMs),
      family: i,
      kind: null,
      titleContentWords: title.content.filter(Boolean).length,
    });
  }
  for (let c = 0; c < copies; c++) {
    const index = originals + c;
    const kind = copyKinds[c % copyKinds.length]!;
    // An original old enough that a copy 1 minute to 12 hours later still lies before the end.
    let original: NullModelItem;
    do original = items[Math.floor(random() * originals)]!;
    while (original.ageMs < MINUTE);
    const delay = MINUTE + Math.floor(random() * (Math.min(12 * HOUR, original.ageMs) - MINUTE));
    const others = feedsOf.get(original.language)!.filter((f) => f !== original.feed);
    const feed = others[Math.floor(random() * others.length)]!;
    const lang = languages.get(original.language)!;
    let title = original.title;
    let summary = original.summary;
    let url = linkOf(feed, index);
    switch (kind) {
      case 'topic-prefix':
        title = `${topicPrefix[lang.language](lang.contentWord(random))}: ${original.title}`;
        break;
      case 'agency-dateline': {
        const lines = datelines[lang.language];
        summary = `${lines[Math.floor(random() * lines.length)]}${original.summary}`;
        break;
      }
      case 'shortened-lead': {
        const sentences = original.summary.split(/(?<=\.) /);
        const words = original.summary.split(' ');
        summary =
          sentences.length > 1
            ? sentences[0]!
            : `${words
                .slice(0, Math.ceil(words.length * 0.6))
                .join(' ')
                .replace(/\.$/, '')}.`;
        break;
      }
      case 'swapped-word': {
        const { words, content } = titleWords[original.index]!;
        const positions = content.flatMap((isContent, k) => (isContent ? [k] : []));
        const at = positions[Math.floor(random() * positions.length)]!;
        let replacement = lang.contentWord(random);
        while (replacement === words[at]) replacement = lang.contentWord(random);
        title = headlineText(words.map((w, k) => (k === at ? replacement : w)));
        break;
      }
      case 'tracking-link':
        url = `${original.url}?utm_source=feed${feed}&utm_medium=rss&utm_campaign=bench`;
        break;
      case 'other-outlet-link':
        break;
    }
    items.push({
      index,
      feed,
      language: lang.language,
      guid: `urn:null-model:${index}`,
      title,
      summary,
      url,
      ageMs: original.ageMs - delay,
      family: original.index,
      kind,
      titleContentWords: original.titleContentWords,
    });
  }
  return items;
}
