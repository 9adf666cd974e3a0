// Two headlines alike but for words that say the opposite (opposite-words.ts) are two reports: a market's opening and
// its close, admitted to and discharged from hospital. A headline naming both sides ("festgenommen und wieder
// freigelassen") conflicts with neither. Through the real ingest + placement path, headlines only, in a populated
// window. Headlines written for this test.
import { describe, expect, it } from 'vitest';
import { oppositesConflict, oppositesNamed } from '../../src/dedup/opposite-words.js';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { feedItem, harness, source } from './dedup-harness.js';

const named = (title: string) => oppositesNamed(normaliseText(title, 'de').tokens);

async function placePair(first: string, second: string) {
  const h = await harness([source('a'), source('b'), ...BACKGROUND_SOURCES]);
  await fillWindow(h, '2026-03-02T08:00:00Z');
  const [a] = await h.poll(
    'a',
    [feedItem({ key: 'a-1', title: first, summary: '', published: '2026-03-02T08:10:00Z' })],
    '2026-03-02T08:15:00Z',
  );
  const [b] = await h.poll(
    'b',
    [feedItem({ key: 'b-1', title: second, summary: '', published: '2026-03-02T08:40:00Z' })],
    '2026-03-02T08:45:00Z',
  );
  return { a: a!, b: b! };
}

describe('opposite words', () => {
  it('name one side of a pair, both, or neither', () => {
    expect(oppositesConflict(named('Aktien öffnen'), named('Aktien schließen'))).toBe(true);
    expect(oppositesConflict(named('Stocks open lower'), named('Stocks close lower'))).toBe(true);
    // "tiefer" on both sides and the open/close pair apart: a conflict on the one pair is enough.
    expect(oppositesConflict(named('Aktien öffnen tiefer'), named('Aktien schließen tiefer'))).toBe(true);
    expect(oppositesConflict(named('Reporter festgenommen und wieder freigelassen'), named('Reporter freigelassen'))).toBe(false);
    expect(oppositesConflict(named('Streik im Hafen'), named('Streik beendet'))).toBe(false);
    // A ban kept in force, or lifted; a headline telling both ("hebt Urteil auf, hält Verbot aufrecht") conflicts with neither.
    expect(oppositesConflict(named('Behörde hält Flugverbot aufrecht'), named('Behörde hebt Flugverbot auf'))).toBe(true);
    expect(oppositesConflict(named('Court upholds flight ban'), named('Court lifts flight ban'))).toBe(true);
    expect(oppositesConflict(named('Gericht hebt Urteil auf und hält Verbot aufrecht'), named('Gericht hebt Urteil auf'))).toBe(false);
  });

  it('keeps a ban kept in force apart from the ban lifted', async () => {
    const { a, b } = await placePair(
      'Luftfahrtbehörde hält Verbot von Flügen nach Tel Aviv aufrecht',
      'Luftfahrtbehörde hebt Verbot von Flügen nach Tel Aviv auf',
    );
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.oppositeConflict']).toBe(true);
  });

  it('joins two headlines that both report the ban lifted', async () => {
    const { a, b } = await placePair(
      'Luftfahrtbehörde hebt Verbot von Flügen nach Tel Aviv auf',
      'Luftfahrtbehörde hebt Flugverbot für Tel Aviv auf',
    );
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['oppositeConflict']).toBe(false);
  });

  it("keeps a market's opening report apart from its close", async () => {
    const { a, b } = await placePair('Indische Aktien öffnen am Freitag tiefer', 'Indische Aktien schließen am Freitag tiefer');
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.oppositeConflict']).toBe(true);
  });

  it('keeps admitted to hospital apart from discharged', async () => {
    const { a, b } = await placePair('Nelson Mandela ins Krankenhaus eingeliefert', 'Nelson Mandela aus dem Krankenhaus entlassen');
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.oppositeConflict']).toBe(true);
  });

  it('joins the same headline told with a word of the same side', async () => {
    const { a, b } = await placePair('Indische Aktien öffnen am Freitag tiefer', 'Indische Aktien öffnen am Freitag deutlich tiefer');
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['oppositeConflict']).toBe(false);
  });

  it('joins a headline that names both sides to one that names either', async () => {
    const { a, b } = await placePair(
      'Reporter in Kairo festgenommen und wieder freigelassen',
      'Reporter in Kairo nach Stunden wieder freigelassen',
    );
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['oppositeConflict']).toBe(false);
  });
});
