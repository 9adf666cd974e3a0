// HTML (or text that may contain HTML) → one line of plain text. Used for titles and summaries only;
// the HTML body itself is kept raw and sanitised by publish.
import { decodeHTML } from 'entities';
import { asciiLowerCase } from './ascii-lower-case.js';
import { visibleText } from './visible-text.js';
import { notTextSource, withoutLoneSurrogates } from './well-formed-text.js';

// Elements dropped with their content: the start tag, then up to the first end tag of its name (in any case).
const droppedElements = ['script', 'style', 'noscript', 'template', 'iframe', 'object'];
const droppedElementStart = /<(script|style|noscript|template|iframe|object)\b/gi;
const hasDroppedElement = /<(?:script|style|noscript|template|iframe|object)\b/i;
const droppedElementEnd = new Map(droppedElements.map((name) => [name, new RegExp(`<\\/${name}\\s*>`, 'gi')]));
// Block-level tags separate words; inline ones (b, a, span) must not split "Sel<b>en</b>skyj".
// Two replaces: block tags → space (plain), then any other tag → nothing, unless it is text (below).
// The name ends where a browser ends it (whitespace, "/", ">"): "<p, p=c>" is no <p>.
const blockTag =
  /<\/?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|img|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)(?=[\t\n\f\r />])[^<>]*>/gi;
// A start or end tag: group 1 "/" for an end tag, group 2 the name (with its prefix: "o:p", "jats:p"),
// group 3 the rest. The name is taken whole ("(?=(…))\2", an atomic group): given back one character at
// a time, "<" before a long run of letters cost time quadratic in the run.
const anyTag = /<(\/?)(?=([A-Za-z][\w.-]*(?::[A-Za-z_][\w.-]*)?))\2([^<>]*)>/g;
// What HTML parses as an element (current, obsolete and foreign roots: browsers still give "image",
// "xmp" or "plaintext" their meaning). Other markup goes too when it is markup for sure: a prefixed name
// (MS Word's <o:p>, JATS <jats:p> in journal feeds), an attribute value, or a start tag that its end tag
// closes later (MathML <mrow>…</mrow>, <lj-cut>…</lj-cut>, RSS 1.0 mixed content). What stays is tag-shaped
// text that is none of these, as the Universal Feed Parser and Miniflux keep it: "<<Neu>> Kanzler tritt
// zurück", "x<y>z", "<BIGCO>", an IRC nick "<L29Ah>", "<support@github.com>". Rendered as HTML it would be an
// unknown element without attributes, which does nothing.
// "<tag/>" and "<tag a/>", but not "<http://example.com/>".
const selfClosing = /^(?:\s[^]*)?\/$/;
const htmlElements = new Set(
  (
    'a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote body br ' +
    'button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed ' +
    'fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image ' +
    'img input ins isindex kbd keygen label legend li link listing main map mark marquee math menu menuitem meta meter ' +
    'multicol nav nextid nobr noembed noframes noscript object ol optgroup option output p param picture plaintext pre ' +
    'progress q rb rp rt rtc ruby s samp script search section select slot small source spacer span strike strong style ' +
    'sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp'
  ).split(' '),
);
// SVG and MathML element names (as HTML's parser lowercases them): with an attribute value, a tag of one of
// these is markup, not text that happens to hold "<" and "=".
const foreignElements = new Set(
  (
    'altglyph altglyphdef altglyphitem animate animatecolor animatemotion animatetransform circle clippath ' +
    'color-profile cursor defs desc discard ellipse feblend fecolormatrix fecomponenttransfer fecomposite ' +
    'feconvolvematrix fediffuselighting fedisplacementmap fedistantlight fedropshadow feflood fefunca fefuncb ' +
    'fefuncg fefuncr fegaussianblur feimage femerge femergenode femorphology feoffset fepointlight ' +
    'fespecularlighting fespotlight fetile feturbulence filter font-face foreignobject g glyph glyphref hkern ' +
    'line lineargradient marker mask metadata mpath path pattern polygon polyline radialgradient rect set stop ' +
    'switch symbol text textpath tref tspan use view vkern ' +
    'maction annotation annotation-xml menclose merror mfenced mfrac mglyph mi mlabeledtr mmultiscripts mn mo ' +
    'mover mpadded mphantom mprescripts mroot mrow ms mspace msqrt mstyle msub msubsup msup mtable mtd mtext mtr ' +
    'munder munderover none semantics'
  ).split(' '),
);
// A custom element's name (HTML §4.13.3 "valid custom element name", its characters simplified), and a prefixed
// one (MS Word's o:p, JATS jats:p), as a browser reads the name: up to whitespace, "/" or ">".
const customElementName = /^[a-z][a-z0-9._\u00b7\u00c0-\ufffd]*-[a-z0-9._\u00b7\u00c0-\ufffd-]*$/;
const prefixedName = /^[a-z][\w.-]*:[a-z_][\w.-]*$/;
// An attribute name as markup writes one; a browser takes any run of characters ("&&", "folgt?", "b,").
const attributeName = /^[a-z_:][\w:.-]*$/i;
const browserTagName = /^[^\t\n\f\r />]*/;
// The rest of a tag after a name that is its whole name as a browser reads it ("<b, b=c>" names "b,", not "b").
const wholeName = /^(?:[\t\n\f\r /]|$)/;
// An event handler makes any element markup ("<neu onclick=…>"), whatever its name.
const eventHandler = /^on[a-z]+$/i;
const mayHoldEventHandler = /on[a-z]/i;
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';

