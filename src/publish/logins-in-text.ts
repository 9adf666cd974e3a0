// A login is written out as well as linked: a newsletter's lead says "read online: https://…?token=…",
// and a link's text is often its own URL. safeHtml drops an href or src carrying a login; these take it
// out of the text, as published source URLs lose it (withoutLogin), so the key is not handed on either way.
import { CREDENTIAL_PARAMETERS, mayHideLogin, withoutLogin } from './without-login.js';

// Where a URL written in text starts: an http(s) scheme, a scheme-relative "//" ("//user:pw@host/…", also
// what follows another scheme's "ftp:") or "www." ("www.example.org/?token=…"), which a reader or a
// linkifying client follows all the same. No "\b" before "http" or "www.": "seehttps://…" shows the URL to a
// reader too. One alternation tried at each position, and the scan goes on after the URL: linear.
// After an http(s) scheme, any run of "/" and "\\", none included: a browser's URL parser reads
// "https:\\\\u:pw@host", "https:/u:pw@host", "https:/\\u:pw@host" and "https:u:pw@host" as
// "https://u:pw@host" (WHATWG URL: a special scheme's "\\" is a "/", and the special authority ignore
// slashes state skips any number of them).
const URL_START = /https?:[/\\]*|\/\/|www\./gi;
// A "//" only starts one at a word's start (not after a letter, mark, digit or "_"; "ftp:" ends in ":")
// and never as "//@" (no login before the "@"): a Weibo repost chain ("转发理由//@甲:说得对
// //@乙:…"), "//@ts-ignore", "RT //@alice:" and "and/or//x" are no URLs. Checked on the character before
// (one code point), not in URL_START: a Unicode lookbehind there scanned plain prose ~16 times slower.
const WORD_CHARACTER_AT_END = /[\p{L}\p{M}\p{N}_]$/u;
// A URL written in text runs to a character that cannot be part of one: whitespace, an angle bracket, a
// double quote, a typographic quote (“”„‟‘’‚‛«»‹›), CJK punctuation (。、「」 U+3000–U+303F) or fullwidth
// punctuation (！（），：；？). A sticky scan from the URL's start: linear, whatever follows.
const URL_CHARACTERS = /[^\s<>"\u00AB\u00BB\u2018-\u201F\u2039\u203A\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]*/y;
// Its authority (login, host, port: up to a "/", "\\", "?" or "#", where the URL_CHARACTERS scan takes over)
// also ends at a letter of a script written without spaces (Han, kana, Hangul, Thai) right after an ASCII
// letter or digit: such a host name is no IDN but the sentence going on ("详情见www.example.com或发邮件至
// info@example.com" kept the address's "@" and read the Chinese text as a login). A host of those letters
// ("https://例子.中国/") is still read whole. A "www." host has no login before it, so an "@" ends it too.
const GLUED_LETTER = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}`;
const NOT_IN_AUTHORITY = String.raw`\s<>"\u00AB\u00BB\u2018-\u201F\u2039\u203A\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65\/\\?#`;
const AUTHORITY_CHARACTERS = new RegExp(`(?:[^${NOT_IN_AUTHORITY}${GLUED_LETTER}]|(?<![A-Za-z0-9])[${GLUED_LETTER}])*`, 'yu');
const WWW_HOST_CHARACTERS = new RegExp(`(?:[^${NOT_IN_AUTHORITY}${GLUED_LETTER}@]|(?<![A-Za-z0-9])[${GLUED_LETTER}])*`, 'yu');
// An http(s) scheme with no slash is also a word in prose ("Fehler HTTP:503@edge-fra", "请将http:地址发送至
// bug@example.com"): it starts a URL only where userinfo@host follows as a browser reads one, the userinfo
// unbroken by whitespace, CJK letters or another URL's start (so each try stops before the next one:
// linear), and the host a name a reader could reach (PLAUSIBLE_HOST).
const USERINFO_WITHOUT_SLASHES = new RegExp(`(?:(?!https?:|www\\.)[^${NOT_IN_AUTHORITY}${GLUED_LETTER}@])*(@?)`, 'iyu');
// A host name's labels, up to the first character no host name holds.
const HOST_NAME = new RegExp(
  `\\[[0-9a-f:.]*\\]|(?:(?![${GLUED_LETTER}])[\\p{L}\\p{M}\\p{N}-])+(?:\\.(?:(?![${GLUED_LETTER}])[\\p{L}\\p{M}\\p{N}-])*)*`,
  'iyu',
);
// A host a reader could reach: an IP literal, localhost, or a name with a dot whose last label is no number
// ("edge-fra" is no host here, "example.com" and "10.0.0.1" are).
const PLAUSIBLE_HOST = /^(?:\[[0-9a-f:.]+\]|localhost|\d{1,3}(?:\.\d{1,3}){3}|.+\.[^.\d][^.]*)$/iu;
// What goes on from an authority into a path, query or fragment.
const AFTER_AUTHORITY = new Set(['/', '\\', '?', '#']);
// Sentence punctuation right after a URL belongs to the sentence ("… https://x/?token=k." keeps its ".").
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', ')', ']', "'"]);
// So does an English clitic after a straight apostrophe ("https://x/?token=A's", "…'ll", "…'re", "…'ve",
// "…'d"): a URL writes an apostrophe in its path or query as %27, so one ending it is the sentence's.
const TRAILING_CLITIC = /'(?:s|d|ll|re|ve)$/i;
// The longest TRAILING_CLITIC, in characters: only that much of the URL's end is looked at.
const LONGEST_CLITIC = 3;
// URLs are not parsed past this length (browsers and servers refuse far shorter ones); a longer run with
// a sign of a login is cut to its host.
const LONGEST_URL = 8192;
// What any login publishedUrl takes out shows: an "@", a credential name, an escape or an invisible
// character inside a name. Most URLs have none, and are not parsed.
const MAY_CARRY_LOGIN = new RegExp(`[@%\u00AD\u200B-\u200D\u2060\uFEFF]|${[...CREDENTIAL_PARAMETERS].join('|')}`, 'i');
// A scheme as URL_START reads one: with any run of "/" and "\\" after it.
const SCHEME_AT_START = /^https?:[/\\]*/i;
// The scheme and host part as the URL parser reads it: up to a path, query or fragment. An "@" in the
// query ("?mail=a@b.de") is not a login.
const AUTHORITY = /^https?:[/\\]*[^/\\?#]*/i;
// A password with a "#" or "?" ("user:55#pa@host") is read by the parser as a port and a fragment: a ":"
// in the authority (PORT_OR_PASSWORD) then means the "@" up to the first "/" (LOGIN_AUTHORITY) may end a
// login.
const LOGIN_AUTHORITY = /^https?:[/\\]*[^/\\]*/i;
const PORT_OR_PASSWORD = /^https?:[/\\]*[^/\\?#]*:/i;
// URLs parsed per body (text and attributes): a body of a million suspicious URLs took 25 times as long
// as sanitising it. Past this, a URL with a sign of a login is cut to its host unparsed.
const PARSED_URLS_PER_BODY = 1000;
// Tags a URL written in text may continue across (the reader sees one word); any other tag (a paragraph,
// a list item, a cell, a <br>) ends it, as whitespace does, so two links on two lines stay two.
const INLINE_TAG = /^<\/?(?:a|abbr|b|cite|code|del|dfn|em|i|img|ins|kbd|mark|q|s|small|span|strong|sub|sup|time|u)[\s/>]/i;
// An attribute value as sanitize-html writes it (double-quoted, '"' escaped).
const ATTRIBUTE_VALUE = /="([^"]*)"/g;

