// The soak benchmark's feeds: every source's feed changes at every poll. Generation g of source i
// holds its newest `window` items, `perPoll` of them new since generation g-1. Every third item is
// an event three sources report (sources i, i+100, i+200 with the same words in another order),
// so the story engine merges as it does on real news; the rest are unrelated headlines.
import { pseudoGermanWords, pseudoSentence } from './generate/pseudo-german.js';

// ~6,000 pseudo-German words from syllables, as in the poll-cycle benchmark.
const syllables =
  'be ge ver ent zer an auf aus ein ab bahn haus halt streik wahl rat markt preis land stadt recht zins lohn wert kraft werk'.split(' ');
const endings = 'en er ung heit keit lich isch ig e el'.split(' ');
const words = pseudoGermanWords(syllables, endings);

/** A deterministic sentence of `n` words for `seed`. */
function sentence(seed: number, n: number): string {
  return pseudoSentence(words, seed, n);
}

export interface SoakFeedShape {
  /** Items in one document. */
  window: number;
  /** New items per poll. */
  perPoll: number;
  /** Sources i, i+group, i+2·group report the same events (default 100). */
  group?: number;
}

/** The title of item `n` of source `i`. */
function title(i: number, n: number, group = 100): string {
  if (n % 3 === 0) {
    // A shared event: the same words for sources that agree modulo `group`, rotated per source.
    const base = sentence((n / 3) * 1000 + (i % group), 9).split(' ');
    const shift = Math.floor(i / group) % 3;
    return [...base.slice(shift), ...base.slice(0, shift)].join(' ');
  }
  return sentence(i * 1_000_003 + n, 9);
}

/** RSS 2.0 of source `i` at generation `g` (g ≥ 1): items g·perPoll − window + 1 … g·perPoll. */
export function soakFeed(i: number, g: number, shape: SoakFeedShape): string {
  const newest = g * shape.perPoll;
  const items: string[] = [];
  for (let n = newest; n > Math.max(0, newest - shape.window); n--) {
    items.push(
      `<item><title>${title(i, n, shape.group)}</title><link>https://quelle${i}.example/meldung/${n}</link>` +
        `<guid isPermaLink="false">q${i}-${n}</guid><description>${sentence(i * 7919 + n, 60)}</description></item>`,
    );
  }
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>' +
    `<title>Quelle ${i}</title><link>https://quelle${i}.example/</link><description>Soak feed ${i}</description><language>de</language>` +
    `${items.join('\n')}</channel></rss>`
  );
}
