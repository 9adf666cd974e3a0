// Normalisation beyond German and English: negations and number words per language, digits of every script,
// word segmentation for scripts written without spaces, combining marks kept where they are part of a letter,
// language guessed from the script, and the window time of a backlog. End-to-end through ingestItems + collapseItems.
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/dedup/detect-language.js';
import { itemTimeMs } from '../../src/dedup/item-features.js';
import { orderTimeMs } from '../../src/dedup/story-engine.js';
import { asciiDigits, normaliseText } from '../../src/dedup/normalise-text.js';
import { NEGATIONS, POLARITY_WORDS, hasStopwords, stopwordsFor } from '../../src/dedup/stopwords.js';
import { feedItem, harness, source } from './dedup-harness.js';

const norm = (text: string, language: string | null) => normaliseText(text, language);

describe('negations survive the stopword lists of every language', () => {
  it.each([
    ['ru', 'Россия и Украина не договорились о перемирии', 'не'],
    ['ru', 'Переговоры без результата', 'без'],
    ['uk', 'Україна і Росія не домовилися', 'не'],
    ['es', 'Rusia y Ucrania no logran un acuerdo', 'no'],
    ['es', 'Segunda jornada sin acuerdo', 'sin'],
    ['it', 'Russia e Ucraina non trovano un accordo', 'non'],
    ['pt', 'Rússia e Ucrânia não chegam a acordo', 'nao'],
    ['pl', 'Rosja i Ukraina nie porozumiały się', 'nie'],
    ['sv', 'Ryssland och Ukraina kom inte överens', 'inte'],
    ['zh', '俄罗斯和乌克兰没有达成协议', '没有'],
    ['zh', '中国不同意', '不'],
    ['zh', '俄乌未能达成停火协议', '未能'],
    ['ja', 'ジュネーブ和平協議 初日は合意なく終了', 'なく'],
    ['ja', '北海道で震度5強 津波の心配なし', 'なし'],
    ['hi', 'रूस और यूक्रेन में समझौता नहीं', 'नहीं'],
    ['ar', 'روسيا وأوكرانيا لم تتفقا', 'لم'],
  ])('%s: %s keeps "%s"', async (language, text, negation) => {
    expect(norm(text, language).tokens).toContain(negation);
  });

  it('keeps no negation of a language among that language’s stopwords', async () => {
    for (const [language, words] of Object.entries({
      ru: ['не', 'без', 'нет', 'ни'],
      es: ['no', 'sin', 'ni', 'nunca'],
      zh: ['不', '没有'],
    })) {
      const stop = stopwordsFor(language);
      for (const word of words) expect(stop.has(word), `${language} ${word}`).toBe(false);
    }
  });

  it('scores polarity words in every script, and restrictive words ("без", "sin") only as content', async () => {
    for (const word of ['не', 'no', 'nicht', '不', 'ない', 'नहीं', 'لا', 'δεν']) expect(POLARITY_WORDS.has(word), word).toBe(true);
    for (const word of ['без', 'sin', 'ohne']) {
      expect(POLARITY_WORDS.has(word), word).toBe(false);
      expect(NEGATIONS.has(word), word).toBe(true);
    }
  });

  it('lets a word that negates in one language stay a stopword in another (Romanian "nu", Dutch "nu" = now)', async () => {
    expect(hasStopwords('nl')).toBe(true);
    expect(norm('Het kabinet valt nu', 'nl').tokens).not.toContain('nu');
    expect(norm('Guvernul nu cade', 'ro').tokens).toContain('nu');
  });
});

describe('ordinals and cardinals as words, per language', () => {
  it.each([
    ['ru', 'Первый день переговоров', 'Второй день переговоров'],
    ['ru', 'Итоги первого дня переговоров', 'Итоги второго дня переговоров'],
    ['es', 'Primera jornada de negociaciones', 'Segunda jornada de negociaciones'],
    ['it', 'Primo giorno di trattative', 'Seconda giornata di trattative'],
    ['pl', 'Pierwszy dzień rozmów', 'Drugi dzień rozmów'],
    ['zh', '第一天谈判结束', '第二天谈判结束'],
    ['ja', '交渉一日目が終了', '交渉二日目が終了'],
    ['ja', 'ジュネーブ和平協議 初日は合意なく終了', 'ジュネーブ和平協議 2日目も合意なく終了'],
  ])('%s: "%s" is day 1, "%s" day 2', async (language, first, second) => {
    expect(norm(first, language).numbers).toEqual(['1']);
    expect(norm(second, language).numbers).toEqual(['2']);
  });

  it('applies a language’s number words to its text only (English "due" is not two)', async () => {
    expect(norm('Tre giorni, due feriti', 'it').numbers).toEqual(['3', '2']);
    expect(norm('Flights cancelled due to fog', 'en').numbers).toEqual([]);
  });
});

