// Wire-service noise that says nothing about the event: agency names, datelines, edition markers.
// Kept as data so a new marker is one line; each entry says where it comes from.
// Applied to the raw text (case matters for some: "UPDATE 2" in capitals is a wire marker,
// "update" in a sentence is a word) and only for matching, never for display.

export interface MarkerPattern {
  pattern: RegExp;
  /** Where we saw it. */
  seenIn: string;
  /** A literal every match contains: texts without it skip the pattern (most texts, most patterns). */
  needs?: string;
}

/** Agency codes as they appear in parentheses and datelines ("Berlin (dpa) -", "(dpa/lby)"). */
const AGENCIES =
  'dpa(?:-AFX)?(?:/[a-z]{2,4})?|AFP|AP|Reuters|rtr|KNA|epd|dts|ots|OTS|APA|SDA|sda|Keystone-SDA|ANP|Belga|AFX|dapd|idw|red|ddp|Bloomberg|Xinhua|EFE|Europa Press|ANSA|Lusa';

/** French and Spanish live labels: stripped from a title (MARKER_PATTERNS) and read as live coverage (LIVE_COVERAGE). */
const LIVE_LABELS_FR_ES = 'En direct|Direct|Directo|En directo|En vivo';
/** franceinfo's "DIRECT. …", closed by a full stop, in capitals only ("Live. Laugh. Love." is a title's own words). */
const FRANCEINFO_DIRECT = /^\s*(?:EN )?DIRECT\.\s+/u;

export const MARKER_PATTERNS: readonly MarkerPattern[] = [
  // First, so that the prefixes below find the start of the text.
  { pattern: /\+\+\+/gu, seenIn: 'ticker titles "+++ Eilmeldung +++"', needs: '+++' },
  // "Berlin (dpa) - ", "Köln (ots) - ", "Maxhütte-Haidhof (dpa/lby) - ": dateline with agency.
  {
    pattern: new RegExp(`^\\s*[\\p{Lu}][\\p{L}.\\-/ ]{0,40}\\s*\\((?:${AGENCIES})(?:[^)]{0,20})\\)\\s*[-–—:]\\s*`, 'u'),
    seenIn: 'dpa, ots, dpa/lby leads',
    needs: '(',
  },
  // "(dpa)", "(AFP)", "(dpa/lnw)" anywhere.
  { pattern: new RegExp(`\\((?:${AGENCIES})(?:[^)]{0,20})\\)`, 'giu'), seenIn: 'agency credits in titles and leads', needs: '(' },
  // "dpa-AFX:", "dpa-AFX-Überblick", "Reuters -", "AFP:", "EFE –" as a standalone credit.
  {
    pattern: /(?<![\p{L}\d])(?:dpa-AFX(?:-Überblick)?|dpa|AFP|Reuters|APA|KNA|epd|EFE|Europa Press|ANSA)\s*[:\-–—]\s*/gu,
    seenIn: 'finanznachrichten, boerse feeds',
  },
  // Edition markers of the wires: "ROUNDUP 2/", "UPDATE 2-", "KORREKTUR/", "WDH/", "ÜBERSICHT".
  {
    pattern:
      /(?<![\p{L}\d])(?:ROUNDUP|UPDATE|WRAPUP|KORREKTUR|WDH|REFILE|CORRECTED|RPT|ÜBERSICHT|AKTIE IM FOKUS|EXCLUSIVE|BREAKING|EILMELDUNG|INTERVIEW|ANALYSE|PROGNOSE|FOKUS)(?:\s*\d(?!\d))?(?![\p{L}\d])\s*[:/\-–—]?\s*/gu,
    seenIn: 'dpa-AFX and Reuters German/English wire titles ("UPDATE 1-", "WRAPUP 2-", "REFILE-", "CORRECTED-", "RPT-")',
  },
  {
    pattern:
      /^\s*(?:Eilmeldung|Liveblog|Live-Blog|Live|Ticker|Newsticker|Update|Exklusiv|Exclusive|Breaking(?: News)?|Korrektur|Kommentar)\s*(?:\+\+\+|[:\-–—|])\s*/iu,
    seenIn: 'tagesschau, n-tv, spiegel liveblog titles',
  },
  // The French and Spanish labels, and "Direct" / "Urgent", which are English words too ("Direct-to-consumer sales …",
  // "Urgent-care chains …"): only a colon, a bar or a dash with spaces around it closes them. franceinfo's "DIRECT." closes
  // with a full stop, taken only in capitals ("Live. Laugh. Love.", "Kommentar. Die …" are a title's own words).
  {
    pattern: new RegExp(
      `^\\s*(?:(?:${LIVE_LABELS_FR_ES}|Última hora|Dernière minute|Alerte info|Urgent|Urgente)\\s*(?:[:|]|\\s[\\-–—]\\s))\\s*`,
      'iu',
    ),
    seenIn: 'franceinfo, Le Monde "EN DIRECT -"; RTVE, El País "DIRECTO |", "ÚLTIMA HORA |"',
  },
  { pattern: FRANCEINFO_DIRECT, seenIn: 'franceinfo "DIRECT. Budget de la Sécu : …"' },
  // Left bare after "+++ Eilmeldung +++" lost its pluses.
  { pattern: /^\s*(?:Eilmeldung|Breaking News|Liveblog|Newsticker)\s+/iu, seenIn: 'n-tv, bild ticker titles' },
  {
    pattern: /\((?:Zusammenfassung|Korrektur|Wiederholung|aktualisiert|updated?|Video|Foto|Fotos|Audio|Podcast|Liveblog|Ticker)\)/giu,
    seenIn: 'wire summaries and media labels',
    needs: '(',
  },
  // Trailing site names after a pipe or a dash before a domain: "… | tagesschau.de", "… - n-tv.de".
  // (A dash before words is left alone: "Ukraine-Krieg – Selenskyj warnt" is content.)
  {
    pattern: /\s+\|\s+[^|]{2,50}$|\s+[–—-]\s+[\w.-]+\.(?:de|at|ch|com|net|org|eu)$/u,
    seenIn: 'titles scraped with the site name appended',
  },
];

