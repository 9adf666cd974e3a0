// English headline style the engine reads as neither a figure nor a negation (english-headline-style.ts): a negation
// in a headline without a lead conflicts only when it denies what the other headline states; "not only", "when, not if" and
// a closing "(or not)" deny nothing (and stay a token of their own: the same-title key tells them apart), "not just yet" does; "No. 3" is the number sign;
// a figure hyphenated to a word ("90-second", "10-year") is a modifier, not a figure that conflicts; a list headline's count
// ("10 things we learned", "Oscars: 5 things …", "Lohan's Top 5 TV cameos") is no figure, nor is English "first"; a capitalised number word inside a sentence-case headline is part of a name
// ("Three Lions"); "premier" and "premiere" are no ordinals in English (number-words.ts). German keeps its rules. Through
// the real ingest + placement path. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import type { FeedItem } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

/** `first` from feed a, then `second` from feed b 40 minutes later, in `language`; the two decisions. */
async function placeAgainst(first: Partial<FeedItem> & { title: string }, second: Partial<FeedItem> & { title: string }, language = 'en') {
  const h = await harness([source('a', { language }), source('b', { language })]);
  const [a] = await h.poll('a', [feedItem({ key: 'a-1', published: '2026-10-13T15:00:00Z', ...first })], '2026-10-13T15:05:00Z');
  const [b] = await h.poll('b', [feedItem({ key: 'b-1', published: '2026-10-13T15:40:00Z', ...second })], '2026-10-13T15:45:00Z');
  return { a: a!, b: b! };
}

describe('an English headline without a lead negates only what it denies', () => {
  it('joins a headline whose "not" is about something the other headline does not say', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Regulator fines Thames Water over sewage spills' },
      { title: 'Thames Water fined over sewage spills, but campaigners not impressed' },
    );
    expect(b.components['polarityConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  it('keeps apart a headline that denies the other', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Regulator fines Thames Water over sewage spills' },
      { title: 'Regulator does not fine Thames Water over sewage spills' },
    );
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.polarityConflict']).toBe(true);
  });

  it('keeps the German rule: without leads, a negated headline vetoes whatever it negates', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Aufsicht verhängt Strafe gegen Thames Water wegen Abwasser' },
      { title: 'Strafe gegen Thames Water wegen Abwasser, doch Aktivisten nicht zufrieden' },
      'de',
    );
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.polarityConflict']).toBe(true);
  });
});

describe('English "not" that denies nothing', () => {
  it('reads "not only", "not just", "not the only", "when, not if", "not if, but when" and a closing "(or not)" as no negation', () => {
    for (const title of [
      'Kids are not the only device addicts, study finds',
      'Not just a phone: Orbix unveils its tablet',
      'Vantel-Orbix merger a question of when, not if',
      'Orbix: consolidation is not a question of if, but when',
      'Vantel releases update - administrators applaud (or not)',
    ])
      expect(normaliseText(title, 'en').tokens).not.toContain('not');
    for (const title of ['Vantel says Orbix merger is not happening', 'Deal or not: talks go on', 'Orbix chief: not if I can help it'])
      expect(normaliseText(title, 'en').tokens).toContain('not');
  });

  it('keeps such a "not" as a token of its own, so "not the only winner" and "the only winner" are no same title', async () => {
    for (const [with_, without] of [
      ['Apple is not the only winner of the patent trial', 'Apple is the only winner of the patent trial'],
      ['Samsung not just copying Apple, court hears', 'Samsung just copying Apple, court hears'],
    ] as const) {
      expect(normaliseText(with_, 'en').tokens).toContain('not_only');
      const { b } = await placeAgainst({ title: with_ }, { title: without });
      expect(b.rule).not.toBe('same-title');
    }
  });

  it('reads "not just yet" as the denial it is', () => {
    expect(normaliseText('iWatch: not just yet', 'en').tokens).toContain('not');
    expect(normaliseText('Smartwatch launch? Not just yet, says Orbix', 'en').tokens).toContain('not');
  });

  it('joins "merger a question of when, not if" to "merger a sure thing"; "does not agree merger" stays apart', async () => {
    const joined = await placeAgainst(
      { title: 'Vantel and Orbix merger is a question of when, not if' },
      { title: 'Vantel and Orbix merger a sure thing, says Orbix finance chief' },
    );
    expect(joined.b.components['polarityConflict']).toBe(false);
    expect(joined.b.storyId).toBe(joined.a.storyId);
    const apart = await placeAgainst(
      { title: 'Vantel agrees merger with Orbix, says Orbix finance chief' },
      { title: 'Vantel does not agree merger with Orbix, not now, says Orbix finance chief' },
    );
    expect(apart.b.storyId).not.toBe(apart.a.storyId);
    expect(apart.b.components['nearest.polarityConflict']).toBe(true);
  });
});