describe('digits of every script', () => {
  it.each([
    ['Arabic-Indic with the Arabic decimal separator', 'زلزال بقوة ٥٫٨ درجات', ['5.8']],
    ['Extended Arabic-Indic (Persian)', 'زلزله ۶٫۲ ریشتری', ['6.2']],
    ['Devanagari', 'भूकंप की तीव्रता ५.२', ['5.2']],
    ['full-width (NFKC)', 'ＧＤＰ成長率１．５％', ['1.5']],
    ['glued to Han and kana', '北海道で震度5強', ['5']],
    ['glued to a Han measure word', '台湾花莲发生6.1级地震', ['6.1']],
    ['a magnitude "M6.1" is 6.1', 'M6.1 quake off Taiwan', ['6.1']],
  ])('%s', async (_name, text, numbers) => {
    expect(normaliseText(text, null).numbers).toEqual(numbers);
  });

  it('maps digits to ASCII and leaves other text alone', async () => {
    expect(asciiDigits('٢٠٢٦ और २०२६ und 2026')).toBe('2026 और 2026 und 2026');
    expect(asciiDigits('Plain ASCII 1,5')).toBe('Plain ASCII 1,5');
  });
});

describe('scripts written without spaces are split into words', () => {
  it('gives the Japanese headline and its longer version the same words', async () => {
    const short = norm('北海道で震度5強 津波の心配なし', 'ja').tokens;
    const long = norm('北海道で震度5強の地震 津波の心配なし', 'ja').tokens;
    expect(short).toEqual(['北海道', '震度', '5', '強', '津波', '心配', 'なし']);
    expect(long.filter((t) => !short.includes(t))).toEqual(['地震']);
  });

  it.each([
    ['zh', '俄罗斯和乌克兰举行谈判', ['俄罗斯', '乌克兰', '举行', '谈判']],
    ['th', 'การเจรจาสันติภาพ', ['เจรจา', 'สันติภาพ']],
  ])('%s: %s', async (language, text, words) => {
    expect(norm(text, language).tokens).toEqual(expect.arrayContaining(words));
  });

  it('leaves Latin text as it was (no segmentation, same tokens)', async () => {
    expect(norm('Gespräche über Straßenbahn in Köln', 'de').tokens).toEqual(['gespraeche', 'strassenbahn', 'koeln']);
  });
});

describe('combining marks', () => {
  it('keeps Japanese dakuten: バス (bus) is not パス (pass)', async () => {
    expect(norm('バス', 'ja').tokens).not.toEqual(norm('パス', 'ja').tokens);
  });

  it('keeps Devanagari vowel signs inside the word', async () => {
    expect(norm('भारत में भूकंप', 'hi').tokens).toEqual(['भारत', 'भूकंप']);
    expect(norm('भारत में भूकंप', null).tokens).toEqual(['भारत', 'में', 'भूकंप']);
  });

  it('keeps Arabic and Cyrillic letters whole ("й" is not "и"), folds "ё" to "е"', async () => {
    expect(norm('مُحَمَّد', null).tokens).toEqual(['مُحَمَّد']);
    expect(norm('мой мои', null).tokens).toEqual(['мой', 'мои']);
    expect(norm('Ёлка', null).tokens).toEqual(['елка']);
  });

  it('lower-cases Turkish capitals as Turkish does (I → ı, İ → i), so all-caps headlines meet mixed-case ones', () => {
    expect(norm('IŞIK ÜNİVERSİTESİ KIRMIZI ALARM', 'tr').tokens).toEqual(norm('Işık Üniversitesi kırmızı alarm', 'tr').tokens);
    expect(norm('İSTANBUL', 'tr').tokens).toEqual(norm('İstanbul', 'tr').tokens);
    // Elsewhere I is i: an English "ISTANBUL" is "istanbul".
    expect(norm('ISTANBUL', 'en').tokens).toEqual(['istanbul']);
  });

  it('still folds Latin and Greek accents', async () => {
    expect(norm('Café São Paulo', null).tokens).toEqual(['cafe', 'sao', 'paulo']);
    expect(norm('Σύνοδος κορυφής', null).tokens).toEqual(norm('ΣΥΝΟΔΟΣ ΚΟΡΥΦΗΣ', null).tokens);
  });
});

describe('detectLanguage from the script', () => {
  it.each([
    ['北海道で震度5強 津波の心配なし', 'ja'],
    ['俄罗斯和乌克兰举行谈判', 'zh'],
    ['Россия и Украина не договорились о перемирии', 'ru'],
    ['Україна і Росія не домовилися про перемир’я', 'uk'],
    ['भारत में भूकंप', 'hi'],
    ['روسيا وأوكرانيا لم تتفقا على الهدنة', 'ar'],
    ['Ο πρωθυπουργός δεν συμφώνησε', 'el'],
    ['Selenskyj trifft Путин nicht in Berlin', null],
  ])('%s → %s', async (text, language) => {
    expect(detectLanguage(null, text)).toBe(language);
  });
});