/** A replacement of text[start, end) by `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The work one call did, for tests of its bound: URL starts found (URL_START), characters the URL scan
 * read from them (each character at most once), and URLs handed to the URL parser with their characters.
 */
export interface ScanWork {
  starts: number;
  scanned: number;
  parsed: number;
  parsedCharacters: number;
}

/** How many more URLs of this body the URL parser may read, and the work done so far. */
interface ParseBudget {
  left: number;
  work: ScanWork;
}

function budgetFor(work: ScanWork = { starts: 0, scanned: 0, parsed: 0, parsedCharacters: 0 }): ParseBudget {
  return { left: PARSED_URLS_PER_BODY, work };
}

/**
 * Plain `text` (a lead, a title) with each URL in it that carries a login written without it
 * (publishedUrl): http(s)://, scheme-relative // and www. ones. `work`, if given, adds up what the scan did.
 */
export function withoutLoginsInText(text: string, work?: ScanWork): string {
  return withoutLoginsIn(text, budgetFor(work));
}

function withoutLoginsIn(text: string, budget: ParseBudget): string {
  return applied(text, [{ start: 0, end: text.length, raw: null }], loginEdits(text, budget))[0] ?? text;
}

/**
 * The same for HTML serialised by sanitize-html: text escapes only "&", "<" and ">", attribute values
 * also '"'. The text is read across inline tags (INLINE_TAG), so a URL split by one
 * (`…?<span>token=k</span>`) is judged whole, as the reader sees it; attribute values (alt, title) each
 * on their own.
 */
