// withoutTrackingParameters: the form of a link feedmerge publishes. Only the tracking parameters go;
// the rest stays byte for byte (order, escapes, the fragment), unlike canonicalUrl's matching form.
import { describe, expect, it } from 'vitest';
import { trackingParameters, withoutTrackingParameters } from '../../src/parse/tracking-parameters.js';

describe('withoutTrackingParameters', () => {
  it.each([
    ['https://rz.example/a?utm_source=rss&id=7&fbclid=x#kommentare', 'https://rz.example/a?id=7#kommentare'],
    ['https://rz.example/a?utm_source=rss&utm_medium=feed', 'https://rz.example/a'],
    ['https://rz.example/a?utm_source=rss#top', 'https://rz.example/a#top'],
    ['https://rz.example/a?b=2&a=1', 'https://rz.example/a?b=2&a=1'],
    ['https://rz.example/a?q=%C3%BC&wt_mc=x', 'https://rz.example/a?q=%C3%BC'],
    ['https://learn.example/a?WT.mc_id=x&view=1', 'https://learn.example/a?view=1'],
    ['https://rz.example/a?pk_campaign=rss&pk_kwd=x&mtm_source=y&at_medium=z&id=1', 'https://rz.example/a?id=1'],
    ['https://rz.example/a?utm%5Fsource=rss&x', 'https://rz.example/a?x'],
    ['https://rz.example/a?&&utm_source=rss&', 'https://rz.example/a'],
    ['https://rz.example/a#!/seite?utm_source=x', 'https://rz.example/a#!/seite?utm_source=x'],
    ['https://rz.example/a?id=1#!/seite?utm_source=x', 'https://rz.example/a?id=1#!/seite?utm_source=x'],
    ['https://rz.example/a', 'https://rz.example/a'],
  ])('%s → %s', (url, published) => {
    expect(withoutTrackingParameters(url)).toBe(published);
  });

  // Parameters that pick the content on some site stay: only ignored when links are compared (canonicalUrl).
  it.each([
    'https://gitlab.example/o/r/-/pipelines?ref=main',
    'https://api.github.com/repos/o/r/contents/README.md?ref=v2',
    'https://music.example/album/x?track=3',
    'https://conf.example/schedule?track=security',
    'https://archive.example/search?at_date=2024-01-01&q=x',
    'https://shop.example/item?pk_id=12&wt_lang=de&mtm_view=2',
    'https://dw.example/a?maca=de-rss',
    // Case matters: the trackers set the spelling listed, a site may read another as its own.
    'https://rz.example/a?UTM_SOURCE=3&Fbclid=x&WT_MC=y',
  ])('keeps %s', (url) => {
    expect(withoutTrackingParameters(url)).toBe(url);
  });

  // The query starts at the first "?": a later one is part of a value, kept byte for byte.
  it.each([
    ['https://x.example/go?next=/p?ref=x&id=1', 'https://x.example/go?next=/p?ref=x&id=1'],
    ['https://x.example/go?next=/p?utm_source=x&id=1', 'https://x.example/go?next=/p?utm_source=x&id=1'],
    ['https://x.example/login?utm_source=rss&return=/a?b=1', 'https://x.example/login?return=/a?b=1'],
    ['https://x.example/a?utm_source=rss&next=https://y.example/b?c=1#top', 'https://x.example/a?next=https://y.example/b?c=1#top'],
    ['https://x.example/a#frag?utm_source=x', 'https://x.example/a#frag?utm_source=x'],
  ])('%s → %s', (url, published) => {
    expect(withoutTrackingParameters(url)).toBe(published);
  });

  // Only http(s) links: another scheme's query is its own (a mailto: subject, a magnet: tracker), and a
  // pair with ";" may hold another parameter after it (legacy CGI).
  it.each([
    'mailto:leser@rz.example?subject=Hallo&utm_source=rss',
    'magnet:?xt=urn:btih:abc&utm_source=rss',
    'ftp://files.example/a?utm_source=rss',
    'not a url ?utm_source=x',
    '/relative?utm_source=x',
    'https://x.example/a?utm_source=x;id=7',
  ])('keeps %s', (url) => {
    expect(withoutTrackingParameters(url)).toBe(url);
  });

  it('says for each entry a published link keeps why some site reads it', () => {
    for (const parameter of trackingParameters) {
      expect(parameter.published === 'kept', parameter.name).toBe((parameter.keptBecause ?? '').length > 3);
    }
  });
});
