// MD5 of a text for the matcher's digests (no security meaning). One-shot hashing (Node ≥ 20.12) skips creating a Hash
// object per item; older Node 20 (package.json allows 20.11) falls back to createHash. The digest is the same bytes.
import crypto from 'node:crypto';

const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex' | 'base64') => string }).hash;

export function md5Digest(text: string, encoding: 'hex' | 'base64'): string {
  return oneShotHash ? oneShotHash('md5', text, encoding) : crypto.createHash('md5').update(text).digest(encoding);
}
