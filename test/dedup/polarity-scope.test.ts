// A negated headline contradicts another only when it denies what that headline states (score-story.ts,
// deniesStatement): "kein neues Wehrdienstgesetz" against "beschließt neues Wehrdienstgesetz" stays apart, while an
// analysis headlined "Freiwillig, aber nicht ganz" over the same report's lead is the same story. Through the real
// ingest + placement path. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { feedItem, harness, source } from './dedup-harness.js';

const lead =
  'Der Bundestag hat das neue Wehrdienstgesetz von Verteidigungsminister Boris Pistorius beschlossen. Alle jungen Männer erhalten ab Januar einen Fragebogen und werden gemustert; reichen Freiwillige nicht aus, entscheidet das Parlament über eine Pflicht.';

const report = feedItem({
  key: 'a-report',
  title: 'Bundestag beschließt neues Wehrdienstgesetz',
  summary: lead,
  published: '2026-02-05T10:00:00Z',
});

async function placeAgainstReport(title: string) {
  const h = await harness([source('a'), source('b')]);
  const [a] = await h.poll('a', [report], '2026-02-05T10:05:00Z');
  const [b] = await h.poll(
    'b',
    [feedItem({ key: 'b-other', title, summary: lead, published: '2026-02-05T11:00:00Z' })],
    '2026-02-05T11:05:00Z',
  );
  return { a: a!, b: b! };
}

describe('polarity conflicts need the negated headline to deny the other headline', () => {
  it('joins a headline whose negation is about something the report headline does not say', async () => {
    const { a, b } = await placeAgainstReport('Freiwillig, aber nicht ganz: Was der Beschluss über die Truppe verrät');
    expect(b.rule).toBe('near-duplicate');
    expect(b.storyId).toBe(a.storyId);
  });

  it('joins a headline that repeats the report headline and negates something else in it', async () => {
    const { a, b } = await placeAgainstReport('Neues Wehrdienstgesetz: Bundestag sieht keinen Bedarf für eine Pflicht');
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['polarityConflict']).toBe(false);
  });

  it('keeps apart a headline that denies the report headline, even over the same lead', async () => {
    const { a, b } = await placeAgainstReport('Bundestag beschließt kein neues Wehrdienstgesetz');
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.polarityConflict']).toBe(true);
  });
});
