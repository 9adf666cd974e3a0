import { describe, expect, it } from 'vitest';
import { carriesLogin, publishedFeedUrl, withoutLogin } from '../../src/publish/without-login.js';

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
    // A URL that is a parameter's value (a redirect) loses its own login, written back as it came.
    ['https://r.example/go?next=https://u:pw@paid.example/a&lang=de', 'https://r.example/go?next=https://paid.example/a&lang=de'],
    ['https://r.example/go?u=https%3A%2F%2Fpaid.example%2F%3Ftoken%3Dabc', 'https://r.example/go?u=https%3A%2F%2Fpaid.example%2F'],
    // Also one a browser reads as such: "\" for "/", one slash or none (WHATWG URL, special schemes).
    ['https://r.example/go?next=https:/u:pw@paid.example/a', 'https://r.example/go?next=https://paid.example/a'],
    ['https://r.example/go?next=https:\\\\u:pw@paid.example/a', 'https://r.example/go?next=https://paid.example/a'],
    ['https://r.example/go?next=https:u:pw@paid.example/a', 'https://r.example/go?next=https://paid.example/a'],
    ['https:/\\reader:s3cret@paid.example/feed.rss', 'https://paid.example/feed.rss'],
  ])('%s → %s', (url, published) => {
    expect(withoutLogin(url)).toBe(published);
  });
});

describe('carriesLogin', () => {
  it.each([
    ['https://paid.example/feed?token=abc', true],
    ['https://r.example/go?next=https://u:pw@paid.example/', true],
    // Signs of a login withoutLogin does not take out: it fails closed on them.
    ['https://paid.example/cb#access_token=abc', true],
    ['https://paid.example/feed?lang=de;token=abc', true],
    ['https://r.example/go?a=https://b.example/?c=https://d.example/?e=https://u:pw@paid.example/', true],
    ['https://r.example/go?a=https://b.example/?c=https://d.example/?e=https:\\\\u:pw@paid.example/', true],
    ['https://r.example/go?a=https://b.example/?c=https://d.example/?e=https:/u:pw@paid.example/', true],
    ['https://r.example/go?next=https:/\\u:pw@paid.example/', true],
    ['https://r.example/go?a=https://b.example/?c=https%3A%2F%2Fd.example%2F%3Fe%3Dhttps%3A%5C%5Cu%3Apw%40paid.example%2F', true],
    // Nested in a path or fragment with no slash or three or more (backslashes read as slashes).
    ['https://x.example/go/https:///u:pw@host', true],
    ['https://x.example/go/https:\\\\\\u:pw@host', true],
    ['https://x.example/#next=https:u:pw@host', true],
    ['https://x.example/go/https:/u:pw@host', true],
    // No login there: an "@" in the outer query, after a "&" a nested value does not run across.
    ['https://x.example/r?url=https:example.com&mail=a@b.de', false],
    ['https://example.com?feed=rss2&author=a@b.de', false],
    ['https:\\\\paid.example\\feed', false],
    ['https://mastodon.social/@leser?x=1', false],
    // An escaped "@" is a login only in a nested URL, not in the URL's own query.
    ['https://paid.example/search?q=%40leser', false],
    ['https://r.example/go?u=https%3A%2F%2Fu%3Apw%40paid.example%2F', true],
    ['https://paid.example/feed?keyword=rust', false],
  ])('%s → %s', (url, carries) => {
    expect(carriesLogin(url)).toBe(carries);
  });
});

// A source's feed URL keeps all that shows no sign of a login: cut only from the part that shows one.
describe('publishedFeedUrl', () => {
  it.each([
    ['https://reader:s3cret@paid.example/feed.rss', 'https://paid.example/feed.rss'],
    // No login: an "@" in the query of a URL written without "/" before "?", a feed named by its path.
    ['https://example.com?feed=rss2&author=a@b.de', 'https://example.com?feed=rss2&author=a@b.de'],
    ['https://mastodon.social/@Gargron.rss', 'https://mastodon.social/@Gargron.rss'],
    // A file path is no URL anyone follows: as it is, never empty.
    ['/srv/feeds/key=1.xml', '/srv/feeds/key=1.xml'],
    // Only the pair, the segment or the fragment that shows a sign is cut.
    ['https://news.example/rss/search?q=C%26key%3Dx&hl=de', 'https://news.example/rss/search?hl=de'],
    ['https://paid.example/private/feed;token=abc', 'https://paid.example/private/'],
    ['https://paid.example/feed.rss?cat=1#access_token=abc', 'https://paid.example/feed.rss?cat=1'],
    ['https://r.example/go/https:///u:pw@paid.example/feed', 'https://r.example/go/https:///'],
    // Rejected by the URL parser with a login: its scheme and host.
    ['https://reader:s3cret@paid.example:99999/feed', 'https://paid.example:99999'],
  ])('%s → %s', (url, published) => {
    expect(publishedFeedUrl(url)).toBe(published);
  });
});