/**
 * Whether a tag with an attribute value (`body`: what stands between "<" or "</" and ">") is markup: its name,
 * read as a browser reads it, is an HTML, SVG or MathML element's, a custom element's or a prefixed one (or an
 * attribute is an event handler), and each attribute name is one markup writes. Otherwise it is text holding "<" and "=" ("a<b, b=c: … a>c", name
 * "b,"; "if (a<b && c==d) … a>c", an attribute "&&"), which the rule keeps with its "<" spaced (either way,
 * no tag is left to act).
 */
function readsAsMarkup(body: string): boolean {
  const name = asciiLowerCase(browserTagName.exec(body)![0]);
  const elementName = htmlElements.has(name) || foreignElements.has(name) || customElementName.test(name) || prefixedName.test(name);
  // Most text holding "<" and "=" has neither such a name nor "on" and a letter: no attribute scan.
  if (!elementName && !mayHoldEventHandler.test(body)) return false;
  const attributes = attributeNamesOf(body.slice(name.length));
  if (!attributes.every((attribute) => attributeName.test(attribute))) return false;
  return elementName || attributes.some((attribute) => eventHandler.test(attribute));
}

// What code and formulas put after "<" and a letter but no markup writes in a tag's name or an attribute's name:
// "if (a<b && c==d) return a>c" (attributes "&&" and "c" with the value "=d)"), "x<y; y>z" (a name "y;").
const codeCharacter = /[&|()=;,!?+]/;
const codeCharacters = new Set([...'&|()=;,!?+'].map((c) => c.charCodeAt(0)));
const isCodeCharacter = (code: number): boolean => codeCharacters.has(code);

/**
 * Whether a tag's text from its name on (`body`: what stands between "<" and ">") cannot be a tag: its name or
 * an attribute name holds a character of `codeCharacter`, or an unquoted value starts with "=" ("c==d"). Such
 * text stays text, its "<" spaced, even when an end tag of its name follows ("if (a<b && c==d) return a>c;
 * sonst <b>fett</b>"); a real tag with any real attributes (`<a href="…"">`, `<span @click="go">`) is no code.
 * Linear in `body`.
 */
