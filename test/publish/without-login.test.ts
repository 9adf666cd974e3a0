import { describe, expect, it } from 'vitest';
import { withoutLogin } from '../../src/publish/without-login.js';

describe('withoutLogin', () => {
  it.each([
    ['https://reader:s3cret@paid.example/feed.rss', 'https://paid.example/feed.rss'],
    ['https://paid.example/feed?token=abc', 'https://paid.example/feed'],
    ['https://paid.example/feed?lang=de&ACCESS_TOKEN=abc&page=2', 'https://paid.example/feed?lang=de&page=2'],
    ['https://paid.example/feed?sig=1&sig=2&q=a%20b+c', 'https://paid.example/feed?q=a%20b+c'],
    ['https://paid.example/feed?api%5Fkey=abc', 'https://paid.example/feed'],
    ['https://paid.example/feed?keyword=rust&monkey=1', 'https://paid.example/feed?keyword=rust&monkey=1'],
    ['https://paid.example/feed?cat=tech', 'https://paid.example/feed?cat=tech'],
    ['/srv/feeds/local.xml', '/srv/feeds/local.xml'],
  ])('%s → %s', (url, published) => {
    expect(withoutLogin(url)).toBe(published);
  });
});
