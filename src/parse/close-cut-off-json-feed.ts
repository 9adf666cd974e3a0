// A JSON Feed cut off mid-document (a proxy's size limit, a server that closes early) is not JSON,
// and JSON.parse rejects all of it. This scanner finds the last point where the root object, or its
// "items" array, had just opened or had just got a complete value, and closes the open containers
// there, so that the document reads up to its last complete item. It follows strings and their
// escapes, so a brace or a quote inside a title is not taken for structure. It checks only as much
// grammar as it needs: JSON.parse still checks every byte it keeps.

/** Where a cut-off JSON Feed ended, as the operator's warning says it. */
export type JsonCutOff = 'inside an item' | 'inside the items' | 'inside the root';

export interface ClosedJsonFeed {
  /** The document up to its last safe point, with the containers still open there closed. */
  json: string;
  ended: JsonCutOff;
}

const maxDepth = 512;

interface Container {
  closer: '}' | ']';
  /** In an object: the next string is a member name (after "{" or ","), not a value. */
  expectsName: boolean;
  /** The last member name read in the root object. */
  name: string | null;
  /** The root object's "items" array. */
  isItems: boolean;
}

/**
 * `text` (a JSON object cut off before its end) closed after its last complete root member or
 * "items" element; null when `text` is not a cut-off JSON object (whole, not an object, or broken
 * before the end).
 */
export function closeCutOffJsonFeed(text: string): ClosedJsonFeed | null {
  const stack: Container[] = [];
  let safe: { end: number; closers: string } | null = null;
  const markSafe = (end: number): void => {
    // Only in the root object or its "items" array: deeper, a prefix would keep half an item.
    const top = stack.at(-1);
    if (stack.length === 1 || (stack.length === 2 && top?.isItems)) {
      safe = {
        end,
        closers: stack
          .map((c) => c.closer)
          .reverse()
          .join(''),
      };
    }
  };
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      i++;
    } else if (c === '{' || c === '[') {
      const parent = stack.at(-1);
      if (!parent ? c !== '{' : parent.closer === '}' && parent.expectsName) return null;
      // No feed nests this deep; a hostile body that does would only cost memory here.
      if (stack.length >= maxDepth) return null;
      const isItems = stack.length === 1 && parent?.name === 'items' && c === '[';
      stack.push({ closer: c === '{' ? '}' : ']', expectsName: c === '{', name: null, isItems });
      i++;
      markSafe(i);
    } else if (c === '}' || c === ']') {
      if (stack.pop()?.closer !== c) return null;
      i++;
      if (stack.length === 0) return null; // the root closed: not cut off
      markSafe(i);
    } else if (c === ',' || c === ':') {
      const top = stack.at(-1);
      if (!top) return null;
      if (top.closer === '}') top.expectsName = c === ',';
      i++;
    } else if (c === '"') {
      const end = endOfString(text, i);
      if (end < 0) break; // cut inside a string
      const top = stack.at(-1);
      if (!top) return null;
      if (top.closer === '}' && top.expectsName) {
        if (stack.length === 1) top.name = memberName(text.slice(i, end));
      } else {
        markSafe(end);
      }
      i = end;
    } else {
      // A number, true, false or null: complete only where a delimiter follows it (at the very
      // end, "12" may have been "125").
      if (stack.length === 0) return null;
      let end = i;
      while (end < n && !/[\s,:\]}"[{]/.test(text[end]!)) end++;
      if (end >= n) break;
      markSafe(end);
      i = end;
    }
  }
  if (stack.length === 0 || stack[0]!.closer !== '}' || !safe) return null;
  const { end, closers } = safe as { end: number; closers: string };
  const items = stack[1]?.isItems === true;
  const ended: JsonCutOff = items && (stack.length > 2 || i < n) ? 'inside an item' : items ? 'inside the items' : 'inside the root';
  return { json: text.slice(0, end) + closers, ended };
}

/** Index just after the string starting with the quote at `start`, or -1 when the text ends inside it. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c)
      i++; // a backslash escapes the next character, a quote too
    else if (c === 0x22) return i + 1;
  }
  return -1;
}

/** A member name as JSON reads it ("it\u0065ms" is "items"); null when the string is not valid JSON. */
function memberName(quoted: string): string | null {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return null;
  }
}
