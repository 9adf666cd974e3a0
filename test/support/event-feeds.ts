// Feeds whose stories depend on the order items reach the story engine: every third item of a
// source is an event that every fourth source tells (the same nine made-up words, rotated per
// source, each with its own lead), the rest unrelated. Items are dated over the three hours before
// `T`, higher sources' a little earlier, so sources polled later bring items dated before ones
// already placed. Made-up pseudo-German words (as the soak feeds'), so no stopword or prior knows them.
import type { FeedItem } from '../../src/model.js';
import { feedItem } from './feed-item.js';
import { pseudoGermanWords, pseudoSentence } from '../../bench/generate/pseudo-german.js';

const syllables = 'be ge ver an auf aus ein bahn haus streik wahl rat markt preis land stadt recht zins lohn werk'.split(' ');
const endings = 'en er ung heit lich isch e'.split(' ');
const words = pseudoGermanWords(syllables, endings);

function sentence(seed: number, n: number): string {
  return pseudoSentence(words, seed, n);
}

/** Source i's 12 items (of `sources`), dated before `T` (ms): every third one an event that sources i, i+4, i+8, … tell. */
export function eventFeed(i: number, sources: number, T: number): FeedItem[] {
  return Array.from({ length: 12 }, (_, n) => {
    const shared = n % 3 === 0;
    const base = sentence(shared ? n * 1000 + (i % 4) : i * 1_000_003 + n, 9).split(' ');
    const shift = shared ? Math.floor(i / 4) % 3 : 0;
    const url = `https://s${i}.example/${n}`;
    return feedItem({
      key: `s${i}-${n}`,
      url,
      canonicalUrl: url,
      title: [...base.slice(shift), ...base.slice(0, shift)].join(' '),
      summary: sentence(i * 7919 + n, 30),
      published: new Date(T - 3 * 3_600_000 + n * 900_000 + (sources - i) * 20_000).toISOString(),
    });
  });
}

/** The items as an RSS 2.0 document (guid = key, pubDate, link, description). */
export function eventRss(title: string, items: readonly FeedItem[]): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const entries = items.map(
    (item) =>
      `<item><title>${escape(item.title)}</title><link>${item.url}</link><guid isPermaLink="false">${item.key}</guid>` +
      `<pubDate>${new Date(item.published!).toUTCString()}</pubDate><description>${escape(item.summary)}</description></item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>${title}</title><link>https://example.org/</link><description>${title}</description><language>de</language>${entries.join('\n')}</channel></rss>`;
}
