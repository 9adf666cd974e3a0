// A login written out in text (a newsletter's "read online: https://…?token=…", a link whose text is its
// own URL) is published without it, as an href carrying one is dropped.
import { describe, expect, it } from 'vitest';
import { withoutLoginsInHtml, withoutLoginsInText } from '../../src/publish/logins-in-text.js';
import { safeHtml } from '../../src/publish/safe-html.js';

describe('withoutLoginsInText', () => {
  it.each([
    ['Online lesen: https://news.example.org/a?token=k3y.', 'Online lesen: https://news.example.org/a.'],
    ['(https://leser:pw@news.example.org/archiv)', '(https://news.example.org/archiv)'],
    ['https://news.example.org/a?lang=de&Session=s1&ref=mail, dann', 'https://news.example.org/a?lang=de&ref=mail, dann'],
    // Without a login a URL stays exactly as written, punctuation and all.
    ['Siehe https://news.example.org/a?ref=mail&x=1.', 'Siehe https://news.example.org/a?ref=mail&x=1.'],
    ['keine Adresse, nur token=abc', 'keine Adresse, nur token=abc'],
    // Glued to a word, the URL still shows.
    ['siehehttps://news.example.org/a?token=k3y', 'siehehttps://news.example.org/a'],
    // A URL that is another parameter's value loses its own login, escaped or not.
    ['https://x.example/r?next=https://u:pw@y.example/a&lang=de ok', 'https://x.example/r?next=https://y.example/a&lang=de ok'],
    ['https://x.example/r?u=https%3A%2F%2Fy.example%2F%3Ftoken%3Dk3y', 'https://x.example/r?u=https%3A%2F%2Fy.example%2F'],
    // Fails closed: a sign of a login withoutLogin does not take out, or an unparseable URL with one, is
    // cut to its host.
    ['https://x.example:99999/?token=k3y', 'https://x.example:99999'],
    ['https://leser:pa#55@news.example.org/a', 'https://news.example.org'],
    ['https://leser:55#pa@news.example.org/a', 'https://news.example.org'],
    ["https://leser:pa'55@news.example.org/a", 'https://news.example.org/a'],
    ['https://x.example/a?lang=de;token=k3y', 'https://x.example'],
    ['https://x.example/cb#access_token=k3y', 'https://x.example'],
    ['https://x.example/a?token%3Dk3y', 'https://x.example'],
    ['https://x.example/a?to\u00ADken=k3y', 'https://x.example'],
    ['https://x.example/r?a=https://y/?b=https://z/?c=https://u:pw@w/', 'https://x.example'],
    // The URL ends where no URL can go on: CJK punctuation, typographic quotes; the text after it stays.
    ['详见https://x.example/a?token=k3y。下一句没有空格。', '详见https://x.example/a。下一句没有空格。'],
    ['„https://u:pw@x.example/a“ sagt er.', '„https://x.example/a“ sagt er.'],
    ['«https://x.example/a?sid=1» et ‹https://x.example/b?sid=2›', '«https://x.example/a» et ‹https://x.example/b›'],
    ['「https://x.example/a?sig=1」と（https://x.example/b?key=2）', '「https://x.example/a」と（https://x.example/b）'],
    // Without a login an "@" in the path stays.
    ['https://mastodon.social/@leser?x=1 ok', 'https://mastodon.social/@leser?x=1 ok'],
  ])('%j → %j', (text, expected) => {
    expect(withoutLoginsInText(text)).toBe(expected);
  });
});

describe('withoutLoginsInHtml', () => {
  it.each([
    // "&amp;" is a query's "&"; an escaped bracket ends the URL.
    ['<p>https://x.example/a?lang=de&amp;token=k3y&lt;b&gt;</p>', '<p>https://x.example/a?lang=de&lt;b&gt;</p>'],
    [
      '<img src="https://x.example/i.jpg" alt="https://u:p@x.example/i.jpg" />',
      '<img src="https://x.example/i.jpg" alt="https://x.example/i.jpg" />',
    ],
    [
      '<a href="https://x.example/?ref=1&amp;a=2">https://x.example/?ref=1&amp;a=2</a>',
      '<a href="https://x.example/?ref=1&amp;a=2">https://x.example/?ref=1&amp;a=2</a>',
    ],
  ])('%j → %j', (html, expected) => {
    expect(withoutLoginsInHtml(html)).toBe(expected);
  });
});

