// The claim that orders publishes into one publicDir (public-dir-claim.ts), on a real folder: only
// the latest claim may write, a claim that could not be written still loses to a later one, and a
// claim file removed by hand names no later publish.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLAIM_FILE, claimPublicDir, isLatestClaim } from '../../src/publish/public-dir-claim.js';
import { writePublication, type Publication } from '../../src/publish/render-publication.js';
import { toRenderedDocument } from '../../src/publish/rendered-document.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-claim-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = new Date('2026-11-26T07:00:00Z');

it('a claim is the latest until another publish claims the folder', () => {
  const publicDir = path.join(dir, 'public');
  const first = claimPublicDir(publicDir, now);
  expect(isLatestClaim(first)).toBe(true);
  const second = claimPublicDir(publicDir, now);
  expect(isLatestClaim(first)).toBe(false);
  expect(isLatestClaim(second)).toBe(true);
  // Removed by hand: no later publish is known, so the last one writes.
  rmSync(path.join(publicDir, CLAIM_FILE));
  expect(isLatestClaim(first)).toBe(true);
});

it('a claim that could not be written loses to one made after it', () => {
  const blocked = path.join(dir, 'public');
  writeFileSync(blocked, 'a file where the folder should be\n');
  const unwritten = claimPublicDir(blocked, now);
  expect(isLatestClaim(unwritten)).toBe(true);
  rmSync(blocked);
  claimPublicDir(blocked, now);
  expect(isLatestClaim(unwritten)).toBe(false);
});

it('writePublication stops before the next document once it is no longer the latest', () => {
  const doc = (text: string) => toRenderedDocument(text, 'text/html; charset=utf-8', now.toISOString());
  const publication: Publication = {
    outputs: new Map(),
    pages: new Map([
      ['/', doc('<p>index</p>')],
      ['/outputs/all.html', doc('<p>all</p>')],
    ]),
    storyIds: new Set(),
    renderedAt: now.toISOString(),
  };
  let asked = 0;
  expect(writePublication(publication, dir, () => ++asked === 1)).toBe(false);
  expect(asked).toBe(2);
  expect(() => rmSync(path.join(dir, 'index.html'))).not.toThrow();
  expect(() => rmSync(path.join(dir, 'outputs/all.html'))).toThrow();
});
