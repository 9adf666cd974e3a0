// One start tag read at a given "<", for the two linear scanners of parse/ (xml-base-scopes.ts over the
// feed document, absolute-urls-in-html.ts over an item's HTML). No regex over the rest of the text:
// every character of the tag is looked at once, so a hostile document costs time in its length only.

import { asciiLowerCase } from './ascii-lower-case.js';

export interface TagAttribute {
  /** As written (the scanners compare it in ASCII lower case). */
  name: string;
  /** Where the name starts in the text. */
  nameStart: number;
  /** The raw value, entities not decoded; '' for an attribute without one. */
  value: string;
  /** Where the value starts and ends in the text, quotes included: what a rewrite replaces. */
  valueStart: number;
  valueEnd: number;
}

export interface StartTag {
  name: string;
  attributes: TagAttribute[];
  /** Index just after the tag. */
  end: number;
  selfClosing: boolean;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

/**
 * The start tag at `lt` (text[lt] is "<" and a name follows), or null when the text ends inside it (an
 * unclosed quote or no ">"). A "<" where an attribute would start ends the tag there, as in broken HTML.
 */
export function readStartTag(text: string, lt: number): StartTag | null {
  const n = text.length;
  let i = lt + 1;
  while (i < n && !isSpace(text[i]) && text[i] !== '>' && text[i] !== '/' && text[i] !== '<') i++;
  const name = text.slice(lt + 1, i);
  const attributes: TagAttribute[] = [];
  for (;;) {
    while (i < n && isSpace(text[i])) i++;
    if (i >= n) return null;
    const c = text[i]!;
    if (c === '>') return { name, attributes, end: i + 1, selfClosing: false };
    if (c === '<') return { name, attributes, end: i, selfClosing: false };
    if (c === '/') {
      if (text[i + 1] === '>') return { name, attributes, end: i + 2, selfClosing: true };
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && !isSpace(text[i]) && text[i] !== '=' && text[i] !== '>' && text[i] !== '/' && text[i] !== '<') i++;
    const attributeName = text.slice(nameStart, i);
    let j = i;
    while (j < n && isSpace(text[j])) j++;
    if (text[j] !== '=') {
      attributes.push({ name: attributeName, nameStart, value: '', valueStart: i, valueEnd: i });
      continue;
    }
    j++;
    while (j < n && isSpace(text[j])) j++;
    if (j >= n) return null;
    const quote = text[j];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, j + 1);
      if (close < 0) return null;
      attributes.push({ name: attributeName, nameStart, value: text.slice(j + 1, close), valueStart: j, valueEnd: close + 1 });
      i = close + 1;
    } else {
      let k = j;
      while (k < n && !isSpace(text[k]) && text[k] !== '>' && text[k] !== '<') k++;
      attributes.push({ name: attributeName, nameStart, value: text.slice(j, k), valueStart: j, valueEnd: k });
      i = k;
    }
  }
}

/** The value of the first attribute called `name` (lower case; compared in ASCII lower case), raw; undefined when absent. */
export function attributeValue(tag: StartTag, name: string): TagAttribute | undefined {
  return tag.attributes.find((a) => asciiLowerCase(a.name) === name);
}
