// The media files (podcast audio, video, images) a story's representative carries, as the feeds
// republish them: RSS <enclosure>, Atom rel="enclosure" links, JSON Feed attachments. Before this,
// they were parsed and stored but never published, so a merged podcast feed had no episodes to play.
// A URL that carries a login is never republished: private podcast feeds (paid, Patreon-style) sign each
// subscriber's media URLs (userinfo, ?token=, ?auth=), and the merged feed would hand them to every
// reader. A source whose own URL carries a login gives no enclosures at all, since its media are the
// subscriber's however they are spelled.
import { mediaType } from '../media-type.js';
import type { Enclosure } from '../model.js';
import { httpUrl } from './http-url.js';
import { carriesLogin } from './without-login.js';

/** At most this many per entry: a feed item with hundreds of media:content images is noise, not media. */
const maxEnclosures = 10;

/**
 * The item's enclosures with an absolute http(s) URL carrying no login, each once, a checked media type
 * and a byte length (null when unknown); none when the item's source URL (`sourceUrl`) carries a login.
 */
export function publishedEnclosures(enclosures: readonly Enclosure[] | undefined, sourceUrl: string): Enclosure[] {
  if (carriesLogin(sourceUrl)) return [];
  const seen = new Set<string>();
  const published: Enclosure[] = [];
  for (const enclosure of enclosures ?? []) {
    const url = httpUrl(enclosure.url);
    if (!url || seen.has(url) || carriesLogin(url)) continue;
    seen.add(url);
    const type = mediaType(enclosure.type);
    // A media:content image without a type (medium="image", common beside a podcast's audio) would go out
    // as application/octet-stream, which podcast apps offer as a download: it is left out.
    if (!type && enclosure.medium === 'image') continue;
    const length = enclosure.length;
    published.push({
      url,
      type,
      length: typeof length === 'number' && Number.isSafeInteger(length) && length >= 0 ? length : null,
      // Stored items are JSON: checked again, as length is.
      ...(typeof enclosure.durationSeconds === 'number' && Number.isSafeInteger(enclosure.durationSeconds) && enclosure.durationSeconds >= 0
        ? { durationSeconds: enclosure.durationSeconds }
        : {}),
    });
    if (published.length === maxEnclosures) break;
  }
  return published;
}
