// How sax (under rss-parser, strict) reads markup from its text state, character for character as its
// state machine does (node_modules/sax/lib/sax.js 1.6): where a comment, processing instruction, tag or
// markup declaration ends, and so where CDATA sections really are. A scan that skips "<!--" or
// "<![CDATA[" by looking for them alone is led astray by one written inside a processing instruction
// ("<?x <!-- ?>") or an attribute value ('<x a="<!--"/>'), which sax reads as their text.

// sax's name and entity characters, and its whitespace (only these four).
const nameStart =
  /[:_A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const nameBody =
  /[:_A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u00B7\u0300-\u036F\u203F-\u2040.\d-]/;
const entityStart =
  /[#:_A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const entityBody = nameBody;
const isWhitespace = (c: string): boolean => c === ' ' || c === '\n' || c === '\r' || c === '\t';
const isQuote = (c: string): boolean => c === '"' || c === "'";

/** Index just after sax's end of the comment whose content starts at `from` ("--" then ">"; "--->" does not end it), -1: none. */
export function commentEnd(xml: string, from: number): number {
  for (let dashes = xml.indexOf('--', from); dashes >= 0; dashes = xml.indexOf('--', dashes + 3)) {
    if (xml.charAt(dashes + 2) === '>') return dashes + 3;
  }
  return -1;
}

/** Index just after sax's end of the processing instruction whose name starts at `from` ("?" then ">"; in "??>" the second "?" is text), -1: none. */
export function processingInstructionEnd(xml: string, from: number): number {
  for (let mark = xml.indexOf('?', from); mark >= 0; mark = xml.indexOf('?', mark + 2)) {
    if (xml.charAt(mark + 1) === '>') return mark + 2;
  }
  return -1;
}

/** Index just after sax's end of the CDATA section whose content starts at `from`, -1: none. */
function cdataEnd(xml: string, from: number): number {
  const end = xml.indexOf(']]>', from);
  return end < 0 ? -1 : end + 3;
}

/** Index just after sax's end of the start tag whose name starts at `from` (quoted values and entities in them followed), -1: none. */
function startTagEnd(xml: string, from: number): number {
  let state: 'name' | 'slash' | 'attribute' | 'attributeName' | 'afterName' | 'value' | 'quoted' | 'closed' | 'unquoted' = 'name';
  let quote = '';
  // In an entity of a value (after "&"): its length so far, -1 outside one. Its first other character but ";" is value text (a quote too).
  let entity = -1;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charAt(i);
    if (entity >= 0) {
      if (c !== ';' && (entity === 0 ? entityStart : entityBody).test(c)) entity++;
      else entity = -1;
      continue;
    }
    switch (state) {
      case 'name':
        if (nameBody.test(c)) break;
        if (c === '>') return i + 1;
        state = c === '/' ? 'slash' : 'attribute';
        break;
      case 'slash':
        if (c === '>') return i + 1;
        state = 'attribute';
        break;
      case 'attribute':
        if (c === '>') return i + 1;
        if (c === '/') state = 'slash';
        else if (nameStart.test(c)) state = 'attributeName';
        break;
      case 'attributeName':
      case 'afterName':
        if (c === '=') state = 'value';
        else if (c === '>') return i + 1;
        else if (isWhitespace(c)) state = 'afterName';
        else if (state === 'afterName') state = nameStart.test(c) ? 'attributeName' : 'attribute';
        break;
      case 'value':
        if (isWhitespace(c)) break;
        if (isQuote(c)) {
          quote = c;
          state = 'quoted';
          // Any other first character is the value's, "&" and ">" too.
        } else state = 'unquoted';
        break;
      case 'quoted':
        if (c === quote) state = 'closed';
        else if (c === '&') entity = 0;
        break;
      case 'closed':
        if (c === '>') return i + 1;
        if (isWhitespace(c)) state = 'attribute';
        else if (c === '/') state = 'slash';
        else if (nameStart.test(c)) state = 'attributeName';
        break;
      case 'unquoted':
        if (c === '>') return i + 1;
        if (isWhitespace(c)) state = 'attribute';
        else if (c === '&') entity = 0;
        break;
    }
  }
  return -1;
}

/**
 * True when sax's "<" at `at` in text is consumed by an entity: an "&" in the text from `textFrom` whose
 * name runs up to it ("&a<" is text "&a<" to sax, so what follows the "<" is text too).
 */
function consumedByEntity(xml: string, textFrom: number, at: number): boolean {
  for (let amp = xml.indexOf('&', textFrom); amp >= 0 && amp < at;) {
    let end = amp + 1;
    if (end < at && entityStart.test(xml.charAt(end))) for (end++; end < at && entityBody.test(xml.charAt(end)); end++);
    if (end === at) return true;
    // ";" ends the reference; any other character after the name is text with it.
    amp = xml.indexOf('&', end + 1);
  }
  return false;
}

/** Where a "<" (then sax's whitespace) starts: the index of the character sax decides by. */
export function afterLessThan(xml: string, at: number): number {
  let next = at + 1;
  while (isWhitespace(xml.charAt(next))) next++;
  return next;
}

/**
 * The content ranges [from, to) of the CDATA sections sax reads in `xml`, in document order, with every
 * "<" for which `isText(xml, at)` holds read as text ("&lt;", as the caller writes it). An unterminated
 * one runs to the end. Where sax's reading is not followed here (a DOCTYPE after the start, whose internal
 * subset switches states), the list stops: past it, no CDATA section is known, which only makes the caller
 * treat more as text. Linear: each character is read a bounded number of times.
 */
export function saxCdataSections(xml: string, isText: (xml: string, at: number) => boolean): [number, number][] {
  const sections: [number, number][] = [];
  let text = 0;
  for (let at = xml.indexOf('<'); at >= 0; at = xml.indexOf('<', text)) {
    if (consumedByEntity(xml, text, at) || isText(xml, at)) {
      text = at + 1;
      continue;
    }
    const decided = afterLessThan(xml, at);
    const c = xml.charAt(decided);
    let end: number;
    if (c === '!') {
      if (xml.startsWith('--', decided + 1)) end = commentEnd(xml, decided + 3);
      else if (/^\[CDATA\[/i.test(xml.slice(decided + 1, decided + 8))) {
        end = cdataEnd(xml, decided + 8);
        sections.push([decided + 8, end < 0 ? xml.length : end - 3]);
      } else if (/^DOCTYPE/i.test(xml.slice(decided + 1, decided + 8))) return sections;
      else {
        // A declaration: up to ">", or the rest of the document after a quote (sax never leaves that state).
        let close = decided + 1;
        while (close < xml.length && xml.charAt(close) !== '>' && !isQuote(xml.charAt(close))) close++;
        end = close < xml.length && xml.charAt(close) === '>' ? close + 1 : -1;
      }
    } else if (c === '?') end = processingInstructionEnd(xml, decided + 1);
    else if (c === '/') {
      // An end tag: up to the first ">" after its name; before a name starts, sax takes any other character
      // (a ">" too) as part of the tag ("</>x<a>" is one end tag "a").
      let name = decided + 1;
      while (name < xml.length && !nameStart.test(xml.charAt(name))) name++;
      const close = xml.indexOf('>', name + 1);
      end = close < 0 ? -1 : close + 1;
    } else if (nameStart.test(c)) end = startTagEnd(xml, decided + 1);
    // "Unencoded <": the "<" and the character after it are text.
    else end = decided + 1;
    if (end < 0) return sections;
    text = end;
  }
  return sections;
}
