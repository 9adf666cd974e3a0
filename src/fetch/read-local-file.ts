// Local file sources (demos, offline runs): read under the same size cap as HTTP bodies, no network.
import { open } from 'node:fs/promises';
import { bodyTooLarge, describeFetchError, oneLine } from './fetch-error-text.js';
import type { FetchOutcome, FetchSettings } from './fetch-feed.js';

/** Reads a feed file as a 'fetched' outcome (status 200, mtime as Last-Modified), or 'failed'. */
export async function readLocalFile(file: string, settings: FetchSettings): Promise<FetchOutcome> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return cannotRead(file, error, settings);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      return { kind: 'failed', status: null, cause: 'NOT_A_REGULAR_FILE', error: `not a regular file: ${oneLine(file)}` };
    if (stats.size > settings.maxBodyBytes)
      return { kind: 'failed', status: null, cause: 'BODY_TOO_LARGE', error: bodyTooLarge(settings.maxBodyBytes) };
    // Read at most cap + 1 bytes: the file may grow between stat and read.
    const buffer = Buffer.alloc(Math.min(stats.size, settings.maxBodyBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        if (length > settings.maxBodyBytes)
          return { kind: 'failed', status: null, cause: 'BODY_TOO_LARGE', error: bodyTooLarge(settings.maxBodyBytes) };
        break;
      }
    }
    return {
      kind: 'fetched',
      status: 200,
      finalUrl: file,
      body: buffer.subarray(0, length),
      contentType: null,
      // Files get no conditional read (reading is cheap and the worker's body hash skips unchanged
      // content); the mtime is still reported as Last-Modified so `feedmerge sources` can show it.
      etag: null,
      lastModified: stats.mtime.toUTCString(),
      cache: { freshUntil: null, expires: null, requestSentAt: null },
      permanentRedirect: null,
    };
  } catch (error) {
    return cannotRead(file, error, settings);
  } finally {
    await handle.close();
  }
}

/** A file that cannot be opened or read: the errno is the cause, the line names the file too. */
function cannotRead(file: string, error: unknown, settings: FetchSettings): FetchOutcome {
  const { cause, error: why } = describeFetchError(error, settings);
  return { kind: 'failed', status: null, cause, error: `cannot read ${oneLine(file)}: ${why}` };
}
