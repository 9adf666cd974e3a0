// A lead's opening as the headline of an untitled story: cut to 100 characters as a reader sees them,
// at a word where the script has words, never inside an emoji, a flag or a Thai or Japanese word.
import { describe, expect, it } from 'vitest';
import { headlineFromLead } from '../../src/publish/headline-from-lead.js';

const family = '👨‍👩‍👧';
const wordStarts = (text: string, locale: string): Set<number> =>
  new Set([...new Intl.Segmenter(locale, { granularity: 'word' }).segment(text)].map((s) => s.index).concat(text.length));

describe('headlineFromLead', () => {
  it.each([
    ['a short lead whole', 'Got a wedding date 😎', 'Got a wedding date 😎'],
    [
      'a long lead cut at a space',
      'mastodon.social is now entirely served from our new Kubernetes cluster, after three weeks of moving every service over one by one',
      'mastodon.social is now entirely served from our new Kubernetes cluster, after three weeks of moving…',
    ],
    ['a ZWJ family emoji whole (one character each)', `${'x'.repeat(95)} ${family.repeat(10)}`, `${'x'.repeat(95)} ${family.repeat(4)}…`],
    ['a flag whole', `${'y'.repeat(98)} 🇩🇪🇩🇪🇩🇪`, `${'y'.repeat(98)} 🇩🇪…`],
    ['100 emoji families: not cut at all', family.repeat(100), family.repeat(100)],
    // Cut between the characters of a tag, its "<" would be left open: a reader that joins the headline and the
    // lead would give it the attributes before it.
    [
      'a cut inside a long tag, its "<" spaced',
      `onfocus=alert(1) autofocus tabindex=1 <${'a'.repeat(150)}>`,
      `onfocus=alert(1) autofocus tabindex=1 < ${'a'.repeat(61)}…`,
    ],
  ])('keeps %s', (_, lead, headline) => {
    expect(headlineFromLead(lead)).toBe(headline);
  });

  it.each([
    ['th', 'ประเทศไทยมีฝนตกหนักในหลายพื้นที่ทางภาคเหนือและภาคตะวันออกเฉียงเหนือ กรมอุตุนิยมวิทยาเตือนประชาชนให้ระวังน้ำท่วมฉับพลันและน้ำป่าไหลหลาก'],
    [
      'ja',
      '気象庁は東京都と神奈川県に大雨警報を発表しました。土砂災害や河川の増水に厳重に警戒してください。明日の朝にかけて雷を伴った非常に激しい雨が降る見込みで、交通機関にも影響が出るおそれがあります。',
    ],
  ])('cuts %s, written without spaces, at a word boundary', (locale, text) => {
    const lead = text.repeat(3);
    const headline = headlineFromLead(lead);
    expect(headline.endsWith('…')).toBe(true);
    const kept = headline.slice(0, -1);
    expect(lead.startsWith(kept)).toBe(true);
    expect(wordStarts(lead, locale).has(kept.length)).toBe(true);
    expect([...new Intl.Segmenter(locale, { granularity: 'grapheme' }).segment(kept)].length).toBeLessThanOrEqual(100);
  });
});
