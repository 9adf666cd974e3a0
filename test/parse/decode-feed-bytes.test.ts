// Charset detection and decoding: BOM > UTF-16/32 byte pattern > Content-Type charset > XML prolog > UTF-8.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../src/parse/decode-feed-bytes.js';
import { parseFeed } from '../../src/parse/parse-feed.js';

const german = 'Gespräche über „Frieden“ – «Äußerung» für 5 €';
const rss = (encodingLabel: string | null, title: string): string =>
  `${encodingLabel ? `<?xml version="1.0" encoding="${encodingLabel}"?>` : ''}<rss version="2.0"><channel><title>${title}</title><item><title>${title}</title><link>https://x.example/1</link></item></channel></rss>`;
const bom = (hex: string, body: Buffer): Buffer => Buffer.concat([Buffer.from(hex, 'hex'), body]);
const fetchedAt = '2026-02-06T00:00:00.000Z';

describe('decodeFeedBytes', () => {
  it.each([
    ['UTF-8 without any label', Buffer.from(rss(null, german)), null, 'utf-8', german],
    [
      'UTF-8 BOM beats a wrong header',
      bom('efbbbf', Buffer.from(rss('iso-8859-1', german))),
      'text/xml; charset=iso-8859-1',
      'utf-8',
      german,
    ],
    ['UTF-16LE with BOM', bom('fffe', iconv.encode(rss('utf-16', german), 'utf-16le')), null, 'utf-16le', german],
    ['UTF-16BE with BOM', bom('feff', iconv.encode(rss('utf-16', german), 'utf-16be')), null, 'utf-16be', german],
    ['UTF-16LE without BOM', iconv.encode(rss('utf-16', german), 'utf-16le'), null, 'utf-16le', german],
    [
      'UTF-16BE without BOM, header says utf-8',
      iconv.encode(rss('utf-16', german), 'utf-16be'),
      'application/rss+xml; charset=utf-8',
      'utf-16be',
      german,
    ],
    ['UTF-32LE with BOM', bom('fffe0000', iconv.encode(rss(null, german), 'utf-32le')), null, 'utf-32le', german],
    ['UTF-32BE without BOM', iconv.encode(rss(null, german), 'utf-32be'), null, 'utf-32be', german],
    ['windows-1252 € „ “ from the prolog', iconv.encode(rss('windows-1252', german), 'windows-1252'), null, 'windows-1252', german],
    [
      'ISO-8859-1 from the header, no prolog',
      iconv.encode(rss(null, 'Grüße aus Köln'), 'latin1'),
      'text/xml; charset=ISO-8859-1',
      'windows-1252',
      'Grüße aus Köln',
    ],
    [
      'ISO-8859-1 from the prolog, no header',
      iconv.encode(rss('ISO-8859-1', 'Grüße aus Köln'), 'latin1'),
      'application/rss+xml',
      'windows-1252',
      'Grüße aus Köln',
    ],
    // Real "ISO-8859-1" feeds carry windows-1252 bytes for € „ “ (0x80, 0x84, 0x93): WHATWG decodes them so.
    ['ISO-8859-1 label with 0x80–0x9F bytes', iconv.encode(rss('ISO-8859-1', german), 'windows-1252'), null, 'windows-1252', german],
    ['koi8-r', iconv.encode(rss('koi8-r', 'Новости дня'), 'koi8-r'), null, 'koi8-r', 'Новости дня'],
    [
      'windows-1251',
      iconv.encode(rss('windows-1251', 'Новости дня'), 'windows-1251'),
      'text/xml; charset="windows-1251"',
      'windows-1251',
      'Новости дня',
    ],
    [
      'quoted header charset with spaces',
      iconv.encode(rss(null, 'Grüße'), 'latin1'),
      'text/xml;charset = "iso-8859-1"',
      'windows-1252',
      'Grüße',
    ],
    [
      'unknown header label falls to the prolog',
      iconv.encode(rss('windows-1252', german), 'windows-1252'),
      'text/xml; charset=x-fake',
      'windows-1252',
      german,
    ],
    ['unknown prolog label falls to UTF-8', Buffer.from(rss('bogus', german)), null, 'utf-8', german],
    ['prolog says utf-16 on single-byte text: UTF-8', Buffer.from(rss('utf-16', german)), null, 'utf-8', german],
  ])('%s', (_name, body, contentType, encoding, expected) => {
    const decoded = decodeFeedBytes(body, contentType);
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text).toContain(`<title>${expected}</title>`);
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('header wins over a disagreeing prolog (RFC 7303 §3): windows-1252 bytes labelled utf-8 in the prolog', () => {
    const body = iconv.encode(rss('utf-8', german), 'windows-1252');
    const decoded = decodeFeedBytes(body, 'text/xml; charset=windows-1252');
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toContain(german);
  });

  it('header wins over a disagreeing prolog: koi8-r header, windows-1251 prolog', () => {
    const body = iconv.encode(rss('windows-1251', 'Новости'), 'koi8-r');
    expect(decodeFeedBytes(body, 'application/xml; charset=koi8-r').text).toContain('Новости');
  });

  it('except when a Latin-1 header is provably wrong: prolog utf-8 and the body is valid UTF-8', () => {
    const decoded = decodeFeedBytes(Buffer.from(rss('utf-8', german)), 'text/xml; charset=ISO-8859-1');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain(german);
  });

  // The mirror: a server's default "charset=utf-8" over a windows-1252 document whose prolog says so.
  // Before, the header won and every umlaut, dash and € became U+FFFD.
  it('and when a UTF-8 header is provably wrong: Latin-1 prolog, body mostly not UTF-8 sequences', () => {
    const body = iconv.encode(rss('ISO-8859-1', german), 'windows-1252');
    const decoded = decodeFeedBytes(body, 'application/rss+xml; charset=utf-8');
    expect([decoded.encoding, decoded.text.includes(german)]).toEqual(['windows-1252', true]);
  });

  it.each([
    ['the body is valid UTF-8', Buffer.from(rss('ISO-8859-1', german))],
    // A few damaged bytes in UTF-8 text: the valid sequences outnumber them.
    ['the body is UTF-8 with one stray Latin-1 byte', Buffer.concat([Buffer.from(rss('ISO-8859-1', german)), Buffer.from([0xfc])])],
  ])('keeps a UTF-8 header over a Latin-1 prolog when %s', (_name, body) => {
    expect(decodeFeedBytes(body, 'text/xml; charset=utf-8').encoding).toBe('utf-8');
  });

  it('and when a Latin-1 prolog is provably wrong: no header, valid multibyte UTF-8 body', () => {
    const decoded = decodeFeedBytes(Buffer.from(rss('ISO-8859-1', german)), null);
    expect([decoded.encoding, decoded.text.includes(german)]).toEqual(['utf-8', true]);
  });

  it('replaces invalid UTF-8 with U+FFFD and never throws', () => {
    const body = Buffer.concat([
      Buffer.from('<rss><channel><title>ab'),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80]),
      Buffer.from('cd</title></channel></rss>'),
    ]);
    const decoded = decodeFeedBytes(body, 'text/xml; charset=utf-8');
    expect(decoded.text).toContain('ab\ufffd(\ufffd\ufffd\ufffdcd');
  });

  // (**) in decode-feed-bytes.ts: no label anywhere and the non-ASCII bytes mostly no UTF-8.
  // The same without a label, for feeds that name their language: read in that language's legacy encoding
  // (WHATWG's locale defaults), not as windows-1252 ("Â Ìîñêâå" for "В Москве").
  it.each([
    ['ru', 'windows-1251', '<language>ru</language>', 'В Москве открыли три новые станции метро'],
    ['uk', 'windows-1251', '<language>uk-UA</language>', 'У Києві відкрили міст'],
    ['el', 'iso-8859-7', '<language>el</language>', 'Απεργία στα τρένα την Πέμπτη'],
    ['ar', 'windows-1256', '<language>ar</language>', 'انطلاق القمة العربية في الرياض'],
    ['he', 'windows-1255', '<language>he</language>', 'הכנסת אישרה את התקציב'],
    ['tr', 'windows-1254', '<language>tr_TR</language>', 'Işık Üniversitesi’nde yangın tatbikatı'],
    ['pl', 'iso-8859-2', '<dc:language>pl</dc:language>', 'Pożar hali magazynowej w Łodzi'],
    ['ja', 'shift_jis', '<language>ja</language>', '千葉県北西部で震度4の地震'],
    ['zh-CN', 'gb18030', '<language>zh-CN</language>', '神舟二十三号载人飞船发射成功'],
    ['zh-TW', 'big5', '<language>zh-TW</language>', '颱風外圍環流影響'],
    ['ko', 'euc-kr', '<language>ko</language>', '한국은행 기준금리 동결'],
    ['th', 'windows-874', '<language>th</language>', 'น้ำท่วมหนักในหาดใหญ่'],
  ])('reads an unlabelled %s feed as %s', (_, encoding, languageElement, title) => {
    const text = `<rss version="2.0"><channel><title>x</title>${languageElement}<item><title>${title}</title></item></channel></rss>`;
    const decoded = decodeFeedBytes(iconv.encode(text, encoding), null);
    expect([decoded.encoding, decoded.text]).toEqual([encoding, text]);
  });

  // ISO-8859-2/-7 have C1 controls where windows-1250/-1253 have letters: read as ISO, "Śląsk" lost its "Ś" (a C1 control,
  // removed later) and Greek its "…"; such a byte means the windows code page, under a language guess or an ISO label.
  it.each([
    ['pl', 'windows-1250', 'Śląsk: źródło, ściana, Łódź – „pożar”'],
    ['el', 'windows-1253', 'Άνοιξε ξανά η γέφυρα… «Επιτέλους»'],
  ])('reads %s text with bytes in 0x80–0x9F as %s, labelled nowhere or as ISO-8859', (language, encoding, title) => {
    const text = `<rss version="2.0"><channel><title>x</title><language>${language}</language><item><title>${title}</title></item></channel></rss>`;
    const body = iconv.encode(text, encoding);
    expect([decodeFeedBytes(body, null).encoding, decodeFeedBytes(body, null).text]).toEqual([encoding, text]);
    const iso = language === 'pl' ? 'ISO-8859-2' : 'ISO-8859-7';
    expect(decodeFeedBytes(body, `text/xml; charset=${iso}`).text).toBe(text);
  });

  // The pairs differ above 0xA0 too: one stray C1 byte (a pasted "…") in a correctly labelled ISO feed must not
  // make it windows-1250/-1253 ("Śląsk: ąś" became "¦l±sk: ±¶"): the reading with more letters wins.
  it.each([
    ['pl', 'ISO-8859-2', 'Śląsk: ąś źródło, ściana, Łódź, żółw'],
    ['el', 'ISO-8859-7', 'Άνοιξε ξανά η γέφυρα της πόλης'],
  ])('keeps %s text labelled %s with one stray byte in 0x80–0x9F', (language, iso, title) => {
    const text = `<rss version="2.0"><channel><title>x</title><language>${language}</language><item><title>${title}\u0085</title></item></channel></rss>`;
    const body = iconv.encode(text, iso);
    expect(body.includes(0x85)).toBe(true);
    expect(decodeFeedBytes(body, `text/xml; charset=${iso}`).encoding).toBe(iso.toLowerCase());
    expect(decodeFeedBytes(body, `text/xml; charset=${iso}`).text).toBe(text);
  });

  it("guesses from the feed's own language only, not from a <language> quoted in an item or CDATA", () => {
    const title = 'Élection à Montréal: café fermé';
    for (const quoted of [
      `<description><![CDATA[Use <language>ru</language> in your feed]]></description>`,
      `<!-- <language>ru</language> -->`,
    ]) {
      const text = `<rss version="2.0"><channel><title>x</title>${quoted}<item><title>${title}</title></item></channel></rss>`;
      expect(decodeFeedBytes(iconv.encode(text, 'windows-1252'), null).text).toBe(text);
    }
    const inItem = `<rss version="2.0"><channel><title>x</title><item><title>${title}</title><language>ru</language></item></channel></rss>`;
    expect(decodeFeedBytes(iconv.encode(inItem, 'windows-1252'), null).text).toBe(inItem);
  });

  it('reads an unlabelled Atom feed in the legacy encoding of its xml:lang', () => {
    const text = `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru"><title>Ежедневная газета</title></feed>`;
    expect(decodeFeedBytes(iconv.encode(text, 'windows-1251'), 'application/atom+xml').text).toBe(text);
  });

  it('reads a body labelled nowhere whose bytes are mostly not UTF-8 as windows-1252', async () => {
    const body = readFileSync(path.join(import.meta.dirname, '../fixtures/parse/rss2-latin1-no-charset-anywhere.xml'));
    expect(decodeFeedBytes(body, null).encoding).toBe('windows-1252');
    expect(decodeFeedBytes(body, 'application/rss+xml').encoding).toBe('windows-1252');
    const feed = await parseFeed(body, { fetchedAt });
    expect(feed.title).toBe('Le Cercle Psy (échantillon)');
    expect(feed.items.map((i) => i.title)).toEqual([
      "La criminalité liée surtout à l'ennui ?",
      "L'enfant doué : « surdoué » ou pas ?", // the no-break space becomes a space in titles
      'Ça coûte 5 € pièce',
    ]);
  });

  it.each([
    // A UTF-8 body with a few damaged bytes stays UTF-8: its valid sequences outnumber the bad ones.
    [
      'UTF-8 with one stray Latin-1 byte, no label',
      Buffer.concat([
        Buffer.from('<rss><channel><title>Gespräch über Frieden '),
        Buffer.from([0xfc]),
        Buffer.from('</title></channel></rss>'),
      ]),
      null,
    ],
    // A label decides, as before: a UTF-8 header is authoritative (RFC 7303).
    [
      'a Latin-1 body under charset=utf-8',
      iconv.encode('<rss><channel><title>très été</title></channel></rss>', 'windows-1252'),
      'text/xml; charset=utf-8',
    ],
  ])('keeps UTF-8 for %s', (_name, body, contentType) => {
    expect(decodeFeedBytes(body, contentType).encoding).toBe('utf-8');
  });

  // The mirror of the Latin-1-header exception: a server's default "charset=utf-8" on a feed whose
  // prolog says ISO-8859-1 and whose bytes are Latin-1 (Apache's AddDefaultCharset over a legacy CMS).
  it.each([
    ['ISO-8859-1', 'Grüße aus Köln, Straßensperrungen am Wochenende', 'windows-1252'],
    ['windows-1251', 'Новости дня', 'windows-1251'],
  ])('reads a body under charset=utf-8 by its %s prolog when its bytes are mostly not UTF-8', (label, title, encoding) => {
    const decoded = decodeFeedBytes(iconv.encode(rss(label, title), encoding), 'application/rss+xml; charset=utf-8');
    expect([decoded.encoding, decoded.text.includes(`<title>${title}</title>`)]).toEqual([encoding, true]);
  });

  it('keeps UTF-8 under charset=utf-8 for a UTF-8 body with a stale Latin-1 prolog and one damaged byte', () => {
    const body = Buffer.concat([Buffer.from(rss('ISO-8859-1', `${german} `)), Buffer.from([0xfc])]);
    expect(decodeFeedBytes(body, 'text/xml; charset=utf-8').encoding).toBe('utf-8');
  });

  // The common case the exception must not touch: a CMS moved to UTF-8 but kept its old prolog.
  it('keeps UTF-8 under charset=utf-8 for a fully valid UTF-8 body with a stale Latin-1 prolog', () => {
    const decoded = decodeFeedBytes(Buffer.from(rss('ISO-8859-1', german)), 'application/rss+xml; charset=utf-8');
    expect([decoded.encoding, decoded.text.includes(`<title>${german}</title>`)]).toEqual(['utf-8', true]);
  });

  // Large UTF-8 bodies take faster routes (ASCII as Latin-1, valid UTF-8 through ICU's transcoder):
  // the text must be exactly what the WHATWG UTF-8 decoder gives, invalid bytes included.
  const largeText = `<rss><channel>${'<item><title>Gespräch über „Frieden“ – 😀 ü</title></item>'.repeat(2_000)}</channel></rss>`;
  it.each([
    ['valid non-ASCII', Buffer.from(largeText)],
    ['pure ASCII', Buffer.from(largeText.replace(/[^\x00-\x7f]/g, 'x'))],
    [
      'invalid sequences at the end',
      Buffer.concat([Buffer.from(largeText), Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98])]),
    ],
    ['a lone continuation byte in the middle', Buffer.concat([Buffer.from(largeText), Buffer.from([0x80]), Buffer.from(largeText)])],
  ])('decodes a large body (%s) exactly as the WHATWG UTF-8 decoder', (_name, body) => {
    expect(body.length).toBeGreaterThan(64 * 1024);
    const decoded = decodeFeedBytes(body, null);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text === new TextDecoder('utf-8').decode(body)).toBe(true);
  });

  it('a large valid UTF-8 body still beats a Latin-1 header, a large windows-1252 one does not', () => {
    const utf8 = Buffer.from(`<?xml version="1.0" encoding="utf-8"?>${largeText}`);
    expect(decodeFeedBytes(utf8, 'text/xml; charset=iso-8859-1').text).toContain('Gespräch über „Frieden“');
    const latin = iconv.encode(`<?xml version="1.0" encoding="utf-8"?>${largeText.replace(/[😀]/gu, '')}`, 'windows-1252');
    const decoded = decodeFeedBytes(latin, 'text/xml; charset=iso-8859-1');
    expect([decoded.encoding, decoded.text.includes('Gespräch über „Frieden“')]).toEqual(['windows-1252', true]);
  });

  it.each([[Buffer.alloc(0)], [Buffer.from([0xff])], [Buffer.from([0x00, 0x00])], [Buffer.from([0xfe, 0xff, 0xd8])]])(
    'decodes odd short input %#',
    (body) => {
      expect(() => decodeFeedBytes(body, 'text/xml; charset=')).not.toThrow();
    },
  );
});