export function withoutLoginsInHtml(html: string, work?: ScanWork): string {
  const tokens = htmlTokens(html);
  const pieces: Piece[] = [];
  let text = '';
  for (const token of tokens) {
    // A block tag or <br> stands in the text as a line break, which no URL runs across.
    if (token.tag) {
      if (!INLINE_TAG.test(token.raw)) text += '\n';
      continue;
    }
    const decoded = unescapeHtml(token.raw);
    pieces.push({ start: text.length, end: text.length + decoded.length, raw: token.raw });
    text += decoded;
  }
  const budget = budgetFor(work);
  const texts = applied(text, pieces, loginEdits(text, budget));
  let out = '';
  let next = 0;
  for (const token of tokens) {
    if (token.tag) out += token.raw.replace(ATTRIBUTE_VALUE, (whole, value: string) => attributeWithoutLogins(whole, value, budget));
    else out += texts[next++] ?? token.raw;
  }
  return out;
}

function attributeWithoutLogins(whole: string, value: string, budget: ParseBudget): string {
  const decoded = unescapeHtml(value);
  const published = withoutLoginsIn(decoded, budget);
  return published === decoded ? whole : `="${escapeHtml(published).replaceAll('"', '&quot;')}"`;
}

function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot);/g, (entity) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' })[entity]!);
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Serialised HTML cut into tags and the text between them (indexOf, so linear on any input). */
function htmlTokens(html: string): { tag: boolean; raw: string }[] {
  const tokens: { tag: boolean; raw: string }[] = [];
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    const close = open < 0 ? -1 : html.indexOf('>', open);
    if (close < 0) {
      tokens.push({ tag: false, raw: html.slice(at) });
      break;
    }
    if (open > at) tokens.push({ tag: false, raw: html.slice(at, open) });
    tokens.push({ tag: true, raw: html.slice(open, close + 1) });
    at = close + 1;
  }
  return tokens;
}

/** A piece of the text, text[start, end), written `raw` in the source (null: the text itself). */
interface Piece {
  start: number;
  end: number;
  raw: string | null;
}

/**
 * Each piece with the edits applied, escaped again when it came from HTML, or undefined when no edit
 * touches it (its raw form stays byte for byte). An edit's text goes where it starts; the rest of the
 * text it covers, in later pieces, is left out (the tags between stay).
 */
function applied(text: string, pieces: Piece[], edits: Edit[]): (string | undefined)[] {
  let k = 0;
  return pieces.map(({ start, end, raw }) => {
    if (!(k < edits.length && edits[k]!.start < end && edits[k]!.end > start)) return undefined;
    let out = '';
    let at = start;
    while (k < edits.length && edits[k]!.start < end) {
      const edit = edits[k]!;
      if (edit.start >= at) out += text.slice(at, edit.start) + edit.text;
      at = Math.max(at, Math.min(edit.end, end));
      if (edit.end > end) break;
      k++;
    }
    out += text.slice(at, end);
    return raw === null ? out : escapeHtml(out);
  });
}

/**
 * The edits that take the logins out of the URLs in `text`, each URL read whole (also across the inline
 * tags the text was joined over) and judged whole. Each character is scanned a bounded number of times.
 */
function loginEdits(text: string, budget: ParseBudget): Edit[] {
  const edits: Edit[] = [];
  URL_START.lastIndex = 0;
  for (let match = URL_START.exec(text); match; match = URL_START.exec(text)) {
    const start = match.index;
    if (match[0] === '//' && !startsGuessedUrl(text, start)) {
      URL_START.lastIndex = start + 1;
      continue;
    }
    budget.work.starts++;
    // Only a scheme with no slash ends in ":" ("//" and "www." do not).
    const withoutSlashes = match[0].endsWith(':') ? userinfoEnd(text, start + match[0].length) : undefined;
    if (withoutSlashes && !withoutSlashes.login) {
      budget.work.scanned += withoutSlashes.end - start;
      URL_START.lastIndex = Math.max(withoutSlashes.end, start + 1);
      continue;
    }
    const end = urlEnd(text, start + match[0].length, /^www\./i.test(match[0]));
    budget.work.scanned += end - start;
    const edit = urlEdit(text, start, end, schemeToAdd(match[0]), budget);
    if (edit) edits.push(edit);
    URL_START.lastIndex = Math.max(end, start + 1);
  }
  return edits;
}

/**
 * Where the userinfo scan after an http(s) scheme with no slash (USERINFO_WITHOUT_SLASHES, from `from`)
 * stopped, and whether it read userinfo@host with a PLAUSIBLE_HOST. The host is read past `end` but never
 * past a ":" (so not into the next scheme's): each character is read at most twice.
 */
function userinfoEnd(text: string, from: number): { end: number; login: boolean } {
  USERINFO_WITHOUT_SLASHES.lastIndex = from;
  const at = USERINFO_WITHOUT_SLASHES.exec(text)?.[1];
  const end = USERINFO_WITHOUT_SLASHES.lastIndex;
  if (!at) return { end, login: false };
  HOST_NAME.lastIndex = end;
  const host = HOST_NAME.exec(text)?.[0] ?? '';
  return { end, login: PLAUSIBLE_HOST.test(host) };
}

