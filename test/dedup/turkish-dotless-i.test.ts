// Turkish lower-cases I to ı (normalise-text.ts), but the place table and the Turkish word prior read "Isparta" and "Iğdır"
// as "isparta" and "igdır", and feeds typed without Turkish capitals write "Istanbul" for "İstanbul". Turkish stems read ı
// as i (stem-word.ts), so two towns' reports stay apart and both spellings of Istanbul are one word.
// Through the real ingest + placement path, Turkish sources. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { backgroundPrior } from '../../src/dedup/background-prior.js';
import { itemFeatures } from '../../src/dedup/item-features.js';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { placesAmong } from '../../src/dedup/place-names.js';
import { stemWord } from '../../src/dedup/stem-word.js';
import type { MatchableItem } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import { feedItem, harness, source } from './dedup-harness.js';

async function placed(first: string, second: string, language = 'tr') {
  const h = await harness([source('a', { language }), source('b', { language })]);
  const [a] = await h.poll('a', [feedItem({ key: 'a-1', title: first, published: '2026-11-25T09:00:00Z' })], '2026-11-25T09:05:00Z');
  const [b] = await h.poll('b', [feedItem({ key: 'b-1', title: second, published: '2026-11-25T09:20:00Z' })], '2026-11-25T09:25:00Z');
  return { a: a!, b: b! };
}

const stems = (text: string): string[] => normaliseText(text, 'tr').tokens.map((token) => stemWord(token, 'tr'));

describe('Turkish words beginning with a dotless capital I', () => {
  it.each([
    ["Isparta'da 4,1 büyüklüğünde deprem", "Burdur'da 4,1 büyüklüğünde deprem"],
    ["Isparta'da fabrikada yangın: 3 yaralı", "Burdur'da fabrikada yangın: 3 yaralı"],
    ["Iğdır'da sel: köprü çöktü", "Kars'ta sel: köprü çöktü"],
    ["Iğdır'da otobüs kazası: 12 yaralı", "Ağrı'da otobüs kazası: 12 yaralı"],
  ])('keeps "%s" apart from "%s" (two towns)', async (first, second) => {
    const { a, b } = await placed(first, second);
    expect(b.storyId).not.toBe(a.storyId);
  });

  it('joins "Istanbul" typed without Turkish capitals to "İstanbul", and an all-caps Isparta headline to its retelling', async () => {
    const metro = await placed("Istanbul'da metro arızası: seferler durdu", "İstanbul'da metro arızası, seferler durdu");
    expect(metro.b.storyId).toBe(metro.a.storyId);
    const quake = await placed("ISPARTA'DA DEPREM PANİĞİ", "Isparta'da deprem paniği");
    expect(quake.b.storyId).toBe(quake.a.storyId);
  });

  it('names the towns and gives both Istanbuls one stem the prior knows', () => {
    for (const town of ['Isparta', 'ISPARTA', 'Iğdır', 'IĞDIR'])
      expect(placesAmong(normaliseText(town, 'tr').tokens, 'tr')).toHaveLength(1);
    expect(stems('Istanbul')).toEqual(stems('İstanbul'));
    // Vowel harmony still strips the suffix of a word with ı ("yaralı" → "yaral").
    expect(stems('yaralı')).toEqual(stems('yaral'));
    expect(backgroundPrior('tr')!.knows(stems('Istanbul')[0]!)).toBe(true);
    expect(backgroundPrior('tr')!.knows(stems('Işık')[0]!)).toBe(true);
  });
});

/** The same-title keys of two items stored in `language`. */
async function sameTitleKeys(language: string, titles: string[]): Promise<(string | null)[]> {
  const store = await openStore(':memory:');
  try {
    const items = titles.map((title, n) => feedItem({ key: `k-${n}`, title, summary: 'Bir iki üç dört beş.' }));
    await store.transaction((s) => s.items.ingest('a', language, items, '2026-11-25T09:00:00.000Z'));
    const stored: MatchableItem[] = [];
    for await (const item of store.items.all()) stored.push(item);
    return stored.map((item) => itemFeatures(item, language).exactKey);
  } finally {
    await store.close();
  }
}

describe('I, ı, İ and i read the Turkish way only in Turkish and Azerbaijani', () => {
  it('gives "Sınai" and "Sinai" one same-title key in Turkish, two elsewhere', async () => {
    const titles = ['Sınai üretim ekimde yüzde 3 arttı', 'Sinai üretim ekimde yüzde 3 arttı'];
    const [tr1, tr2] = await sameTitleKeys('tr', titles);
    expect(tr1).not.toBeNull();
    expect(tr1).toBe(tr2);
    const [en1, en2] = await sameTitleKeys('en', titles);
    expect(en1).not.toBe(en2);
  });

  it('reads an Azerbaijani feed the Turkish way: all-caps and Turkish-capital-less spellings meet', async () => {
    // Azerbaijani has no stemmer and no stopword list: the words as written, ı read as i.
    expect(stemWord('ıstanbul', 'az')).toBe('istanbul');
    expect(normaliseText('ISIQ', 'az').tokens).toEqual(['ısıq']);
    const metro = await placed('Istanbulda metro qəzası: qatarlar dayandı', 'İstanbulda metro qəzası: qatarlar dayandı', 'az');
    expect(metro.b.storyId).toBe(metro.a.storyId);
    const [az1, az2] = await sameTitleKeys('az', ['IŞIQ SƏRGİSİ BAKIDA AÇILDI', 'Işıq sərgisi Bakıda açıldı']);
    expect(az1).toBe(az2);
  });
});
