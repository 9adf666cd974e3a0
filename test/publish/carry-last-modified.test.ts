import { describe, expect, it } from 'vitest';
import { carryLastModified, documentValidators } from '../../src/publish/carry-last-modified.js';
import type { Publication } from '../../src/publish/render-publication.js';
import { toRenderedDocument } from '../../src/publish/rendered-document.js';

const newestStory = '2026-02-05T12:00:00Z';
const now = new Date('2026-02-06T08:00:00Z');

function publication(atomText: string): Publication {
  const atom = toRenderedDocument(atomText, 'application/atom+xml', newestStory);
  return { outputs: new Map([['all', new Map([['atom', atom]])]]), pages: new Map(), storyIds: new Set(), renderedAt: now.toISOString() };
}
const lastModifiedOf = (p: Publication) => p.outputs.get('all')!.get('atom')!.lastModified;

describe('carryLastModified', () => {
  it('uses the newest story update for a document never published before', () => {
    expect(lastModifiedOf(carryLastModified(publication('<a/>'), new Map(), now))).toBe(new Date(newestStory).toUTCString());
  });

  it('keeps the time a document was first served with while its bytes stay the same', () => {
    const first = carryLastModified(
      publication('<a/>'),
      new Map([
        [
          'feeds/all.atom',
          { etag: publication('<a/>').outputs.get('all')!.get('atom')!.etag, lastModified: 'Thu, 05 Feb 2026 13:00:00 GMT' },
        ],
      ]),
      now,
    );
    expect(lastModifiedOf(first)).toBe('Thu, 05 Feb 2026 13:00:00 GMT');
  });

  it('moves Last-Modified to now when the bytes change without a newer story (a story aged out)', () => {
    const before = documentValidators(carryLastModified(publication('<a>two stories</a>'), new Map(), now));
    const after = carryLastModified(publication('<a>one story</a>'), before, now);
    expect(lastModifiedOf(after)).toBe(now.toUTCString());
    expect(Date.parse(lastModifiedOf(after))).toBeGreaterThan(Date.parse(before.get('feeds/all.atom')!.lastModified));
  });

  // A stored Last-Modified that is no HTTP-date: Date.parse made "Invalid Date" of "garbage", and of "2027"
  // a Last-Modified in 2027 that no later change could pass.
  it.each(['garbage', '2027'])('dates a change now when the stored Last-Modified is %s', (stored) => {
    const after = carryLastModified(
      publication('<a>one story</a>'),
      new Map([['feeds/all.atom', { etag: '"old"', lastModified: stored }]]),
      now,
    );
    expect(lastModifiedOf(after)).toBe(now.toUTCString());
  });
});