function readsAsCode(body: string): boolean {
  // Most tags hold none of these characters, or only inside quoted values.
  if (!codeCharacter.test(body)) return false;
  const end = body.length;
  let at = 0;
  while (at < end) {
    while (at < end && (isSpace(body[at]!) || body[at] === '/')) at++;
    if (at >= end) break;
    // The tag's name first, then the attribute names, each as attributeNamesOf reads them.
    const start = at;
    if (isCodeCharacter(body.charCodeAt(at++))) return true;
    for (; at < end && !isSpace(body[at]!) && body[at] !== '/' && (start === 0 || body[at] !== '='); at++) {
      if (isCodeCharacter(body.charCodeAt(at))) return true;
    }
    while (at < end && isSpace(body[at]!)) at++;
    if (start === 0 || body[at] !== '=') continue;
    at++;
    while (at < end && isSpace(body[at]!)) at++;
    const quote = body[at];
    if (quote === '"' || quote === "'") {
      const close = body.indexOf(quote, at + 1);
      at = close === -1 ? end : close + 1;
    } else if (quote === '=') return true;
    else while (at < end && !isSpace(body[at]!)) at++;
  }
  return false;
}

/**
 * Whether a start tag's text after its name (`rest`) still reads as code when an end tag of its name, an HTML
 * element's, closes it later: "&&", "||" or "==" outside quoted values, or a ")" closing a "(" written before
 * the tag ("if (a<b && c==d) return a>c; sonst <b>fett</b>"). A typo in a real tag (`<a href="…";>`,
 * `,target=`, `<td nowrap;>`, `<b !important>`, Angular's `<span (click)="go()">`) does not: that tag goes, as a
 * browser reads it as one. Linear in `rest`.
 */
function attributesReadAsCode(rest: string): boolean {
  let depth = 0;
  let previous = '';
  for (let at = 0; at < rest.length; at++) {
    const c = rest[at]!;
    if (isSpace(c)) continue;
    if ((c === '"' || c === "'") && previous === '=') {
      const close = rest.indexOf(c, at + 1);
      if (close === -1) return false;
      at = close;
      previous = c;
      continue;
    }
    if ((c === '&' || c === '|' || c === '=') && previous === c && rest[at - 1] === c) return true;
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return true;
    previous = c;
  }
  return false;
}

/** The attribute names a browser's tokenizer reads in a tag's text after its name (HTML §13.2.5.32–40). */
function attributeNamesOf(text: string): string[] {
  const names: string[] = [];
  const end = text.length;
  let at = 0;
  while (at < end) {
    while (at < end && (isSpace(text[at]!) || text[at] === '/')) at++;
    if (at >= end) break;
    // A name may start with "=" (a parse error, but part of the name), then runs to whitespace, "/" or "=".
    const start = at++;
    while (at < end && !isSpace(text[at]!) && text[at] !== '/' && text[at] !== '=') at++;
    names.push(text.slice(start, at));
    while (at < end && isSpace(text[at]!)) at++;
    if (text[at] !== '=') continue;
    at++;
    while (at < end && isSpace(text[at]!)) at++;
    const quote = text[at];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, at + 1);
      at = close === -1 ? end : close + 1;
    } else while (at < end && !isSpace(text[at]!)) at++;
  }
  return names;
}