describe('safeHtml with a login written out', () => {
  it.each([
    // Split by an inline tag the URL reads whole, so it is read across the tag.
    ['<p>https://x.example/online?<span>token=k3y</span></p>', '<p>https://x.example/online<span></span></p>'],
    ['<p>https://x.example/online?<wbr>token=k3y</p>', '<p>https://x.example/online</p>'],
    ['<p>https://x.example/on<b>line?tok</b>en=k3y</p>', '<p>https://x.example/online<b></b></p>'],
    // A URL continued across an inline tag is judged whole, also when the part before the tag has a login.
    ['<p>https://x.example/?token=AAA<b>&amp;sig=BBB</b></p>', '<p>https://x.example/<b></b></p>'],
    ['<p>https://u:pw@x.example/?<b>token=SSS</b></p>', '<p>https://x.example/<b></b></p>'],
    ['<p>https://x.example/?token=AAA<span>&amp;</span>session=CCC</p>', '<p>https://x.example/<span></span></p>'],
    // A block tag or <br> ends a URL as a line break does: the word or link after it stays its own.
    ['<p>Lesen: https://x.example/a?token=k3y<br>Weiter</p>', '<p>Lesen: https://x.example/a<br />Weiter</p>'],
    [
      '<ul><li>https://a.example/</li><li>https://b.example/?token=T</li></ul>',
      '<ul><li>https://a.example/</li><li>https://b.example/</li></ul>',
    ],
    [
      '<ul><li>https://a.example/</li><li>https://u:p@b.example/</li></ul>',
      '<ul><li>https://a.example/</li><li>https://b.example/</li></ul>',
    ],
    ['<p>https://a.example/<br>https://u:p@b.example/</p>', '<p>https://a.example/<br />https://b.example/</p>'],
    // Cut to its host, the host is the one before the query: an "@" in the query is no login.
    ['<p>https://x.example?mail=a@b.de</p>', '<p>https://x.example</p>'],
    ['<p>https://x.example?q=%40user</p>', '<p>https://x.example?q=%40user</p>'],
    ['<p>https://x.example/a</p><p>token=5 Weiter</p>', '<p>https://x.example/a</p><p>token=5 Weiter</p>'],
    ['<p>seehttps://x.example/?token=k3y</p>', '<p>seehttps://x.example/</p>'],
    // A link whose URL nests one with a login loses its href; its text loses the login.
    [
      '<a href="https://x.example/r?next=https://u:pw@y.example/">https://x.example/r?next=https://u:pw@y.example/</a>',
      '<a>https://x.example/r?next=https://y.example/</a>',
    ],
    ['<p>详见https://x.example/a?token=k3y。下一句</p>', '<p>详见https://x.example/a。下一句</p>'],
  ])('%j → %j', (html, expected) => {
    expect(safeHtml(html, null)).toBe(expected);
  });

  // Past PARSED_URLS_PER_BODY URLs with a sign of a login (here the first 500 pairs), the rest are cut to their host unparsed (the
  // time of a 15 MB body of them is the suite's timeout's concern; the output is checked here).
  it('keeps a body of many URLs with logins free of them', () => {
    const body = '<p>' + 'https://u:pw@x.example/a?token=k3y https://y.example/%41 '.repeat(50_000) + '</p>';
    const out = safeHtml(body, null);
    expect(out).not.toMatch(/pw|k3y/);
    expect(out.split('https://x.example/a ').length - 1).toBe(500);
    expect(out.split('https://x.example ').length - 1).toBe(49_500);
    expect(out.split('https://y.example/%41 ').length - 1).toBe(50_000);
  });

  // A URL followed by a long run of punctuation took quadratic time to trim (a 200 kB body blocked the
  // publish for a minute): the result is checked here, the time by the suite's own timeout.
  it('renders a URL followed by 200,000 dots', () => {
    const dots = '.'.repeat(200_000);
    expect(safeHtml(`<p>https://x.example/a${dots}b</p>`, null)).toBe(`<p>https://x.example/a${dots}b</p>`);
    expect(withoutLoginsInText(`https://u:pw@x.example/a${dots}`)).toBe(`https://x.example/a${dots}`);
    expect(withoutLoginsInText(`https://x.example/a?token=k3y${dots}b ok`)).toBe('https://x.example ok');
  });
});
