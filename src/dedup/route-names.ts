// Roads and lines named by a letter code and a number ("A1", "A 7", "M25", "I-95", "B27"): a road is a line, not one
// place. A jam near one town and a crash near another on the same motorway share the road's code in both headlines, and
// traffic reports are told in the same few words, so the code made them one story. A shared road counts only together
// with a shared place: two reports that each name places along it, and none of the other's, are two events.
import { mentionsPlace } from './place-names.js';

const NONE: readonly string[] = Object.freeze([]);

/** One or two capital letters, an optional hyphen or space, one to three digits, as a word of its own. */
const ROUTE = /(?<![\p{L}\p{N}])(\p{Lu}{1,2})[- ]?(\d{1,3})(?![\p{L}\p{N}]|[.,]\d)/gu;

/** The road codes a headline names, lower case without separator ("A 7" → "a7"); a shared empty array when none. */
export function routesNamed(title: string): readonly string[] {
  let found: string[] | null = null;
  for (const match of title.matchAll(ROUTE)) {
    const route = `${match[1]!.toLowerCase()}${match[2]!}`;
    if (!found?.includes(route)) (found ??= []).push(route);
  }
  return found ?? NONE;
}

/** What the route rule reads of an item: its headline's roads, the places its title and lead name, its terms. */
interface RouteFacts {
  routes: readonly string[];
  textPlaces: readonly string[];
  terms: readonly string[];
  language: string | null;
}

/**
 * The item's headline and a member's share a road, both sides name places in their texts, and no place of either side is
 * mentioned by the other (`mentionsPlace`: its name, inflected or as a demonym, or its country or a town of it): the same road
 * at two places.
 */
export function routePlacesApart(item: RouteFacts, members: readonly RouteFacts[]): boolean {
  if (item.routes.length === 0 || item.textPlaces.length === 0) return false;
  if (!members.some((m) => m.routes.some((r) => item.routes.includes(r)))) return false;
  const memberPlaces = members.flatMap((m) => m.textPlaces);
  if (memberPlaces.length === 0) return false;
  if (item.textPlaces.some((p) => members.some((m) => mentionsPlace(m, p, item.language)))) return false;
  return !members.some((m) => m.textPlaces.some((p) => mentionsPlace(item, p, m.language)));
}
