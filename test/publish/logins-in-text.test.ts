// A login written out in text (a newsletter's "read online: https://…?token=…", a link whose text is its
// own URL) is published without it, as an href carrying one is dropped.
import { describe, expect, it } from 'vitest';
import { withoutLoginsInHtml, withoutLoginsInText } from '../../src/publish/logins-in-text.js';

describe('withoutLoginsInText', () => {
  it.each([
    ['Online lesen: https://news.example.org/a?token=k3y.', 'Online lesen: https://news.example.org/a.'],
    ['(https://leser:pw@news.example.org/archiv)', '(https://news.example.org/archiv)'],
    ['https://news.example.org/a?lang=de&Session=s1&ref=mail, dann', 'https://news.example.org/a?lang=de&ref=mail, dann'],
    // Without a login a URL stays exactly as written, punctuation and all.
    ['Siehe https://news.example.org/a?ref=mail&x=1.', 'Siehe https://news.example.org/a?ref=mail&x=1.'],
    ['keine Adresse, nur token=abc', 'keine Adresse, nur token=abc'],
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