/** Whether the "//" at `start` starts a URL: at a word's start, and not as "//@" (WORD_CHARACTER_AT_END). */
function startsGuessedUrl(text: string, start: number): boolean {
  return text[start + 2] !== '@' && !WORD_CHARACTER_AT_END.test(text.slice(Math.max(0, start - 2), start));
}

/**
 * Where the URL whose authority starts at `from` ends: its authority (AUTHORITY_CHARACTERS, or
 * WWW_HOST_CHARACTERS after "www."), then, if a "/", "\\", "?" or "#" follows, up to a character no URL holds
 * (URL_CHARACTERS). Sticky scans: each character is read once.
 */
function urlEnd(text: string, from: number, www: boolean): number {
  const authority = www ? WWW_HOST_CHARACTERS : AUTHORITY_CHARACTERS;
  authority.lastIndex = from;
  authority.exec(text);
  const authorityEnd = authority.lastIndex;
  if (!AFTER_AUTHORITY.has(text[authorityEnd] ?? '')) return authorityEnd;
  URL_CHARACTERS.lastIndex = authorityEnd;
  URL_CHARACTERS.exec(text);
  return URL_CHARACTERS.lastIndex;
}

/** What makes a URL written from this start (URL_START) absolute: nothing, "https:" before "//", "https://" before "www.". */
function schemeToAdd(start: string): string {
  if (start.startsWith('//')) return 'https:';
  return /^www\./i.test(start) ? 'https://' : '';
}

/**
 * The edit for the URL written in text[start, end) less its trailing punctuation and clitic (TRAILING_CLITIC),
 * if it carries a login. `scheme` (schemeToAdd) makes it absolute to be judged, and is not written.
 */
function urlEdit(text: string, start: number, end: number, scheme: string, budget: ParseBudget): Edit | undefined {
  let urlEnd = withoutTrailingPunctuation(text, start, end);
  const clitic = TRAILING_CLITIC.exec(text.slice(Math.max(start, urlEnd - LONGEST_CLITIC), urlEnd));
  if (clitic) urlEnd = withoutTrailingPunctuation(text, start, urlEnd - clitic[0].length);
  const url = text.slice(start, urlEnd);
  if (!MAY_CARRY_LOGIN.test(url)) return undefined;
  const published = publishedUrl(scheme + url, budget);
  if (published === scheme + url) return undefined;
  // The published form starts with the scheme added (a parsed URL's or hostOf's, lower case): written without it.
  const written = published.toLowerCase().startsWith(scheme) ? published.slice(scheme.length) : published;
  return { start, end: urlEnd, text: written };
}

/** Where text[start, end) ends without its trailing punctuation (TRAILING_PUNCTUATION). */
function withoutTrailingPunctuation(text: string, start: number, end: number): number {
  let urlEnd = end;
  while (urlEnd > start && TRAILING_PUNCTUATION.has(text[urlEnd - 1]!)) urlEnd--;
  return urlEnd;
}

/**
 * `url` without its login (withoutLogin). It fails closed: a URL that may still hide one (mayHideLogin),
 * and one that is too long, past the body's parse budget or that the URL parser rejects while it has an
 * "@" or a sign of a login (a "#" or a "/" in a password, a port out of range), is cut to its host.
 */
function publishedUrl(url: string, budget: ParseBudget): string {
  if (!MAY_CARRY_LOGIN.test(url)) return url;
  if (!parseable(url, budget)) {
    return url.includes('@') || mayHideLogin(url) ? hostOf(url, url.lastIndexOf('@')) : url;
  }
  const published = withoutLogin(url);
  if (!mayHideLogin(published)) return published;
  const authority = (PORT_OR_PASSWORD.test(published) ? LOGIN_AUTHORITY : AUTHORITY).exec(published)?.[0] ?? '';
  return hostOf(published, authority.lastIndexOf('@'));
}

/** Whether the URL parser reads `url`; false, unasked, when it is too long or the body's parse budget is spent. */
function parseable(url: string, budget: ParseBudget): boolean {
  if (url.length > LONGEST_URL || budget.left <= 0) return false;
  budget.left--;
  budget.work.parsed++;
  budget.work.parsedCharacters += url.length;
  return URL.canParse(url);
}

/** The scheme and host of `url`: what follows its login (the "@" at `loginEnd`, if any), up to a path, query or fragment. */
function hostOf(url: string, loginEnd: number): string {
  const scheme = SCHEME_AT_START.exec(url)?.[0] ?? '';
  const afterLogin = url.slice(Math.max(scheme.length, loginEnd + 1));
  return scheme.toLowerCase() + (/^[^/\\?#]*/.exec(afterLogin)?.[0] ?? '');
}