// Elements whose start tag alone changes how everything after it is read (raw text, RCDATA, plaintext,
// hidden content): text holding one unpaired still loses it, a reader rendering it as HTML would swallow the rest.
const swallowingElements = new Set('iframe noembed noframes noscript object plaintext script style template textarea title xmp'.split(' '));
const blockElements = new Set(
  'address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr img li main nav ol p pre section table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
/**
 * Removes prefixed tags, tags with an attribute value (an unknown element can still carry onclick="…"),
 * self-closed ones and start and end tags that pair up; keeps the other tag-shaped text. In HTML every
 * tag of an HTML element goes too; in text (`inText`) an unpaired one without attributes stays
 * ("Use <div> for blocks"), as written, unless it would swallow what follows (`<script>`).
 */
function removeTags(text: string, inText = false): string {
  // Most leads have no tag left once the block tags are spaces ("<p>…</p>"): no match list, no maps.
  if (!text.includes('<')) return text;
  const tags = [...text.matchAll(anyTag)];
  if (tags.length === 0) return text;
  // A start tag pairs with an end tag of its name after it, an end tag with a start tag before it
  // (names in any case, as HTML reads them). The first start and the last end of each name decide: linear.
  const firstStart = new Map<string, number>();
  const lastEnd = new Map<string, number>();
  for (const tag of tags) {
    const name = asciiLowerCase(tag[2]!);
    if (tag[1] === '/') lastEnd.set(name, tag.index);
    else if (!firstStart.has(name)) firstStart.set(name, tag.index);
  }
  const parts: string[] = [];
  let copied = 0;
  for (const tag of tags) {
    const name = asciiLowerCase(tag[2]!);
    const rest = tag[3]!;
    const paired = tag[1] === '/' ? (firstStart.get(name) ?? Infinity) < tag.index : (lastEnd.get(name) ?? -1) > tag.index;
    // Text that cannot be a tag ("a<b && c==d) … a>c") stays; withoutTagsThatAct spaces its "<". A known
    // element's start tag that pairs goes unless its attributes read as code too (`<td nowrap;>…</td>` goes).
    if (
      tag[1] !== '/' &&
      readsAsCode(tag[2]! + rest) &&
      !(paired && htmlElements.has(name) && wholeName.test(rest) && !attributesReadAsCode(rest))
    ) {
      continue;
    }
    // Text holding "<" and "=" that reads as no markup ("a<b, b=c: … a>c") stays; withoutTagsThatAct spaces its "<".
    // A start tag whose name, read whole, an end tag closes later is markup whatever its attributes
    // (`<a href="…"">Link</a>`, `<lj user="tom">…</lj>`, `<span @click="go">…</span>`).
    if (rest.includes('=') && !(paired && wholeName.test(rest)) && !readsAsMarkup(tag[2]! + rest)) continue;
    const isMarkup =
      (inText ? swallowingElements.has(name) : htmlElements.has(name)) ||
      name.includes(':') ||
      rest.includes('=') ||
      selfClosing.test(rest) ||
      paired;
    if (!isMarkup) continue;
    parts.push(text.slice(copied, tag.index));
    // In HTML the block tags are spaces already (stripTags); in text a removed one still parts its words.
    if (inText && blockElements.has(name)) parts.push(' ');
    copied = tag.index + tag[0].length;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}
// Where a tag starts as an HTML tokenizer reads it: "<" and a letter, or "</" and a letter.
const tagStart = /<\/?[A-Za-z]/g;
const tagName = /^[^\s/>]*/;

/**
 * The last pass of both rules, reading tags as an HTML tokenizer does: a tag runs from "<" and a letter to the
 * next ">", whatever "<" it passes ("<img src=x onerror=f() <b>" is one img with an attribute "<b"), or to the
 * end of the text, where a reader that writes the text into its own markup (`<h2>${title}</h2>`, or a title and
 * a summary joined, `${title} ${summary}`) closes it with its own ">" and what follows gives it attributes.
 * removeTags cannot leave a complete tag that acts, but what it removes joins the text around it
 * ("<img src=x <b></b>onerror=…>", an attribute value holding "</textarea>"): such a complete tag (no "<"
 * inside) with an attribute value or a name that would swallow what follows (`<script>`) becomes a space.
 * A run with no ">" after it, or one that passes another "<", is text that a browser would read as a tag
 * ("Ungleichung a<b, b=c", "… <img src=x onerror=alert(1)//"): it keeps its text and gets a space after its
 * "<" ("a< b, b=c"), so no browser reads a tag there; each "<" it passed is read anew. Spaces, so no "<" and a
 * name meet anew. A "<" that ends the text goes (withoutLessThanAtEnd). Idempotent. Linear: each "<" is looked
 * at once, and the next ">" is remembered.
 */
export function withoutTagsThatAct(text: string): string {
  if (!text.includes('<')) return text;
  const parts: string[] = [];
  let copied = 0;
  let nextClose = -2; // the first ">" at or after the current "<" once looked up; -1: none left
  tagStart.lastIndex = 0;
  for (let found = tagStart.exec(text); found; found = tagStart.exec(text)) {
    const at = found.index;
    if (nextClose !== -1 && nextClose < at) nextClose = text.indexOf('>', at);
    const nextOpen = text.indexOf('<', at + 1);
    if (nextClose === -1 || (nextOpen !== -1 && nextOpen < nextClose)) {
      parts.push(text.slice(copied, at + 1), ' ');
      copied = at + 1;
      tagStart.lastIndex = at + 1;
      continue;
    }
    const body = text.slice(at + found[0].length - 1, nextClose);
    const name = tagName.exec(body)![0].toLowerCase();
    if (swallowingElements.has(name) || (body.includes('=') && readsAsMarkup(body))) {
      parts.push(text.slice(copied, at), ' ');
      copied = nextClose + 1;
    } else if (body.includes('=') || (found[0][1] !== '/' && readsAsCode(body))) {
      // Text holding "<" and "=" ("a<b, b=c: … a>c") or code ("x<y; y>z"): kept, its "<" spaced as for a tag left open.
      parts.push(text.slice(copied, at + 1), ' ');
      copied = at + 1;
    }
    tagStart.lastIndex = nextClose + 1;
  }
  if (parts.length === 0) return withoutLessThanAtEnd(text);
  parts.push(text.slice(copied));
  return withoutLessThanAtEnd(parts.join(''));
}

const trailingSpace = /[\s\u200b]/;

/**
 * Drops a "<" that ends the text, with the whitespace around it ("3 <" becomes "3"): a reader that glues a title
 * and its summary with nothing between (`${title}${summary}`) would read it as a tag's start, and a summary
 * opening "img src=x onerror=…>" gives that tag its name and attributes. A space after it cannot help, since
 * every reader trims a title. Only "<": "</", "<!" and "<?" glued to text make an end tag, a comment or a bogus
 * comment, which run nothing.
 */
function withoutLessThanAtEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '<' || trailingSpace.test(text[end - 1]!))) end--;
  return text.indexOf('<', end) === -1 ? text : text.slice(0, end);
}

