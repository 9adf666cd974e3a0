// A login is written out as well as linked: a newsletter's lead says "read online: https://…?token=…",
// and a link's text is often its own URL. safeHtml drops an href or src carrying a login; these take it
// out of the text, as published source URLs lose it (withoutLogin), so the key is not handed on either way.
import { carriesLogin, withoutLogin } from './without-login.js';

// An http(s) URL in plain text runs to whitespace, a quote or an angle bracket.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+/gi;
// In serialised HTML it also ends at an escaped bracket or quote; "&amp;" stays inside (a query's "&").
const URL_IN_HTML = /\bhttps?:\/\/(?:(?!&(?:lt|gt|quot|#39);)[^\s<>"'])+/gi;
// Sentence punctuation right after a URL belongs to the sentence ("… https://x/?token=k." keeps its ".").
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

/** Plain `text` with each http(s) URL in it that carries a login (carriesLogin) written without it. */
export function withoutLoginsInText(text: string): string {
  return text.replace(URL_IN_TEXT, withoutLoginInMatch);
}

/** The same for serialised HTML (text and attribute values, with `&` written `&amp;`). */
export function withoutLoginsInHtml(html: string): string {
  return html.replace(URL_IN_HTML, (match) => withoutLoginInMatch(match.replaceAll('&amp;', '&')).replaceAll('&', '&amp;'));
}

function withoutLoginInMatch(match: string): string {
  const punctuation = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
  const url = match.slice(0, match.length - punctuation.length);
  return carriesLogin(url) ? `${withoutLogin(url)}${punctuation}` : match;
}
