// A plain headline calling an event off says what a negated one says (cancellation-words.ts): "Weltcup-Abfahrt in Zermatt
// abgesagt" and "Keine Weltcup-Abfahrt in Zermatt" are one story (modelled on eval/calibration-de-4's matterhorn-abfahrt),
// while a negated headline denying a plain one ("kein neues Gesetz", test/dedup/polarity-scope.test.ts) and a negated
// call-off ("… nicht abgesagt") still stay apart. Through the real ingest + placement path; texts written for this test.
import { describe, expect, it } from 'vitest';
import { callsOff } from '../../src/dedup/cancellation-words.js';
import { foldWord } from '../../src/dedup/fold-word.js';
import { stemWord } from '../../src/dedup/stem-word.js';
import { feedItem, harness, source } from './dedup-harness.js';

const lead =
  'Die Weltcup-Abfahrt der Männer auf der Strecke zwischen Zermatt und Cervinia findet nicht statt. Der Ski-Weltverband FIS ' +
  'strich das Rennen am Freitag wegen zu wenig Schnee im Zielbereich; eine Ersatzabfahrt ist im Januar in Gröden geplant.';

const report = feedItem({
  key: 'a-report',
  title: 'Weltcup-Abfahrt in Zermatt abgesagt',
  summary: lead,
  published: '2026-11-20T09:00:00Z',
});

async function placeAgainstReport(title: string) {
  const h = await harness([source('a'), source('b')]);
  const [a] = await h.poll('a', [report], '2026-11-20T09:05:00Z');
  const [b] = await h.poll(
    'b',
    [feedItem({ key: 'b-other', title, summary: lead, published: '2026-11-20T10:00:00Z' })],
    '2026-11-20T10:05:00Z',
  );
  return { a: a!, b: b! };
}

describe('a headline calling the event off and a negated one', () => {
  it.each([
    ['abgesagt', 'de'],
    ['cancelled', 'en'],
    ['annulée', 'fr'],
    ['afgelast', 'nl'],
  ])('reads "%s" (%s) as calling off', (word, language) => {
    expect(callsOff([stemWord(foldWord(word), language)], language)).toBe(true);
  });

  it('joins "Keine Weltcup-Abfahrt in Zermatt" to "… abgesagt": no polarity conflict', async () => {
    const { a, b } = await placeAgainstReport('Keine Weltcup-Abfahrt in Zermatt');
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['polarityConflict']).toBe(false);
  });

  it('keeps apart a negated call-off ("nicht abgesagt")', async () => {
    const { a, b } = await placeAgainstReport('Weltcup-Abfahrt in Zermatt nicht abgesagt');
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.polarityConflict']).toBe(true);
  });
});

describe('a call-off headline excuses only the negation of what it calls off', () => {
  const tarifLead =
    'Die Gewerkschaft und die Arbeitgeber der Metallindustrie haben sich in der Nacht in Stuttgart auf einen neuen ' +
    'Tarifvertrag geeinigt. Der für Montag angekündigte Warnstreik in den Werken der Region findet deshalb nicht statt.';

  it('keeps "Keine Einigung im Tarifstreit" apart from "Einigung erzielt – Streik abgesagt"', async () => {
    const h = await harness([source('a'), source('b')]);
    const [a] = await h.poll(
      'a',
      [feedItem({ key: 'a-deal', title: 'Einigung erzielt – Streik abgesagt', summary: tarifLead, published: '2026-11-20T09:00:00Z' })],
      '2026-11-20T09:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [feedItem({ key: 'b-none', title: 'Keine Einigung im Tarifstreit', summary: tarifLead, published: '2026-11-20T10:00:00Z' })],
      '2026-11-20T10:05:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.polarityConflict']).toBe(true);
  });

  it('does not read "Absage" (also a rejection) as calling off', () => {
    expect(callsOff([stemWord(foldWord('Absage'), 'de')], 'de')).toBe(false);
  });

  it('matches an English title only against English call-off words', () => {
    expect(callsOff([stemWord(foldWord('cancelled'), 'en')], 'en')).toBe(true);
    expect(callsOff([stemWord(foldWord('afgelast'), 'nl')], 'en')).toBe(false);
    expect(callsOff([stemWord(foldWord('abgesagt'), 'de')], 'en')).toBe(false);
  });
});
