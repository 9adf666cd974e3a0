// The comparable link: tracking parameters, fragments, www and trailing slashes do not matter.
import { describe, expect, it } from 'vitest';
import { matchingLink } from '../../src/dedup/matching-link.js';

describe('matchingLink', () => {
  it.each([
    ['https://www.News.example/artikel/123?utm_source=rss&utm_medium=feed', 'news.example/artikel/123'],
    ['http://news.example/artikel/123/?utm_campaign=x#top', 'news.example/artikel/123'],
    ['https://dw.com/de/a-51850455?maca=de-rss&b=2&a=1', 'dw.com/de/a-51850455?a=1&b=2'],
    ['https://news.example/artikel?id=5&fbclid=abc', 'news.example/artikel?id=5'],
    ['http://www.latimes.com/business/story\\?track=rss', 'latimes.com/business/story'],
    ['https://tag24.example/ukraine-ticker#1835', 'tag24.example/ukraine-ticker'],
    ['ftp://files.example/a', null],
    ['not a link', null],
    [null, null],
  ])('%s → %s', async (url, expected) => {
    expect(matchingLink(url)).toBe(expected);
  });
});