describe('parseFeed with encodings end to end', () => {
  it('reads windows-1252 € „ “ in item titles through the whole pipeline', async () => {
    const feed = await parseFeed(iconv.encode(rss('windows-1252', german), 'windows-1252'), { fetchedAt });
    expect(feed.items[0]!.title).toBe(german);
  });

  it('reads invalid UTF-8 with replacement characters', async () => {
    const body = Buffer.concat([
      Buffer.from('<rss version="2.0"><channel><title>x</title><item><title>Gr'),
      Buffer.from([0xfc]),
      Buffer.from('ße</title></item></channel></rss>'),
    ]);
    expect((await parseFeed(body, { fetchedAt })).items[0]!.title).toBe('Gr\ufffdße');
  });

  it('removes NUL and other control characters that XML forbids', async () => {
    const body = Buffer.from(
      '<rss version="2.0"><channel><title>a\u0000b</title><item><title>Ti\u0001t\u0008el\u000b!</title><description>x\u001fy</description></item></channel></rss>',
    );
    const feed = await parseFeed(body, { fetchedAt });
    expect(feed.title).toBe('ab');
    expect(feed.items[0]).toMatchObject({ title: 'Titel!', summary: 'xy' });
  });

  it.each([
    // iconv-lite turns bytes windows-1252 leaves undefined into U+FFFD, like any invalid byte.
    ['undefined windows-1252 bytes', 'windows-1252', Buffer.from([0x81, 0x8d, 0x80]), 'A\ufffd\ufffd€B'],
    // C1 controls (here U+0085, U+0096 written as UTF-8) are dropped from plain text.
    ['C1 controls in UTF-8', 'utf-8', Buffer.from([0xc2, 0x85, 0xc2, 0x96]), 'AB'],
  ])('title with %s', async (_name, label, bytes, expected) => {
    const body = Buffer.concat([
      Buffer.from(`<?xml version="1.0" encoding="${label}"?><rss version="2.0"><channel><title>x</title><item><title>A`),
      bytes,
      Buffer.from('B</title></item></channel></rss>'),
    ]);
    expect((await parseFeed(body, { fetchedAt })).items[0]!.title).toBe(expected);
  });

  it('reads a UTF-16 JSON Feed with BOM and a UTF-8 one without', async () => {
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Grüße', items: [{ id: '1', title: '„Hallo“' }] });
    for (const body of [bom('fffe', iconv.encode(json, 'utf-16le')), Buffer.from(json)]) {
      const feed = await parseFeed(body, { fetchedAt });
      expect([feed.title, feed.items[0]!.title]).toEqual(['Grüße', '„Hallo“']);
    }
  });
});
