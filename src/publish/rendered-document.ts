// A document as served and written: bytes, both precompressed forms and its validators.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface RenderedDocument {
  body: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  /** Strong ETag from the content digest: same bytes, same tag, across renders and restarts. */
  etag: string;
  /** HTTP date of the newest update shown. */
  lastModified: string;
  contentType: string;
}

// Compressing every page every cycle would dominate publishing (brotli is the slow part), and
// most documents do not change between cycles: remember the compressed forms by digest.
// Brotli quality 6: on a 115 KB Atom page 4.5 ms against 52 ms at quality 9, same size within 1%.
const compressed = new Map<string, { gzip: Buffer; brotli: Buffer }>();
const COMPRESSED_KEPT = 512;

function compress(digest: string, body: Buffer): { gzip: Buffer; brotli: Buffer } {
  const hit = compressed.get(digest);
  if (hit) {
    compressed.delete(digest);
    compressed.set(digest, hit);
    return hit;
  }
  const result = {
    gzip: gzipSync(body, { level: 9 }),
    brotli: brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 6,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }),
  };
  compressed.set(digest, result);
  if (compressed.size > COMPRESSED_KEPT) compressed.delete(compressed.keys().next().value!);
  return result;
}

/** Wraps rendered text as a servable document; `updated` (ISO) becomes Last-Modified. */
export function toRenderedDocument(text: string, contentType: string, updated: string): RenderedDocument {
  const body = Buffer.from(text, 'utf8');
  const digest = createHash('sha256').update(body).digest('base64url');
  return {
    body,
    ...compress(digest, body),
    etag: `"${digest.slice(0, 32)}"`,
    lastModified: new Date(updated).toUTCString(),
    contentType,
  };
}
