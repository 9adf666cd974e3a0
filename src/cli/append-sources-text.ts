// `sources add` and `sources import` append to config.json as a person would: after the last source, in
// its layout (the shipped file keeps one source per line), and the first source into an empty list or a
// new "sources" key. Re-serialising the whole file instead turned the shipped 30-line config into 100
// lines of one key each, and `git diff` showed every line changed.

export interface Span {
  start: number;
  end: number;
}

/** Where the root object's parts lie in the text. */
export interface RootLayout {
  /** The offset of the root's opening brace, and of the start of its first key (-1: no key). */
  open: number;
  firstKey: number;
  /** The offset of the root's closing brace. */
  close: number;
  /** The root's "sources" array: the offset of its key, its brackets and its elements; null without one. */
  sources: { key: number; open: number; close: number; elements: Span[] } | null;
}

/**
 * The config text with `added` appended to its top-level "sources" array, each written like the last
 * source there (one line or several, the same indentation and spacing); with no source to copy (an
 * empty array, or no "sources" key, which then goes before the root's closing brace) written as the
 * file writes its other objects. Null when the edit would not parse back to the same data.
 */
export function appendSourcesText(text: string, added: readonly object[]): string | null {
  const layout = rootLayout(text);
  if (!layout) return null;
  const edited = layout.sources?.elements.length
    ? afterLastSource(text, layout.sources.elements, added)
    : firstSources(text, layout, added);
  if (edited === null) return null;
  try {
    const expected = JSON.parse(text) as { sources?: object[] };
    expected.sources = [...(expected.sources ?? []), ...added];
    return JSON.stringify(JSON.parse(edited)) === JSON.stringify(expected) ? edited : null;
  } catch {
    return null;
  }
}

/** `added` after the last of `elements`, each written like it. */
function afterLastSource(text: string, elements: readonly Span[], added: readonly object[]): string | null {
  const last = elements.at(-1)!;
  const separatorEnd = last.start;
  let separatorStart = separatorEnd;
  while (separatorStart > 0 && /\s/.test(text[separatorStart - 1]!)) separatorStart--;
  const separator = `,${text.slice(separatorStart, separatorEnd)}`;
  const lastText = text.slice(last.start, last.end);
  const indent = text.slice(text.lastIndexOf('\n', separatorEnd - 1) + 1, separatorEnd);
  if (lastText.includes('\n') && /\S/.test(indent)) return null; // `[{` on one line: no indentation to copy
  const render = lastText.includes('\n') ? severalLines(lastText, indent) : oneLine(lastText);
  return text.slice(0, last.end) + added.map((source) => separator + render(source)).join('') + text.slice(last.end);
}

/**
 * `added` as the first sources: into the empty array, or as a "sources" key after the root's last one.
 * A file laid out over lines gets the list over lines, one step (the root keys' indentation) deeper,
 * each source written like the file's first nested object: on one line (`{ "host": … }`, as the
 * shipped file writes "server" and its outputs) or one key per line; a file on one line gets the list
 * on that line. An empty root (`{}`) gets the shipped file's layout.
 */