/**
 * Headline labels of a feed's live coverage of an event as it happens: a ticker or live blog opened before a match, a vote, a
 * storm ("Live: Zverev gegen Draper – Viertelfinale", "Ticker: Davis Cup, Deutschland gegen Argentinien", "… – live"). The
 * feed then reports the outcome itself within hours, so its report and its ticker are one event (own-follow-up.ts).
 */
const LIVE_COVERAGE: readonly RegExp[] = [
  new RegExp(
    `^\\s*(?:\\+\\+\\+\\s*)?(?:Live|Liveblog|Live-Blog|Live-?Ticker|Ticker|Newsticker|Live updates?|${LIVE_LABELS_FR_ES})\\s*(?:\\+\\+\\+|[:|]|\\s[\\-–—]\\s)`,
    'iu',
  ),
  FRANCEINFO_DIRECT,
  /\((?:Liveblog|Live-?Ticker|Ticker|live)\)/iu,
  // The Guardian's and the BBC's live pages: "… day one – live", "… – live updates", "… as it happened".
  /\s[–—-]\s*(?:live(?: updates| coverage)?|as it happened)\s*$/iu,
];

/** True when the title labels the item as the feed's live coverage of an event (`LIVE_COVERAGE`). */
export function isLiveCoverage(title: string): boolean {
  return LIVE_COVERAGE.some((pattern) => pattern.test(title));
}

/** True when the text announces itself as a correction (the story's `updated` then moves). */
export function isCorrection(text: string): boolean {
  return /\bKORREKTUR\b|\(Korrektur\)|^Korrektur\s*[:\-–]|\bCORRECTED\b|\bCORRECTION\b/u.test(text);
}

/**
 * Headline tags by which a wire re-sends a story it already sent: an update with new figures, a summary of the day so far,
 * a correction, a refile or a repeat. Case matters where the wire writes the tag in capitals ("UPDATE 2-" is a tag, "update"
 * in a sentence is a word). Not tags: a flash ("Eilmeldung", "BREAKING", "EIL": the first word on an event, which the
 * update then updates) and story forms that are news of their own ("FACTBOX", "ANALYSIS", "INTERVIEW", "EXCLUSIVE").
 */
export const UPDATE_MARKERS: readonly MarkerPattern[] = [
  {
    pattern: /(?<![\p{L}\d])(?:ROUNDUP|UPDATE|WRAPUP)(?:\s*\d{1,2})?(?![\p{L}\d])/u,
    seenIn: 'dpa-AFX "ROUNDUP 2:", "ROUNDUP/"; Reuters "UPDATE 1-", "WRAPUP 2-" (the story re-sent with what came since)',
  },
  {
    pattern: /(?<![\p{L}\d])(?:KORREKTUR|WDH|REFILE|CORRECTED|CORRECTION|RPT)(?![\p{L}\d])/u,
    seenIn:
      'dpa-AFX "KORREKTUR/", "WDH/"; Reuters "CORRECTED-" (a wrong figure), "REFILE-" (a minor error), "RPT-" (Reuters Handbook of Journalism)',
  },
  {
    pattern: /(?<![\p{L}\d])(?:ZUSAMMENFASSUNG|ACTUALISATION|AGGIORNAMENTO|ACTUALIZACIÓN)(?![\p{L}\d])/u,
    seenIn: 'AFP German and French, ANSA, EFE tags in capitals',
  },
  {
    pattern: /^\s*(?:Update|Updated|Korrektur|Aktualisiert|Mise à jour|Actualización)\s*(?:\d{1,2}\s*)?[:\-–—|]/iu,
    seenIn: 'site titles re-sending a wire story ("Update: …", "Korrektur: …")',
  },
  {
    pattern:
      /\((?:Zusammenfassung|Neufassung|Korrektur|Wiederholung|aktualisiert|aktualisierte Fassung|updated?|corrected|actualisé|ampliación|actualización)(?:\s[^)]{0,20})?\)/iu,
    seenIn: 'dpa "(Zusammenfassung 1200)", "(Neufassung)", "(Wiederholung)"; AFP "(actualisé)"; EFE "(ampliación)"',
    needs: '(',
  },
];

/** The tag by which a wire marks `title` as an update of a story it already sent ("ROUNDUP 2", "UPDATE 1"), or null. */
export function updateMarker(title: string): string | null {
  for (const { pattern, needs } of UPDATE_MARKERS) {
    if (needs !== undefined && !title.includes(needs)) continue;
    const found = pattern.exec(title);
    if (found) return found[0].replace(/[\s:\-–—|]+$/u, '').trim();
  }
  return null;
}
