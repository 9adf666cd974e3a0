// Keys written twice in one JSON object. JSON.parse keeps the last value without a word (RFC 8259 §4 only
// says names "SHOULD be unique"), so a config.json with two "sources" arrays lost the first array's feeds
// silently: a tryout pasted a second list under the first and half its sources were never polled.

/** A key written more than once in one object: its JSON path segments (the key last) and the lines it is on. */
export interface DuplicateJsonKey {
  path: (string | number)[];
  lines: number[];
}

// Each open object or array holds its parent and its own place in it, not a copy of its path: copying the path
// at every "{" or "[" made the scan quadratic in nesting depth (80 KB of "[" ran V8 out of memory). A path is
// built only for a duplicate, from that chain.
interface ObjectFrame {
  kind: 'object';
  parent: Frame | null;
  /** Its key or index in the parent (unused at the top). */
  segment: string | number;
  /** Key → the lines it was written on, in this object. */
  keys: Map<string, number[]>;
  /** The key whose value comes next; null while a key is expected. */
  key: string | null;
}

interface ArrayFrame {
  kind: 'array';
  parent: Frame | null;
  segment: string | number;
  index: number;
}

type Frame = ObjectFrame | ArrayFrame;

/** The JSON path of a frame: the segments from the top down to it. */
function framePath(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: Frame | null = frame; f?.parent; f = f.parent) path.push(f.segment);
  return path.reverse();
}

/**
 * Every key written more than once in one object of `text`, at any depth, in the order their first repeat is
 * met. `text` must be valid JSON (JSON.parse accepted it): this reads its structure, not its grammar. Lines
 * end at "\r\n", "\r" or "\n" (JSON allows each as whitespace).
 */
export function duplicateJsonKeys(text: string): DuplicateJsonKey[] {
  let top = null as Frame | null;
  const found: { frame: ObjectFrame; key: string }[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
    else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const frame = top;
      if (frame?.kind === 'object' && frame.key === null) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const lines = frame.keys.get(key);
        if (lines) {
          if (lines.length === 1) found.push({ frame, key });
          lines.push(line);
        } else frame.keys.set(key, [line]);
        frame.key = key;
      }
      i = end; // a JSON string holds no raw line end
    } else if (c === '{' || c === '[') {
      const parent = top;
      const segment = parent === null ? '' : parent.kind === 'object' ? (parent.key ?? '') : parent.index;
      top = c === '{' ? { kind: 'object', parent, segment, keys: new Map(), key: null } : { kind: 'array', parent, segment, index: 0 };
    } else if (c === '}' || c === ']') top = top?.parent ?? null;
    else if (c === ',') {
      if (top?.kind === 'object') top.key = null;
      else if (top) top.index++;
    }
  }
  return found.map(({ frame, key }) => ({ path: [...framePath(frame), key], lines: frame.keys.get(key)! }));
}
