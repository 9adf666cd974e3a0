// A media type as RFC 6838 spells it ("audio/mpeg"). Two stages need the same check: publishing writes
// only such types (publish/published-enclosures.ts), and parsing counts against its enclosure cap only
// the enclosures publishing can use (parse/normalise-feed.ts).

const mediaTypePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** The media type a type attribute names, lower-cased and without parameters, or null when it names none. */
export function mediaType(type: string | null | undefined): string | null {
  const bare = type?.split(';')[0]!.trim().toLowerCase() ?? '';
  return mediaTypePattern.test(bare) ? bare : null;
}
