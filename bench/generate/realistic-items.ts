// Realistic feed items for the poll speed benchmark: headline-length titles, teaser leads, a link with a
// slug, a guid, a date, and an HTML body of a few paragraphs with links, emphasis and an image, as news
// feeds carry in content:encoded or Atom content. The words come from the synthetic languages.
import { seededRandom } from '../../scripts/eval/seeded-random.js';
import type { DocumentItem } from '../../scripts/eval/feed-document.js';
import { benchLanguages, headlineText, headlineWords, lead, syntheticLanguage } from './synthetic-language.js';

/** `perFeed` items for each of `feeds` feeds, feed f in language f mod 3, dated over `spanMs` before `endMs`. */
export function realisticFeeds(feeds: number, perFeed: number, endMs: number, spanMs: number, seed: string): DocumentItem[][] {
  const random = seededRandom(seed);
  const languages = benchLanguages.map((l) => syntheticLanguage(l, 60_000, seededRandom(`${seed}/vocabulary/${l}`)));
  return Array.from({ length: feeds }, (_, f) => {
    const lang = languages[f % languages.length]!;
    return Array.from({ length: perFeed }, (_, k) => {
      const title = headlineText(headlineWords(lang, 3 + Math.floor(random() * 5), random).words);
      const slug = title
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 60);
      const url = `https://outlet${f}.bench.example/${lang.language}/politik/${slug}-${f}-${k}.html`;
      const paragraphs = Array.from({ length: 3 + Math.floor(random() * 4) }, (_, p) => {
        const text = lead(lang, 25 + Math.floor(random() * 30), random);
        return p === 1
          ? `<p>${text} <a href="https://outlet${f}.bench.example/thema/${k}">${lang.contentWord(random)}</a> <strong>${lang.contentWord(random)}</strong></p>`
          : `<p>${text}</p>`;
      });
      paragraphs.splice(
        1,
        0,
        `<figure><img src="https://img.bench.example/${f}/${k}.jpg" alt="${lang.contentWord(random)}" width="640" height="360"/></figure>`,
      );
      return {
        guid: `urn:outlet${f}:${k}`,
        title,
        summary: lead(lang, 20 + Math.floor(random() * 21), random),
        url,
        publishedMs: endMs - Math.floor(random() * spanMs),
        contentHtml: paragraphs.join('\n'),
      };
    }).sort((a, b) => b.publishedMs - a.publishedMs);
  });
}
