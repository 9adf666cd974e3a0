// sniffDocument on pages without a doctype, where the root start tag alone says the document is HTML:
// HTML lets attribute values go unquoted (minifiers drop the quotes) and lets attributes have no value.
import { describe, expect, it } from 'vitest';
import { sniffDocument } from '../../src/parse/sniff-document.js';

describe('sniffDocument without a doctype', () => {
  it.each([
    ['<html lang="de"><head><title>x</title></head></html>', 'html'],
    ['<html lang=de><head><link rel=alternate type=application/rss+xml href=/index.xml></head></html>', 'html'],
    ["<html lang=en class='no-js' data-theme=dark>", 'html'],
    // AMP pages: <html amp> or <html ⚡>, an attribute without a value.
    ['<html amp lang=en><head></head></html>', 'html'],
    ['<html ⚡><head></head></html>', 'html'],
    ['<html lang=de', 'unknown'],
  ])('%s → %s', (text, kind) => {
    expect(sniffDocument(text).kind).toBe(kind);
  });

  it('still reads a feed root’s quoted attributes', () => {
    expect(sniffDocument('<rss version="0.91"><channel></channel></rss>')).toMatchObject({ kind: 'xml-feed', format: 'rss0.9x' });
  });
});
