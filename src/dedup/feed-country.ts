// The country a feed reports from, as weak evidence of where a report that names no place happened. A national outlet's
// weather, lottery draw or jobless figure names no place, as its readers know where it is: "Wetter: Gewitter im Süden" from
// a German broadcaster and "Wetter: Schwül mit Gewittern auf der Alpennordseite … Im Tessin" from a Swiss paper are told
// alike and are two reports. The feed's country comes from its declared language's region ("de-CH") or, failing that,
// from its link's country-code domain (".ch", ".at"); it only ever vetoes (score-story.ts `placeConflict`, `homesApart`).
import { placesOf, type Place } from './place-names.js';

/**
 * Country-code domains sold for other uses than the country's (".io" start-ups, ".tv" video, ".fm" radio, ".me", ".co"
 * as a short ".com", ".ai"): a link there says nothing of where the outlet is.
 */
const GENERIC_COUNTRY_DOMAINS = new Set(['io', 'co', 'tv', 'fm', 'me', 'ai', 'ly', 'to', 'cc', 'ws', 'gg', 'nu', 'tk', 'am', 'ac', 'sh']);
/** Domains whose code is not the country's ISO code. */
const DOMAIN_COUNTRY: Record<string, string> = { uk: 'GB' };

let countryCodes: ReadonlySet<string> | null = null;

/** The ISO country codes the place list knows a name of (every country). */
function knownCountries(): ReadonlySet<string> {
  if (countryCodes === null) {
    const codes = new Set<string>();
    for (const place of placesOf(null).values()) for (const code of place.names) codes.add(code);
    countryCodes = codes;
  }
  return countryCodes;
}

/**
 * The country a feed reports from: the region of the first of its language tags that has one (the item's own, then the
 * source's configured one: "de-CH" → CH, "de_at" → AT), else its link's country-code domain ("nzz.ch" → CH, "bbc.co.uk" →
 * GB); null when neither says one, or when they disagree.
 */
export function feedCountry(languages: readonly (string | null | undefined)[], link: string | null | undefined): string | null {
  let region: string | null = null;
  for (const language of languages) {
    region = /^[a-z]{2,3}[-_]([a-z]{2})$/i.exec(language?.trim() ?? '')?.[1]?.toUpperCase() ?? null;
    if (region !== null) break;
  }
  const domain = link ? linkCountry(link) : null;
  const known = knownCountries();
  const fromLanguage = region !== null && known.has(region) ? region : null;
  const fromDomain = domain !== null && known.has(domain) ? domain : null;
  if (fromLanguage !== null && fromDomain !== null && fromLanguage !== fromDomain) return null;
  return fromLanguage ?? fromDomain;
}

/**
 * A link's scheme and host when that is all its origin holds: http(s), a host of ASCII letters, digits, dots and hyphens
 * (no punycode, which the URL parser checks), a port, then the path, query or fragment or nothing. The URL parser reads
 * such a link's host from exactly these characters, and what follows cannot make it fail, so the link's country is its
 * origin's. Anything else is parsed whole.
 */
const PLAIN_ORIGIN = /^https?:\/\/(?![^/?#]*xn--)[a-z0-9.-]+(?::\d+)?(?=[/?#]|$)/i;
/** Country of each plain origin seen (`PLAIN_ORIGIN`): every item's link is read, and a feed's links share a few origins. */
const originCountries = new Map<string, string | null>();
const ORIGIN_CACHE_LIMIT = 10_000;

/** The country of a link's country-code domain ("nzz.ch" → CH, "bbc.co.uk" → GB), null for none or no URL. */
function linkCountry(link: string): string | null {
  const origin = PLAIN_ORIGIN.exec(link)?.[0];
  if (origin === undefined) return domainCountry(link);
  let country = originCountries.get(origin);
  if (country === undefined) {
    if (originCountries.size >= ORIGIN_CACHE_LIMIT) originCountries.clear();
    originCountries.set(origin, (country = domainCountry(origin)));
  }
  return country;
}

function domainCountry(link: string): string | null {
  try {
    const top = new URL(link).hostname.split('.').pop()!.toLowerCase();
    if (/^[a-z]{2}$/.test(top) && !GENERIC_COUNTRY_DOMAINS.has(top)) return DOMAIN_COUNTRY[top] ?? top.toUpperCase();
  } catch {
    // No URL: no domain.
  }
  return null;
}

/** What one report says of its country: where its feed is, whether its text names a place, all of them in that country. */
export interface Home {
  country: string;
  named: boolean;
}

/**
 * The report's home: its feed's country when it has a lead (a headline alone names no place too often to mean anything) and
 * every place its title and lead name lies in that country (a town or region of it, or the country itself); null otherwise.
 */
export function homeOf(feed: string | null, leadWords: number, textPlaces: readonly string[], language: string | null): Home | null {
  if (feed === null || leadWords === 0) return null;
  const places = placesOf(language);
  const inCountry = (place: Place | undefined): boolean =>
    place !== undefined && (place.names.includes(feed) || place.townIn.includes(feed));
  if (!textPlaces.every((p) => inCountry(places.get(p)))) return null;
  const key = `${feed}${textPlaces.length > 0 ? '+' : ''}`;
  let home = homes.get(key);
  if (home === undefined) homes.set(key, (home = Object.freeze({ country: feed, named: textPlaces.length > 0 })));
  return home;
}

/** One frozen object per country and kind: the window holds every item's features, most of them of a few feeds' countries. */
const homes = new Map<string, Home>();

/**
 * Two reports at home in two countries, at least one of them naming a place there: the Swiss paper's weather naming the
 * Tessin and the German broadcaster's weather naming nothing are the weather of two countries. Both naming nothing is no
 * evidence (an Austrian and a German outlet telling one company's news), and a report naming a place abroad has no home.
 * The story's side is its newest `newest` members, all at home in one country.
 */
export function homesApart(item: Home | null, members: readonly { home: Home | null }[], newest: number): boolean {
  if (item === null || members.length === 0) return false;
  let named = item.named;
  const country = members.at(-1)!.home?.country;
  for (let i = Math.max(0, members.length - newest); i < members.length; i++) {
    const home = members[i]!.home;
    if (home === null || home.country !== country) return false;
    named ||= home.named;
  }
  return named && country !== item.country;
}
