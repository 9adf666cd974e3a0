// What counts as a change of what a story's entry shows of an item (dedup/shown-change.ts): the engine moves the
// story's `updated` on these and on nothing else an update may bring.
import { describe, expect, it } from 'vitest';
import { shownChanged, type ShownFields } from '../../src/dedup/shown-change.js';

const placed: ShownFields = {
  title: 'Brücke am Hafen bald dicht',
  summary: 'Reparaturen an der Hafenbrücke ab Montag.',
  url: 'https://zeitung.example/hafen?utm_campaign=a',
  published: '2026-12-04T08:30:00.000Z',
  firstSeen: '2026-12-04T08:31:00.000Z',
};

describe('shownChanged', () => {
  it.each<[string, Partial<ShownFields>, boolean, boolean]>([
    // [what changed, the new fields, as the representative, moves]
    ['the title reworded', { title: 'Hafen: Brücke zu ab Montag' }, false, true],
    ['the link to another article', { url: 'https://zeitung.example/hafen-2' }, false, true],
    ['the published date', { published: '2026-12-04T09:00:00.000Z' }, false, true],
    ['the date dropped (first seen is shown then)', { published: null }, false, true],
    ['the lead reworded, as the representative', { summary: 'Die Hafenbrücke wird repariert.' }, true, true],
    ['the lead reworded, as a titled member (its lead is not shown)', { summary: 'Die Hafenbrücke wird repariert.' }, false, false],
    ['a rotated tracking parameter', { url: 'https://zeitung.example/hafen?utm_campaign=b' }, false, false],
    ['http to https and a #fragment', { url: 'http://zeitung.example/hafen#top' }, false, false],
    ['a login added to the link (no link is shown then)', { url: 'https://zeitung.example/hafen?token=1' }, false, true],
    [
      'whitespace in the title and lead',
      { title: ' Brücke am  Hafen\nbald dicht ', summary: 'Reparaturen an der  Hafenbrücke ab Montag. ' },
      true,
      false,
    ],
    ['nothing', {}, true, false],
  ])('%s', (_what, change, representative, moves) => {
    expect(shownChanged(placed, { ...placed, ...change }, representative)).toBe(moves);
  });

  it('reads an untitled member by its headline, its lead’s opening', () => {
    const untitled = { ...placed, title: '' };
    expect(shownChanged(untitled, { ...untitled, summary: 'Die Hafenbrücke wird ab Montag repariert.' }, false)).toBe(true);
  });

  it('a link carrying a login is shown as none: rotating its token shows nothing new', () => {
    const privateLink = { ...placed, url: 'https://zeitung.example/hafen?token=1' };
    expect(shownChanged(privateLink, { ...privateLink, url: 'https://zeitung.example/hafen?token=2' }, false)).toBe(false);
  });
});
