// Keys written twice in one JSON object. JSON.parse keeps the last value without a word (RFC 8259 §4 only
// says names "SHOULD be unique"), so a config.json with two "sources" arrays lost the first array's feeds
// silently: a tryout pasted a second list under the first and half its sources were never polled.

/** A key written more than once in one object: its JSON path segments (the key last) and the lines it is on. */
export interface DuplicateJsonKey {
  path: (string | number)[];
  lines: number[];
}

interface ObjectFrame {
  kind: 'object';
  path: (string | number)[];
  /** Key → the lines it was written on, in this object. */
  keys: Map<string, number[]>;
  /** The key whose value comes next; null while a key is expected. */
  key: string | null;
}

interface ArrayFrame {
  kind: 'array';
  path: (string | number)[];
  index: number;
}

/**
 * Every key written more than once in one object of `text`, at any depth, in the order their first repeat is
 * met. `text` must be valid JSON (JSON.parse accepted it): this reads its structure, not its grammar.
 */
export function duplicateJsonKeys(text: string): DuplicateJsonKey[] {
  const stack: (ObjectFrame | ArrayFrame)[] = [];
  const found: { frame: ObjectFrame; key: string }[] = [];
  let line = 1;
  const childPath = (): (string | number)[] => {
    const top = stack.at(-1);
    if (!top) return [];
    return [...top.path, top.kind === 'object' ? (top.key ?? '') : top.index];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.key === null) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const lines = top.keys.get(key);
        if (lines) {
          if (lines.length === 1) found.push({ frame: top, key });
          lines.push(line);
        } else top.keys.set(key, [line]);
        top.key = key;
      }
      i = end; // a JSON string holds no raw newline
    } else if (c === '{') stack.push({ kind: 'object', path: childPath(), keys: new Map(), key: null });
    else if (c === '[') stack.push({ kind: 'array', path: childPath(), index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.key = null;
      else if (top) top.index++;
    }
  }
  return found.map(({ frame, key }) => ({ path: [...frame.path, key], lines: frame.keys.get(key)! }));
}