describe('itemTimeMs', () => {
  const seen = '2026-11-25T10:00:00Z';
  it('trusts a published time weeks before first sight (a backlog on a first poll)', async () => {
    expect(itemTimeMs({ published: '2026-11-04T09:00:00Z', firstSeen: seen })).toBe(Date.parse('2026-11-04T09:00:00Z'));
    expect(itemTimeMs({ published: '2026-11-11T09:00:00Z', firstSeen: seen })).toBe(Date.parse('2026-11-11T09:00:00Z'));
  });

  it('trusts a published time years before first sight (an archive), which orders the item by its first sight', async () => {
    expect(itemTimeMs({ published: '2010-12-20T12:00:00Z', firstSeen: seen })).toBe(Date.parse('2010-12-20T12:00:00Z'));
    expect(orderTimeMs({ published: '2010-12-20T12:00:00Z', firstSeen: seen })).toBe(Date.parse(seen));
    // Within the backlog horizon the date orders it.
    expect(orderTimeMs({ published: '2026-11-11T09:05:00Z', firstSeen: seen })).toBe(Date.parse('2026-11-11T09:00:00Z'));
  });

  it('takes first sight for a time in the future beyond an hour of skew, or none', async () => {
    expect(itemTimeMs({ published: '2026-11-25T10:30:00Z', firstSeen: seen })).toBe(Date.parse('2026-11-25T10:30:00Z'));
    expect(itemTimeMs({ published: '2026-11-25T15:00:00Z', firstSeen: seen })).toBe(Date.parse(seen));
    expect(itemTimeMs({ published: null, firstSeen: seen })).toBe(Date.parse(seen));
  });
});

describe('end to end: ingestItems + collapseItems', () => {
  it('keeps "не договорились" apart from "договорились" (no same-title merge)', async () => {
    const h = await harness([source('ria', { language: 'ru' }), source('tass', { language: 'ru' })]);
    const [agreed] = await h.poll(
      'ria',
      [feedItem({ key: 'r1', title: 'Россия и Украина договорились о перемирии на Пасху' })],
      '2026-11-25T09:00:00Z',
    );
    const [notAgreed] = await h.poll(
      'tass',
      [feedItem({ key: 't1', title: 'Россия и Украина не договорились о перемирии на Пасху' })],
      '2026-11-25T09:30:00Z',
    );
    expect(notAgreed!.rule).not.toBe('same-title');
    expect(notAgreed!.storyId).not.toBe(agreed!.storyId);
  });

  it.each([
    ['es', 'Primera jornada de negociaciones en Estambul', 'Segunda jornada de negociaciones en Estambul'],
    ['ru', 'Первый день переговоров в Стамбуле завершён', 'Второй день переговоров в Стамбуле завершён'],
    ['zh', '伊斯坦布尔第一天谈判结束', '伊斯坦布尔第二天谈判结束'],
  ])('%s: day 1 and day 2 stay two stories', async (language, day1, day2) => {
    const h = await harness([source('a', { language }), source('b', { language })]);
    const [first] = await h.poll('a', [feedItem({ key: 'a1', title: day1 })], '2026-11-24T18:00:00Z');
    const [second] = await h.poll('b', [feedItem({ key: 'b1', title: day2 })], '2026-11-25T18:00:00Z');
    expect(second!.storyId).not.toBe(first!.storyId);
  });

  it('merges the Japanese headline with its longer version from another outlet', async () => {
    const h = await harness([source('nhk', { language: 'ja' }), source('kyodo', { language: 'ja' })]);
    const [short] = await h.poll('nhk', [feedItem({ key: 'n1', title: '北海道で震度5強 津波の心配なし' })], '2026-11-25T03:10:00Z');
    const [long] = await h.poll('kyodo', [feedItem({ key: 'k1', title: '北海道で震度5強の地震 津波の心配なし' })], '2026-11-25T03:20:00Z');
    // Undated items seen in the same hour are placed by source: kyodo's first, so the second poll places
    // nhk's again after it (re-placement, on by default), and nhk's is the one matched. The story keeps
    // the id nhk's item published it under.
    expect(long!.rule).toBe('new-story');
    expect((await h.store.placements.decision(short!.itemId))?.rule).toBe('near-duplicate');
    expect(long!.storyId).toBe(short!.storyId);
  });

  it('keeps a weekly backlog seen on a first poll apart (WordPress 5.9 Beta 1–4)', async () => {
    const h = await harness([source('wp', { language: 'en' })]);
    const betas = [1, 2, 3, 4].map((n) =>
      feedItem({
        key: `wp-beta-${n}`,
        title: `WordPress 5.9 Beta ${n}`,
        summary: `WordPress 5.9 Beta ${n} is now available for testing! This software is still in development.`,
        published: new Date(Date.parse('2026-10-28T16:00:00Z') + (n - 1) * 7 * 24 * 3_600_000).toISOString(),
      }),
    );
    const decisions = await h.poll('wp', betas, '2026-11-25T10:00:00Z');
    expect(new Set(decisions.map((d) => d.storyId)).size).toBe(4);
  });
});
