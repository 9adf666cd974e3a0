// `sources add` and `sources import` append to config.json as a person would: after the last source, in
// its layout (the shipped file keeps one source per line). Re-serialising the whole file instead turned
// the shipped 30-line config into 100 lines of one key each, and `git diff` showed every line changed.

interface Span {
  start: number;
  end: number;
}

/**
 * The config text with `added` appended to its top-level "sources" array, each written like the last
 * source there (one line or several, the same indentation and spacing); null when the text gives no
 * source to copy (no "sources", an empty array) or the edit would not parse back to the same data.
 */
export function appendSourcesText(text: string, added: readonly object[]): string | null {
  const elements = topLevelSourcesElements(text);
  const last = elements?.at(-1);
  if (!elements || !last) return null;
  const separatorEnd = last.start;
  let separatorStart = separatorEnd;
  while (separatorStart > 0 && /\s/.test(text[separatorStart - 1]!)) separatorStart--;
  const separator = `,${text.slice(separatorStart, separatorEnd)}`;
  const lastText = text.slice(last.start, last.end);
  const indent = text.slice(text.lastIndexOf('\n', separatorEnd - 1) + 1, separatorEnd);
  if (lastText.includes('\n') && /\S/.test(indent)) return null; // `[{` on one line: no indentation to copy
  const render = lastText.includes('\n') ? severalLines(lastText, indent) : oneLine(lastText);
  const edited = text.slice(0, last.end) + added.map((source) => separator + render(source)).join('') + text.slice(last.end);
  try {
    const expected = JSON.parse(text) as { sources: object[] };
    expected.sources = [...expected.sources, ...added];
    return JSON.stringify(JSON.parse(edited)) === JSON.stringify(expected) ? edited : null;
  } catch {
    return null;
  }
}

/** `{ "id": "a", "url": "…" }` (the shipped file's spacing) or `{"id":"a","url":"…"}`, as the last source is written. */
function oneLine(lastText: string): (source: object) => string {
  if (!/^\{\s/.test(lastText)) return (source) => JSON.stringify(source);
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

/** The spans of the elements of the root object's "sources" array, or null if it has none (or the text is no JSON object). */
function topLevelSourcesElements(text: string): Span[] | null {
  let depth = 0;
  let i = 0;
  let lastKey: string | null = null;
  let elements: Span[] | null = null;
  let elementStart = -1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return null;
      if (depth === 1) lastKey = text.slice(i, end);
      else if (depth === 2 && elements && elementStart < 0) elementStart = i;
      i = end;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const inSources = depth === 2 && elements !== null;
    if (inSources && elementStart < 0 && c !== ']' && c !== ',') elementStart = i;
    if (inSources && (c === ',' || c === ']')) {
      if (elementStart >= 0) elements!.push({ start: elementStart, end: lastNonSpace(text, i) });
      if (c === ']') return elements;
      elementStart = -1;
    } else if (c === '[' || c === '{') {
      if (depth === 1 && c === '[' && lastKey === '"sources"') elements = [];
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
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