describe('English "No." before a figure is the number sign', () => {
  it('joins "trailer No. 3" to "third trailer": no negation', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Dragon Crown season 4 trailer No. 3 released by Westcliff Studios' },
      { title: 'Westcliff Studios releases Dragon Crown season 4 trailer 3' },
    );
    expect(b.components['polarityConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  it('reads "No. 3" and "No 10" as figures only, and "No deal" still as a negation', () => {
    expect(normaliseText('Trailer No. 3 released', 'en').tokens).toEqual(['trailer', '3', 'released']);
    expect(normaliseText('No 10 denies report', 'en').tokens).toEqual(['10', 'denies', 'report']);
    expect(normaliseText('No deal in Senate', 'en').tokens).toContain('no');
    expect(normaliseText('No 10 Tote', 'de').tokens).toContain('no');
  });
});

describe('an English figure hyphenated to a word is a modifier', () => {
  it('gives no conflict figure for "90-second", "10-year" or "27-page", and keeps "3-0", "Covid-19" and "₹18,500-crore"', () => {
    expect(normaliseText("Moped gang's 90-second Bond Street raid", 'en').numbers).toEqual([]);
    expect(normaliseText('Jobless rate at 10-year high', 'en').numbers).toEqual([]);
    expect(normaliseText('Regulator sends 27-page request', 'en').numbers).toEqual([]);
    expect(normaliseText('England win 3-0', 'en').numbers).toEqual(['3', '0']);
    expect(normaliseText('Covid-19 cases rise', 'en').numbers).toEqual(['19']);
    expect(normaliseText('IndiGo signs ₹18,500-crore deal', 'en').numbers).toEqual(['185000000000|₹']);
    expect(normaliseText('Ein 90-Sekunden-Überfall', 'de').numbers).toEqual(['90']);
  });

  it('joins a tabloid\'s "90-second raid" to the wire\'s "£3m" report of it: no figures that disagree', async () => {
    const { a, b } = await placeAgainst(
      {
        title: 'Moped gang steals jewellery worth £3m in Bond Street raid',
        summary:
          'A gang on mopeds smashed the windows of a Bond Street jeweller in Mayfair on Monday morning and escaped with watches and rings, the Metropolitan Police said.',
      },
      {
        title: "SMASH AND GRAB! Moped gang's 90-second Mayfair jewellery raid",
        summary:
          "Terrified shoppers watched as raiders on mopeds smashed a Bond Street jeweller's windows with axes in Mayfair and fled with watches and rings, police said.",
      },
    );
    expect(b.components['numberConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });
});

describe('the count of an English list headline is no figure', () => {
  it('reads "10 things", "The 3 most eye-opening moments" and "Seven amazing things" as no figures, and keeps "23 arrested"', () => {
    expect(normaliseText('10 things we learned from the season finale', 'en').numbers).toEqual([]);
    expect(normaliseText('The 3 most eye-opening moments of the finale', 'en').numbers).toEqual([]);
    expect(normaliseText('Seven amazing things we learned', 'en').numbers).toEqual([]);
    expect(normaliseText('23 arrested in dawn raids', 'en').numbers).toEqual(['23']);
    expect(normaliseText('300 officers in drugs swoop', 'en').numbers).toEqual(['300']);
  });

  it('reads a count after a kicker, a dash or a possessive "Top" as a list count, and keeps other figures there', () => {
    expect(normaliseText('Oscars: 5 things we learned from the ceremony', 'en').numbers).toEqual([]);
    expect(normaliseText("Lindsay Lohan's Top 5 TV cameos", 'en').numbers).toEqual([]);
    expect(normaliseText('Deposition video released - 5 highlights', 'en').numbers).toEqual([]);
    expect(normaliseText('SXSW: 17 bands to watch, 10 must-hear acts', 'en').numbers).toEqual([]);
    expect(normaliseText('Finale: he has 2 finalists left: 5 facts', 'en').numbers).toEqual(['2']);
    expect(normaliseText('Raids: 300 officers in drugs swoop', 'en').numbers).toEqual(['300']);
    expect(normaliseText('Storm kills 10, injures 5', 'en').numbers).toEqual(['10', '5']);
    expect(normaliseText('Oscars: 5 Dinge, die wir gelernt haben', 'de').numbers).toEqual(['5']);
  });

  it('joins "Dragon Crown finale: 5 things we learned" to "… recap: Top 7 moments"; "Raids: 23 arrested" and "40 arrested" stay apart', async () => {
    const lists = await placeAgainst(
      { title: 'Dragon Crown season finale recap: Top 7 moments from Westcliff' },
      { title: 'Dragon Crown season finale: 5 things we learned from Westcliff' },
    );
    expect(lists.b.components['numberConflict']).toBe(false);
    expect(lists.b.storyId).toBe(lists.a.storyId);
    const counts = await placeAgainst(
      { title: 'Drugs raids across Leeds: 23 arrested at dawn' },
      { title: 'Drugs raids across Leeds: 40 arrested at dawn' },
    );
    expect(counts.b.storyId).not.toBe(counts.a.storyId);
    expect(counts.b.components['nearest.numberConflict']).toBe(true);
  });

  it('joins two outlets\' lists of one finale, "7 key moments" and "10 things we learned"', async () => {
    const { a, b } = await placeAgainst(
      { title: '7 key moments from the Dragon Crown season finale' },
      { title: '10 things we learned from the Dragon Crown season finale' },
    );
    expect(b.components['numberConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });
});

describe('English "first" is no count', () => {
  it('gives no figure for "first" in English, and keeps "second" and German "erste"', () => {
    expect(normaliseText('Titanfall review: first impressions', 'en').numbers).toEqual([]);
    expect(normaliseText('Strike enters second day', 'en').numbers).toEqual(['2']);
    expect(normaliseText('Streik geht in den ersten Tag', 'de').numbers).toEqual(['1']);
  });

  it('joins "review: first impressions" to "review after 3 hours"; "second day" and "third day" stay apart', async () => {
    const review = await placeAgainst(
      { title: 'Dragon Crown review: Westcliff Studios epic after 3 hours' },
      { title: 'Dragon Crown review: first impressions of the Westcliff Studios epic' },
    );
    expect(review.b.components['numberConflict']).toBe(false);
    expect(review.b.storyId).toBe(review.a.storyId);
    const days = await placeAgainst(
      { title: 'Westcliff Studios strike enters second day in Leeds' },
      { title: 'Westcliff Studios strike enters third day in Leeds' },
    );
    expect(days.b.storyId).not.toBe(days.a.storyId);
    expect(days.b.components['nearest.numberConflict']).toBe(true);
  });
});

describe('English "premier" and "premiere" are no ordinals', () => {
  it('gives no figure for "Premier League", "Chinese Premier" or a show\'s "premiere" in English', () => {
    expect(normaliseText('Premier League: Arsenal beat Chelsea', 'en').numbers).toEqual([]);
    expect(normaliseText('Chinese Premier visits Berlin', 'en').numbers).toEqual([]);
    expect(normaliseText('Reality show premiere draws few viewers', 'en').numbers).toEqual([]);
    expect(normaliseText('Le premier ministre démissionne', 'fr').numbers).toEqual(['1']);
  });

  it('joins "premiere draws 8.5 million viewers" to "season 4 opener draws 8.5 million viewers"', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Dragon Crown premiere draws 8.5 million viewers on Westcliff' },
      { title: 'Dragon Crown season 4 opener draws 8.5 million viewers on Westcliff' },
    );
    expect(b.components['numberConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });
});

describe('an English number word in a name is no count', () => {
  it('reads "Three Lions" and "Formula One" in a sentence-case headline as names, and "Three men" or Title Case as counts', () => {
    expect(normaliseText("HARRY'S GAME! Kane at the double as Three Lions see off Greece", 'en').numbers).toEqual([]);
    expect(normaliseText('Formula One chiefs meet in London over budget cap', 'en').numbers).toEqual([]);
    expect(normaliseText('Three men arrested over Bond Street raid', 'en').numbers).toEqual(['3']);
    expect(normaliseText('BREAKING: Three killed in Leeds crash', 'en').numbers).toEqual(['3']);
    expect(normaliseText('Police Arrest Three Men After Raid', 'en').numbers).toEqual(['3']);
  });

  it('joins "Kane double as Three Lions beat Greece" to the wire\'s "England beat Greece 2-0"', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Soccer-Kane double sends England past Greece 2-0 in Nations League' },
      { title: 'Kane at the double as Three Lions see off Greece in Nations League' },
    );
    expect(b.components['numberConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });
});