function firstSources(text: string, layout: RootLayout, added: readonly object[]): string {
  const keyAt = layout.sources?.key ?? layout.firstKey;
  const model = firstNestedObject(text, layout);
  if (keyAt >= 0 && lineIndent(text, keyAt) === null) {
    const spaced = model ? /^\{\s/.test(model) : /":\s/.test(text);
    const list = added.map(oneLine(spaced ? '{ ' : '{')).join(spaced ? ', ' : ',');
    if (layout.sources) return text.slice(0, layout.sources.open + 1) + list + text.slice(layout.sources.close);
    const end = lastNonSpace(text, layout.close);
    return `${text.slice(0, end)},${spaced ? ' "sources": ' : '"sources":'}[${list}]${text.slice(end)}`;
  }
  const keyIndent = keyAt >= 0 ? lineIndent(text, keyAt)! : '  ';
  const step = keyIndent || '  ';
  const elementIndent = keyIndent + step;
  const render = model?.includes('\n')
    ? (source: object) => JSON.stringify(source, null, step).replace(/\n/g, `\n${elementIndent}`)
    : oneLine(model ?? '{ ');
  const list = `[\n${added.map((source) => elementIndent + render(source)).join(',\n')}\n${keyIndent}]`;
  if (layout.sources) return text.slice(0, layout.sources.open) + list + text.slice(layout.sources.close + 1);
  if (keyAt < 0) return `${text.slice(0, layout.open + 1)}\n${keyIndent}"sources": ${list}\n${text.slice(layout.close)}`;
  const end = lastNonSpace(text, layout.close);
  return `${text.slice(0, end)},\n${keyIndent}"sources": ${list}${text.slice(end)}`;
}

/** The whitespace before `offset` on its line, or null when something else stands before it there. */
function lineIndent(text: string, offset: number): string | null {
  const before = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  return /\S/.test(before) ? null : before;
}

/** The text of the first object inside the root ("server", an output), or null when the root holds none. */
function firstNestedObject(text: string, layout: RootLayout): string | null {
  let start = -1;
  let depth = 0;
  for (let i = layout.open + 1; i < layout.close; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return null;
      i = end - 1;
    } else if (c === '{') {
      if (start < 0) start = i;
      depth++;
    } else if (c === '}' && start >= 0 && --depth === 0) {
      return text.slice(start, i + 1);
    }
  }
  return null;
}

/** `{ "id": "a", "url": "…" }` (the shipped file's spacing) or `{"id":"a","url":"…"}`, as `model` is written. */
function oneLine(model: string): (source: object) => string {
  if (!/^\{\s/.test(model)) return (source) => JSON.stringify(source);
  return (source) =>
    `{ ${Object.entries(source)
      .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
      .join(', ')} }`;
}

/** A multi-line object indented like the last source: its own indent, and its first key's step beyond it. */
function severalLines(lastText: string, indent: string): (source: object) => string {
  const step = /\n([ \t]*)\S/.exec(lastText)?.[1]?.slice(indent.length) || '  ';
  return (source) => JSON.stringify(source, null, step).replace(/\n/g, `\n${indent}`);
}

/** Where the root object's braces, first key and "sources" array lie, or null if the text is no JSON object. */
export function rootLayout(text: string): RootLayout | null {
  let depth = 0;
  let i = 0;
  let open = -1;
  let firstKey = -1;
  let lastKey: string | null = null;
  let lastKeyAt = -1;
  let sources: RootLayout['sources'] = null;
  let inSources = false;
  let elementStart = -1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return null;
      if (depth === 1) {
        lastKey = text.slice(i, end);
        lastKeyAt = i;
        if (firstKey < 0) firstKey = i;
      } else if (depth === 2 && inSources && elementStart < 0) elementStart = i;
      i = end;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (inSources && depth === 2 && elementStart < 0 && c !== ']' && c !== ',') elementStart = i;
    if (inSources && depth === 2 && (c === ',' || c === ']')) {
      if (elementStart >= 0) sources!.elements.push({ start: elementStart, end: lastNonSpace(text, i) });
      elementStart = -1;
      if (c === ']') {
        sources!.close = i;
        inSources = false;
        depth--;
      }
    } else if (c === '[' || c === '{') {
      if (depth === 0 && c === '{') open = i;
      // A second "sources" key: JSON.parse keeps the last; the check of the edit refuses it.
      if (depth === 1 && c === '[' && lastKey === '"sources"' && !sources) {
        sources = { key: lastKeyAt, open: i, close: -1, elements: [] };
        inSources = true;
      }
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0 && c === '}') return open < 0 || (sources && sources.close < 0) ? null : { open, firstKey, close: i, sources };
    }
    i++;
  }
  return null;
}

/** The offset after the closing quote of the JSON string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** The offset just after the last non-space character before `end`. */
function lastNonSpace(text: string, end: number): number {
  let i = end;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return i;
}
