// canonicalUrl: the matching form of a link.
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/parse/canonical-url.js';
import { isTrackingParameter, trackingParameters } from '../../src/parse/tracking-parameters.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://WWW.Tagesschau.DE/ausland/a.html', 'https://www.tagesschau.de/ausland/a.html'],
    ['http://www.tagesschau.de/a.html', 'https://www.tagesschau.de/a.html'],
    ['http://example.de:80/a', 'https://example.de/a'],
    ['https://example.de:443/a', 'https://example.de/a'],
    ['http://example.de:8080/a', 'https://example.de:8080/a'],
    ['https://example.de/a?utm_source=rss&utm_medium=feed&utm_campaign=x', 'https://example.de/a'],
    ['https://example.de/a?UTM_Source=rss', 'https://example.de/a'],
    ['https://www.spiegel.de/p.html?wt_mc=rss.feed&at_medium=RSS&at_campaign=x', 'https://www.spiegel.de/p.html'],
    ['https://www.heise.de/news/x.html?wt_mc=rss.red.ho.ho.atom.beitrag.beitrag', 'https://www.heise.de/news/x.html'],
    ['https://www.bbc.co.uk/news/1?at_medium=RSS&ns_campaign=bbc&ns_mchannel=rss&ito=1', 'https://www.bbc.co.uk/news/1'],
    ['https://x.de/?fbclid=1&gclid=2&dclid=3&msclkid=4&mc_cid=5&mc_eid=6&igshid=7&yclid=8&_hsenc=9&_hsmi=10', 'https://x.de/'],
    ['https://x.de/a?wtmc=1&xtor=RSS-1&ref_src=twsrc&cmpid=rss&id=42', 'https://x.de/a?id=42'],
    ['https://x.de/a?b=2&a=1&c=3', 'https://x.de/a?a=1&b=2&c=3'],
    ['https://x.de/a?', 'https://x.de/a'],
    ['https://x.de/a?utm_source=x', 'https://x.de/a'],
    ['https://x.de/a#kommentare', 'https://x.de/a'],
    ['https://x.de/ticker#update-12', 'https://x.de/ticker'],
    ['https://x.de/#!/artikel/7', 'https://x.de/#!/artikel/7'],
    ['https://user:pass@x.de/a', 'https://x.de/a'],
    ['https://x.de/ä ö', 'https://x.de/%C3%A4%20%C3%B6'],
    ['  https://x.de/a  ', 'https://x.de/a'],
    ['http://example.de:443/a', 'https://example.de/a'],
    ['https://example.de:80/a', 'https://example.de:80/a'],
    ['http://[2001:DB8::1]:8080/a?b=1&a=2#x', 'https://[2001:db8::1]:8080/a?a=2&b=1'],
    ['https://user:pass@x.de:8443/a?utm_source=x#!r', 'https://x.de:8443/a#!r'],
    ['https://x.de/a?q="x y"&p=<b>', 'https://x.de/a?p=%3Cb%3E&q=%22x%20y%22'],
    ['https://münchen.de/a', 'https://xn--mnchen-3ya.de/a'],
    ['javascript:alert(1)', null],
    ['data:text/html,hi', null],
    ['mailto:a@b.de', null],
    ['/relative/path', null],
    ['not a url', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('matches http/https, tracking and order variants of the same article', () => {
    const variants = [
      'http://www.zeit.de/politik/2026-02/a?wt_zmc=sm.ext&utm_source=twitter',
      'https://www.zeit.de/politik/2026-02/a',
      'https://WWW.ZEIT.DE/politik/2026-02/a#comments',
    ];
    expect(new Set(variants.map(canonicalUrl)).size).toBe(1);
  });

  it('keeps the tracking list as data, each entry with its source', () => {
    expect(trackingParameters.length).toBeGreaterThan(30);
    for (const parameter of trackingParameters) expect(parameter.source.length).toBeGreaterThan(3);
    expect(isTrackingParameter('utm_whatever')).toBe(true);
    expect(isTrackingParameter('id')).toBe(false);
    expect(isTrackingParameter('page')).toBe(false);
  });
});
