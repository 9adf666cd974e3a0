// The link key is the canonical link (parse/canonical-url.ts) without its scheme and "www.": one form
// for the whole product, so tracking junk, scheme, fragment and parameter order never split one article.
import { describe, expect, it } from 'vitest';
import { matchingLink } from '../../src/dedup/matching-link.js';
import { canonicalUrl } from '../../src/parse/canonical-url.js';

describe('matchingLink', () => {
  it.each([
    ['https://www.News.example/artikel/123?utm_source=rss&utm_medium=feed', 'news.example/artikel/123'],
    ['http://news.example/artikel/123?utm_campaign=x#top', 'news.example/artikel/123'],
    ['https://dw.com/de/a-51850455?maca=de-rss&b=2&a=1', 'dw.com/de/a-51850455?a=1&b=2'],
    ['https://news.example/artikel?id=5&fbclid=abc', 'news.example/artikel?id=5'],
    ['https://www.spiegel.example/politik/a-1?wt_cc1=x&mtm_campaign=y&pk_kwd=z', 'spiegel.example/politik/a-1'],
    ['http://www.latimes.com/business/story\\?track=rss', 'latimes.com/business/story/'],
    ['https://tag24.example/ukraine-ticker#1835', 'tag24.example/ukraine-ticker'],
    ['https://news.example/', 'news.example/'],
    ['ftp://files.example/a', null],
    ['not a link', null],
    [null, null],
  ])('%s → %s', (url, expected) => {
    expect(matchingLink(url)).toBe(expected);
  });

  it('is the canonical link without its scheme and www., so the two can never disagree', () => {
    for (const url of [
      'http://Example.org:443/a?b=2&utm_x=1&a=1#f',
      'https://example.org/#!/route?x=1',
      'https://user:pw@www.example.org/p',
    ]) {
      expect(`https://${matchingLink(url)}`).toBe(canonicalUrl(url)!.replace('//www.', '//'));
    }
  });
});
