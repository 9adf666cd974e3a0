// Bytes → text for feed documents. Never throws: a feed with a wrong or unknown label still gets read.
//
// Order (RFC 7303 and XML 1.0 Appendix F; the Universal Feed Parser follows the same order):
//   1. a byte-order mark (UTF-8, UTF-16 BE/LE, UTF-32 BE/LE) — unambiguous, always wins;
//   2. no BOM but the first bytes are "<?" or "<" in UTF-16/32 (00 3C 00 3F …) — an ASCII-compatible
//      label cannot be right for such bytes, so this beats any label;
//   3. the Content-Type charset parameter — RFC 7303 makes it authoritative for every XML media type
//      (text/xml and application/*+xml alike), and browsers agree. Two exceptions, see (*);
//      A Content-Type without charset says nothing: RFC 7303 dropped RFC 3023's "text/xml means
//      US-ASCII" default (which the Universal Feed Parser still applies), and no real feed relies on it;
//   4. the XML prolog's encoding="…" (JSON has none: JSON is UTF-8, RFC 8259 §8.1);
//   5. UTF-8 (the XML and JSON default), with U+FFFD for invalid bytes; see (**) for unlabelled Latin-1.
// An unknown label (x-fake, bogus) is skipped, so the next rule decides; nothing at all → UTF-8.
// When header and prolog disagree the header wins (rule 3), e.g. `text/xml; charset=windows-1252` over
// `<?xml encoding="utf-8"?>` — the server knows what it transcoded to, a copied prolog often lies.
// (*) Except where the header is provably wrong. First, it names a single-byte Latin charset
// (the default of many web servers), the prolog says UTF-8 and the body is valid UTF-8 with non-ASCII
// sequences. Latin-1 text virtually never forms valid multibyte UTF-8, so decoding it as windows-1252
// would only turn "ä" into "Ã¤". The same exception applies to a Latin-1 prolog without a header.
// Second, the mirror: a UTF-8 header (a server's default, Apache's AddDefaultCharset) on a body
// whose prolog names another encoding and whose non-ASCII bytes mostly fail to form UTF-8 is read
// by the prolog, as the Universal Feed Parser does; under the header every "ä" became U+FFFD.
// ISO-8859-1 and US-ASCII labels are decoded as windows-1252 (WHATWG Encoding Standard): real feeds
// labelled ISO-8859-1 carry € „ “ in 0x80–0x9F, which ISO-8859-1 maps to invisible C1 controls.
// Everything but UTF-8 goes through iconv-lite: Node 20's TextDecoder maps windows-1252 0x80–0x9F wrongly.
import nodeBuffer, { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { isLanguageTag } from '../language-tag.js';

export interface DecodedFeed {
  text: string;
  /** The encoding actually used, lower-case WHATWG-style name (utf-8, windows-1252, utf-16le …). */
  encoding: string;
}

/** Decodes a fetched feed body to text: BOM, then Content-Type charset, then XML prolog, else UTF-8. */
export function decodeFeedBytes(body: Uint8Array, contentType: string | null): DecodedFeed {
  const bom = encodingFromBom(body);
  if (bom) return decodeAs(body.subarray(bom.length), bom.encoding);

  const wide = wideEncodingFromFirstBytes(body);
  if (wide) return decodeAs(body, wide);

  const prologLabel = prologEncoding(body);
  const headerEncoding = normaliseLabel(charsetFromContentType(contentType));
  if (headerEncoding && !isWide(headerEncoding)) {
    const prologEncodingName = normaliseLabel(prologLabel);
    if (prologEncodingName === 'utf-8' && singleByteLatin.has(headerEncoding) && isValidNonAsciiUtf8(body)) {
      return decodeAs(body, 'utf-8');
    }
    if (
      headerEncoding === 'utf-8' &&
      prologEncodingName &&
      prologEncodingName !== 'utf-8' &&
      !isWide(prologEncodingName) &&
      mostlyNotUtf8(body)
    ) {
      return decodeAs(body, prologEncodingName);
    }
    return decodeAs(body, headerEncoding);
  }
  if (headerEncoding && isWide(headerEncoding)) {
    // A UTF-16/32 header on a body without BOM whose first bytes look ASCII: the header cannot be right.
    return decodeAs(body, 'utf-8');
  }

  const prologEncodingName = normaliseLabel(prologLabel);
  // The same proof works against a prolog: a Latin-1 label on a body that is valid multibyte UTF-8
  // (a CMS that switched to UTF-8 but kept its template's prolog; miniflux's utf8-incorrect-prolog).
  if (prologEncodingName && singleByteLatin.has(prologEncodingName) && isValidNonAsciiUtf8(body)) return decodeAs(body, 'utf-8');
  // A prolog saying utf-16 on bytes that are evidently ASCII-compatible (we would have caught real
  // UTF-16 above) was written by a tool that transcoded without fixing the prolog.
  if (prologEncodingName && prologEncodingName !== 'utf-8' && !isWide(prologEncodingName)) return decodeAs(body, prologEncodingName);
  // (**) The mirror of (*): no charset in the header, no prolog or a UTF-8 one, and a body whose
  // non-ASCII bytes mostly fail to form UTF-8 sequences is single-byte text. UTF-8 with a few damaged
  // bytes has far more valid sequences than invalid ones; Latin-1 forms one only by accident (French
  // "é", no-break space, "»" is E9 A0 BB, a valid three-byte sequence). Read it as windows-1252, as
  // the Universal Feed Parser's fallback does, rather than turning every "é" into U+FFFD (miniflux's
  // no_encoding_ISO-8859-1.xml, a French magazine's feed served with no label). windows-1252 is the guess for Western
  // languages only: a feed that names its language is read in that language's legacy encoding, as a browser reads an
  // unlabelled page in its locale's (an unlabelled windows-1251 Russian feed came out as "Â Ìîñêâå").
  if (mostlyNotUtf8(body)) return decodeAs(body, legacyEncodingOf(declaredLanguage(body)));
  return decodeAs(body, 'utf-8');
}

// WHATWG HTML, "encoding sniffing algorithm": the suggested default encoding for a user's locale (every other language:
// windows-1252). Keyed by the primary language subtag; Chinese by its region or script.
const LEGACY_ENCODINGS: Record<string, string> = {
  ar: 'windows-1256',
  ba: 'windows-1251',
  be: 'windows-1251',
  bg: 'windows-1251',
  cs: 'windows-1250',
  el: 'iso-8859-7',
  et: 'windows-1257',
  fa: 'windows-1256',
  he: 'windows-1255',
  hr: 'windows-1250',
  hu: 'iso-8859-2',
  ja: 'shift_jis',
  kk: 'windows-1251',
  ko: 'euc-kr',
  ku: 'windows-1254',
  ky: 'windows-1251',
  lt: 'windows-1257',
  lv: 'windows-1257',
  mk: 'windows-1251',
  pl: 'iso-8859-2',
  ru: 'windows-1251',
  sah: 'windows-1251',
  sk: 'windows-1250',
  sl: 'iso-8859-2',
  sr: 'windows-1251',
  tg: 'windows-1251',
  th: 'windows-874',
  tr: 'windows-1254',
  tt: 'windows-1251',
  uk: 'windows-1251',
  vi: 'windows-1258',
  zh: 'gb18030',
};

/** The legacy encoding of text in `language` (a language tag), windows-1252 when none is known. */
function legacyEncodingOf(language: string | null): string {
  const [primary = '', ...rest] = (language ?? '').toLowerCase().split('-');
  if (primary === 'zh' && rest.some((part) => ['tw', 'hk', 'mo', 'hant'].includes(part))) return 'big5';
  return LEGACY_ENCODINGS[primary] ?? 'windows-1252';
}

/**
 * The language a feed declares for itself near its start (RSS <language>, RDF <dc:language>, Atom xml:lang), read as ASCII:
 * before its first item or entry, outside CDATA and comments (a description quoting "<language>" declares nothing).
 */
function declaredLanguage(b: Uint8Array): string | null {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 4096))
    .toString('latin1')
    .replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(?:[\w-]+:)?(?:item|entry)[\s>/][\s\S]*$/, '');
  for (const match of head.matchAll(/<(?:dc:)?language>\s*([^<\s]*)\s*<|\bxml:lang\s*=\s*["']([^"'<>\s]*)["']/g)) {
    const tag = match[1] ?? match[2] ?? '';
    if (isLanguageTag(tag)) return tag.replace(/_/g, '-');
  }
  return null;
}

