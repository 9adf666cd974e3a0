// What a feed reader library hands back, translated into our own shape before any normalisation.
// Both libraries (rss-parser, @rowanmanning/feed-parser) and the JSON Feed reader produce this, so the
// normalisation in normalise-feed.ts is written once. All strings are as published (HTML may be in them).
import type { XmlBases } from './xml-base-scopes.js';

export interface RawEnclosure {
  url: string;
  type: string | null;
  length: string | number | null;
  /** media:content's `medium` attribute, when given. */
  medium?: string | null;
  /** Playing time as published: itunes:duration text (RSS), duration_in_seconds (JSON Feed). */
  duration?: string | number | null;
}

export interface RawItem {
  guid: string | null;
  title: string | null;
  /** True when the title is known to be plain text (JSON Feed, Atom type="text"); else it may hold HTML. */
  titleIsPlainText: boolean;
  link: string | null;
  /** RSS description / Atom summary / JSON summary: usually HTML. */
  description: string | null;
  /** content:encoded / Atom content / JSON content_html: HTML. */
  contentHtml: string | null;
  /** JSON Feed content_text. */
  contentText: string | null;
  author: string | null;
  categories: string[];
  published: string | null;
  updated: string | null;
  enclosures: RawEnclosure[];
}

export interface RawFeed {
  title: string | null;
  link: string | null;
  language: string | null;
  ttl: string | null;
  skipHours: string[];
  skipDays: string[];
  updatePeriod: string | null;
  updateFrequency: string | null;
  items: RawItem[];
  /** The xml:base scopes of an XML document that has any (xml-base-scopes.ts); one per item, in order. */
  xmlBases?: XmlBases;
}
