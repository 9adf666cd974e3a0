// `feedmerge parse FILE|URL…`: runs each input through exactly the decode + parse + normalise path of
// polling (parseFeed) and prints what came out. Inputs are handled one at a time so thousands of them
// run in one process with flat memory.
import type { FetchSettings } from '../fetch/fetch-feed.js';
import { readLocalFile } from '../fetch/read-local-file.js';
import { parseFeed, ParseError } from '../parse/parse-feed.js';

export interface FetchedBody {
  body: Buffer;
  contentType: string | null;
  finalUrl: string;
}

export interface ParseCommandOptions {
  json: boolean;
  /** The fetch limits; a file is read as polling reads a local source (size cap, one-line error). */
  settings: FetchSettings;
  /** Fetches an http(s) input; the lead wires it to fetchFeed so URLs go through the real fetch stage. */
  fetch?: (url: string) => Promise<FetchedBody>;
}

/** Parses every input and writes one result per input; resolves to 0 when all parsed, 1 when any failed. */
export async function runParseCommand(inputs: string[], options: ParseCommandOptions, write: (line: string) => void): Promise<number> {
  let failures = 0;
  for (const input of inputs) {
    try {
      const { body, contentType, url } = await readInput(input, options);
      const feed = await parseFeed(body, { contentType, url, fetchedAt: new Date().toISOString() });
      if (options.json) {
        write(
          JSON.stringify({
            input,
            format: feed.format,
            title: feed.title,
            // Read, but not whole (cut off): polling would record it on the source.
            ...(feed.warning ? { warning: feed.warning } : {}),
            items: feed.items.map((item) => ({
              title: item.title,
              url: item.url,
              guid: item.guid,
              published: item.published,
              summary: item.summary,
            })),
          }),
        );
      } else {
        const newest = feed.items
          .map((item) => item.published)
          .filter((d): d is string => d !== null)
          .sort()
          .at(-1);
        write(
          `ok    ${input}  ${feed.format}  "${feed.title}"  ${feed.items.length} item${feed.items.length === 1 ? '' : 's'}${newest ? `, newest ${newest}` : ''}`,
        );
        const first = feed.items[0];
        if (first) write(`      first: "${first.title}"${first.url ? ` <${first.url}>` : ''}`);
        if (feed.warning) write(`      warning: ${feed.warning}`);
      }
    } catch (error) {
      failures++;
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof ParseError ? error.code : ((error as { code?: unknown } | null)?.code ?? null);
      if (options.json) write(JSON.stringify({ input, error: message, code: typeof code === 'string' ? code : null }));
      // A file error names its code already ("cannot read /x.xml: ENOENT (no such file)").
      else write(`FAIL  ${input}  ${typeof code === 'string' && !message.includes(code) ? `${code}: ` : ''}${message}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

async function readInput(
  input: string,
  options: ParseCommandOptions,
): Promise<{ body: Uint8Array; contentType: string | null; url: string | null }> {
  if (/^https?:\/\//i.test(input)) {
    if (!options.fetch) throw new Error(`cannot fetch ${input}: no fetcher configured`);
    const fetched = await options.fetch(input);
    return { body: fetched.body, contentType: fetched.contentType, url: fetched.finalUrl };
  }
  // A file has no URL to resolve relative links against; the feed's own site link is used instead.
  const outcome = await readLocalFile(input, options.settings);
  if (outcome.kind === 'failed') throw new FileReadError(outcome.error, outcome.cause);
  if (outcome.kind !== 'fetched') throw new Error(`cannot read ${input}: ${outcome.kind}`); // a file is never 'not-modified'
  return { body: outcome.body, contentType: null, url: null };
}

/** A file input that cannot be read, worded as polling words it, its cause (ENOENT, …) as the code. */
class FileReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
