// withoutTrackingParameters: the form of a link feedmerge publishes. Only the tracking parameters go;
// the rest stays byte for byte (order, escapes, the fragment), unlike canonicalUrl's matching form.
import { describe, expect, it } from 'vitest';
import { withoutTrackingParameters } from '../../src/parse/tracking-parameters.js';

describe('withoutTrackingParameters', () => {
  it.each([
    ['https://rz.example/a?utm_source=rss&id=7&fbclid=x#kommentare', 'https://rz.example/a?id=7#kommentare'],
    ['https://rz.example/a?utm_source=rss&utm_medium=feed', 'https://rz.example/a'],
    ['https://rz.example/a?utm_source=rss#top', 'https://rz.example/a#top'],
    ['https://rz.example/a?b=2&a=1', 'https://rz.example/a?b=2&a=1'],
    ['https://rz.example/a?q=%C3%BC&WT_MC=x', 'https://rz.example/a?q=%C3%BC'],
    ['https://rz.example/a?utm%5Fsource=rss&x', 'https://rz.example/a?x'],
    ['https://rz.example/a?&&utm_source=rss&', 'https://rz.example/a'],
    ['https://rz.example/a#!/seite?utm_source=x', 'https://rz.example/a#!/seite?utm_source=x'],
    ['https://rz.example/a?id=1#!/seite?utm_source=x', 'https://rz.example/a?id=1#!/seite?utm_source=x'],
    ['https://rz.example/a', 'https://rz.example/a'],
  ])('%s → %s', (url, published) => {
    expect(withoutTrackingParameters(url)).toBe(published);
  });
});