/**
 * Drops script, style, noscript, template, iframe and object elements with their content, each from its start
 * tag to the first end tag of its name after it; a start tag with no such end tag after it stays. Linear: the
 * end tag found for a name (or that none is left) is remembered, so a run of unclosed "<script>" costs no
 * search each (as `/<(script|…)\b[\s\S]*?<\/\1\s*>/gi` did: 256 KB of "<script>" took over a second).
 */
function withoutDroppedElements(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  const ends = new Map<string, { at: number; length: number }>();
  droppedElementStart.lastIndex = 0;
  for (let found = droppedElementStart.exec(text); found; found = droppedElementStart.exec(text)) {
    const name = found[1]!.toLowerCase();
    let end = ends.get(name);
    // The start tags are read in order: an end tag found after an earlier one is the first after this one too.
    if (!end || (end.at !== -1 && end.at < droppedElementStart.lastIndex)) {
      const endTag = droppedElementEnd.get(name)!;
      endTag.lastIndex = droppedElementStart.lastIndex;
      const match = endTag.exec(text);
      end = match ? { at: match.index, length: match[0].length } : { at: -1, length: 0 };
      ends.set(name, end);
    }
    if (end.at === -1) continue;
    parts.push(text.slice(copied, found.index), ' ');
    copied = end.at + end.length;
    droppedElementStart.lastIndex = copied;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/**
 * Replaces each `open`…`close` (the first `close` after it) by what `replace` makes of its inner text; an
 * `open` with no `close` after it stays, and so does every later one (none has a `close` after it either), so
 * a run of unclosed "<!--" is read once.
 */
function replaceDelimited(text: string, open: string, close: string, replace: (inner: string) => string): string {
  const parts: string[] = [];
  let copied = 0;
  for (let at = text.indexOf(open); at !== -1; at = text.indexOf(open, copied)) {
    const end = text.indexOf(close, at + open.length);
    if (end === -1) break;
    parts.push(text.slice(copied, at), replace(text.slice(at + open.length, end)));
    copied = end + close.length;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}
const withoutComments = (text: string): string => replaceDelimited(text, '<!--', '-->', () => ' ');

const whitespace = /[\s\u00a0\u200b\u2028\u2029]+/g;
// XML 1.0 §2.2 excludes the C0 controls; they also break the XML that publish writes (STACK.md "feed"
// trap). C1 controls (U+0080–U+009F) are legal XML but never text: they are what windows-1252 bytes
// 0x81/0x8D/0x8F/0x90/0x9D (undefined there) or mislabelled Latin-1 leave behind.
// Plus what wellFormedText removes after the rule (noncharacters in every plane): its list, shared.
const illegalCharactersSource = `[\\u007f-\\u009f]|${notTextSource}`;
const illegalCharacters = new RegExp(illegalCharactersSource, 'g');
const hasIllegalCharacter = new RegExp(illegalCharactersSource);
// Either of the two classes below, in one pattern.
const needsCleaning = /[\u0000-\u001f\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\ufffe\uffff]| {2}/;
const needsCollapsing = /[\t\n\v\f\r\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/**
 * Strips tags (dropping script/style bodies), decodes entities once and collapses whitespace. Markup the
 * HTML holds as text (`<code>&lt;div&gt;</code>`, `&amp;lt;b&amp;gt;`) is text, and the plain-text rule
 * (stripTagsFromText) applies to it after decoding: "Use <div> for blocks" keeps its unpaired "<div>", while
 * "<b>Eil</b>", "<img src=x onerror=…>" and "<script>…</script>" go. Titles and summaries are plain text with
 * no HTML tag left in them in every output, as some readers render them as HTML.
 */
export function htmlToPlainText(html: string): string {
  let text = html;
  if (text.includes('<![CDATA[')) text = replaceDelimited(text, '<![CDATA[', ']]>', (inner) => inner);
  text = stripTags(text);
  if (text.includes('&')) text = stripTagsFromText(decodeHTML(text));
  return collapseWhitespace(text);
}

/**
 * `text` with each block tag a space, unless it is text that cannot be a tag ("if (x<p && p==q) … x>q"); such a
 * start tag that an end tag of its name closes later still goes when only a typo made it so (`<td nowrap;>`,
 * attributesReadAsCode). The end tags are found once, when the first such tag is seen: linear.
 */
function blockTagsAsSpaces(text: string): string {
  let lastEnd: Map<string, number> | undefined;
  return text.replace(blockTag, (tag: string, offset: number) => {
    if (tag[1] === '/') return ' ';
    const body = tag.slice(1, -1);
    if (!readsAsCode(body)) return ' ';
    const name = asciiLowerCase(blockTagName.exec(body)![0]);
    const rest = body.slice(name.length);
    if (attributesReadAsCode(rest)) return tag;
    if (lastEnd === undefined) {
      lastEnd = new Map();
      for (const found of text.matchAll(blockTag)) {
        if (found[0][1] === '/') lastEnd.set(asciiLowerCase(blockTagName.exec(found[0].slice(2))![0]), found.index);
      }
    }
    return (lastEnd.get(name) ?? -1) > offset ? ' ' : tag;
  });
}
const blockTagName = /^[A-Za-z0-9]*/;

/**
 * Removes every tag (script/style elements with their content), without decoding entities. Idempotent;
 * a lone "<" ("a < b") stays, and so does tag-shaped text that is no markup ("<<Neu>>", above).
 */
export function stripTags(text: string): string {
  if (!text.includes('<')) return text;
  let out = withoutIllegalCharacters(text);
  // Each pass only when its construct can be there: this runs for every title and lead.
  if (out.includes('<!--')) out = withoutComments(out);
  if (hasDroppedElement.test(out)) out = withoutDroppedElements(out);
  return withoutTagsThatAct(removeTags(blockTagsAsSpaces(out)));
}

/**
 * The plain-text rule, for text that is plain by its format (a plain Atom title, JSON Feed's content_text)
 * or by decoding (markup written as text in HTML): script/style elements go with their content, and so
 * does every tag stripTags removes except an unpaired HTML tag without attributes, which is text as
 * written ("Use <div> for blocks") and does nothing rendered as HTML; one that would swallow what follows
 * (a lone "<script>", "<textarea>") goes. Some readers render titles and summaries as HTML, so no tag that
 * could act there may survive, in any output. Idempotent.
 */
export function stripTagsFromText(text: string): string {
  if (!text.includes('<')) return text;
  let out = withoutIllegalCharacters(text);
  if (out.includes('<!--')) out = withoutComments(out);
  if (hasDroppedElement.test(out)) out = withoutDroppedElements(out);
  return withoutTagsThatAct(removeTags(out, true));
}

/**
 * The current rule applied again to plain text it or an earlier rule made (a stored title, lead, author or
 * category keeps the rule of the day it was stored until its feed changes it; before noncharacters went first,
 * "<\ufdd0img src=x onerror=…>" was stored as a live "<img …>"), whitespace collapsed where it changed something.
 * Returns text this rule made as it is, but for a tag that removing an inner tag joined ("<x<b></b>>y</x>" is
 * stored as "<x>y</x>"), which it removes: publishing only ever removes more. Text with no "<" costs one scan.
 */
export function plainTextAgain(text: string): string {
  if (!text.includes('<')) return text;
  const again = stripTagsFromText(text);
  return again === text ? text : collapseWhitespace(again);
}

/**
 * Removes XML-illegal control characters before the tags are read: removed after, "<scr\u0000ipt>" (which a
 * browser reads as an unknown element, U+FFFD in its name) was left as unknown tag-shaped text and became
 * "<script>". Lone surrogates become U+FFFD first, as wellFormedText does, so that no removal pairs two
 * halves into a noncharacter that a later step removes ("<\ud83f\u0000\udfffimg …" became "<img …"). The
 * invisible characters visibleText removes from titles and leads go here too ("<\u202eimg …" became "<img …").
 */
function withoutIllegalCharacters(text: string): string {
  const whole = withoutLoneSurrogates(text);
  return visibleText(hasIllegalCharacter.test(whole) ? whole.replace(illegalCharacters, '') : whole);
}

/** Removes XML-illegal control characters and collapses runs of whitespace into one space. */
export function collapseWhitespace(text: string): string {
  // One scan decides for the common title or lead: nothing to remove, nothing to collapse.
  if (!needsCleaning.test(text)) return text.trim();
  const legal = withoutIllegalCharacters(text);
  // Most titles have single ASCII spaces only: skip the replace for them.
  return needsCollapsing.test(legal) ? legal.replace(whitespace, ' ').trim() : legal.trim();
}

/** Cuts plain text at a word boundary near `max` characters, marking the cut with "…". */
export function truncatePlainText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  // Never leave half a surrogate pair (emoji) at the end.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const lastSpace = cut.lastIndexOf(' ');
  const base = lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut;
  // Cut inside a tag that was complete ("<" and a long name, then ">"), its "<" would be left open.
  return withoutTagsThatAct(`${base.replace(/[\s,;:.–-]+$/, '')}…`);
}