/** True when the body is not UTF-8 and its non-ASCII bytes start more invalid sequences than valid ones. */
function mostlyNotUtf8(body: Uint8Array): boolean {
  if (isUtf8(body)) return false;
  const { valid, invalid } = countUtf8Sequences(body);
  return invalid > valid;
}

/** Non-ASCII sequences that are valid UTF-8 (a lead byte with the continuation bytes it needs), and bytes that start none. */
function countUtf8Sequences(b: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < b.length; i++) {
    const lead = b[i]!;
    if (lead < 0x80) continue;
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    // The first continuation byte's range excludes overlong forms, surrogates and code points beyond U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    let ok = length > 0 && i + length <= b.length && b[i + 1]! >= low && b[i + 1]! <= high;
    for (let k = 2; ok && k < length; k++) ok = b[i + k]! >= 0x80 && b[i + k]! <= 0xbf;
    if (ok) {
      valid++;
      i += length - 1;
    } else invalid++;
  }
  return { valid, invalid };
}

const singleByteLatin = new Set(['windows-1252', 'iso-8859-15']);

function isWide(encoding: string): boolean {
  return encoding.startsWith('utf-16') || encoding.startsWith('utf-32');
}

// ISO-8859-2 and -7 have C1 controls in 0x80–0x9F, where windows-1250 and -1253 (what Polish, Czech and Greek sites
// mostly send, under either label or none) have letters and punctuation ("ś", "ź", "„", "…"). Unlike windows-1252 and
// ISO-8859-1, the pairs also differ above 0xA0 ("ą" is 0xB1 in one, 0xB9 in the other), so such a byte alone proves
// nothing: a correctly labelled ISO feed with one pasted "…" would lose its letters. The reading that gives more
// letters wins (a windows-1250 text read as ISO has controls where its "ś" and "ź" stood; an ISO text read as
// windows-1250 has "±" and "¶" where its "ą" and "ś" stood).
const WINDOWS_OF_ISO: Record<string, string> = { 'iso-8859-2': 'windows-1250', 'iso-8859-7': 'windows-1253' };
const letter = /\p{L}/gu;

function codePageOf(bytes: Uint8Array, label: string): string {
  const windows = WINDOWS_OF_ISO[label];
  if (windows === undefined || !bytes.some((b) => b >= 0x80 && b <= 0x9f)) return label;
  const high = Buffer.from(bytes.filter((b) => b >= 0x80));
  const letters = (encoding: string): number => iconv.decode(high, encoding).match(letter)?.length ?? 0;
  return letters(windows) > letters(label) ? windows : label;
}

function decodeAs(bytes: Uint8Array, label: string): DecodedFeed {
  const encoding = codePageOf(bytes, label);
  if (encoding === 'utf-8') return { text: decodeUtf8(bytes), encoding };
  // iconv-lite strips a BOM itself and replaces invalid sequences; it does not throw on bad bytes.
  try {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding), encoding };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), encoding: 'utf-8' };
  }
}

function encodingFromBom(b: Uint8Array): { encoding: string; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/** XML 1.0 Appendix F: "<" (or whitespace) encoded in UTF-16/32 without a BOM. */
function wideEncodingFromFirstBytes(b: Uint8Array): string | null {
  if (b.length < 4) return null;
  const [a, c, d, e] = [b[0]!, b[1]!, b[2]!, b[3]!];
  if (a === 0 && c === 0 && d === 0 && e !== 0) return 'utf-32be';
  if (a !== 0 && c === 0 && d === 0 && e === 0) return 'utf-32le';
  if (a === 0 && c !== 0 && d === 0 && e !== 0) return 'utf-16be';
  if (a !== 0 && c === 0 && d !== 0 && e === 0) return 'utf-16le';
  return null;
}

/** The charset parameter of a Content-Type header, unquoted, or null. */
export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const label = match?.[1] ?? match?.[2] ?? '';
  return label.trim() || null;
}

function prologEncoding(b: Uint8Array): string | null {
  // The prolog is ASCII in every ASCII-compatible encoding; look only at the start (yarr's fixtures put
  // a comment before it, so do not insist on offset 0).
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 1024)).toString('latin1');
  const match = /<\?xml\s[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/.exec(head);
  return match?.[1] ?? null;
}

const labelAliases: Record<string, string> = {
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  u16: 'utf-16le',
  'ucs-2': 'utf-16le',
  'utf-32': 'utf-32le',
  utf32: 'utf-32le',
  u32: 'utf-32le',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso88591: 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  l1: 'windows-1252',
  cp1252: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'ansi-x3.4-1968': 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
  'mac-cyrillic': 'maccyrillic',
  'x-mac-cyrillic': 'maccyrillic',
};

/** Maps a charset label to the name we decode with, or null when iconv-lite does not know it. */
function normaliseLabel(label: string | null): string | null {
  if (!label) return null;
  const lower = label.trim().toLowerCase().replace(/_/g, '-');
  const aliased = labelAliases[lower] ?? lower;
  if (aliased === 'utf-8') return 'utf-8';
  if (!Object.hasOwn(labelAliases, lower) && !iconv.encodingExists(aliased)) return null;
  return aliased;
}

/**
 * UTF-8 bytes → string, with U+FFFD for invalid sequences (WHATWG). The result is always what
 * Buffer#toString('utf8') gives; only the route differs. Node 20's V8 decodes non-ASCII UTF-8 at about
 * 100 MB/s, ~40 ms for a 5 MB German feed. isAscii/isUtf8 (simdutf) check the bytes in well under a
 * millisecond, and then: ASCII decodes as Latin-1 (a plain copy); valid UTF-8 goes through Node's
 * UTF-8 → UTF-16LE transcoder and a UTF-16 copy, 1–2 ms each for 5 MB when the memory is warm (up to
 * ~35 ms each when the 10 MB are freshly mapped pages; bench/parse-throughput.ts). Invalid UTF-8 keeps Buffer's
 * decoder, whose replacement rules (one U+FFFD per maximal invalid subpart) we do not want to depend
 * on ICU for.
 */
// A Node built without ICU (--without-intl) has no transcode; a named import would fail to link there.
const transcode = (nodeBuffer as { transcode?: typeof nodeBuffer.transcode }).transcode;

function decodeUtf8(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAscii(buffer)) return buffer.toString('latin1');
  // Small documents: the checks and the extra copy do not pay.
  if (transcode && buffer.byteLength >= 64 * 1024 && isUtf8(buffer)) {
    try {
      return transcode(buffer, 'utf8', 'utf16le').toString('utf16le');
    } catch {
      // Should ICU refuse, the plain decoder below gives the same text.
    }
  }
  return buffer.toString('utf8');
}

function isValidNonAsciiUtf8(b: Uint8Array): boolean {
  return !isAscii(b) && isUtf8(b);
}
