// A feed's own later report of a story other outlets told too: the fire "unter Kontrolle" four hours after the feed's
// "Großbrand in Lagerhalle", the outage's cause after the morning's outage, the quake's toll after the flash. Outlets
// follow up on the day's event within hours, without a wire's update tag ("ROUNDUP", agency-markers.ts), so the
// same-feed penalty (two items of one feed that look alike are usually two events: its daily reports, its two fires)
// kept such reports out of their own story. Within `FOLLOW_UP_WITHIN_HOURS` of the story's nearest member, with
// another outlet's report in the story (the story is an event several outlets told, not one feed's item), and with a
// telling word of the story's headline in its own (`retellingStrongHeadlineWordBits`: "Großbrand … Chempark", "Erdbeben …
// Kreta": a follow-up headlines the event it follows), the feed's report is measured as its own retelling of the story:
// it pays no same-feed penalty when it shares what a retelling shares (score-story.ts `retellingScore`: six words, two
// informative, the whole texts above `retellingAllFloor`, the leads' figures not apart), and pays it as before when it
// does not. Conflicts (figures, days, places) hold as for any item. The headline word is what tells a follow-up from the
// feed's next story on the same people: a feed words its own reports alike ("Bildungsministerin Karin Prien … mit den
// Kultusministern"), so its report of the minister's other plan an hour later shares a retelling's words with its first
// (test/dedup/retelling.test.ts) but headlines another thing. On the four calibration sets no report of another event by
// the same feed met these within six hours of a story another outlet told.
//
// A feed's live coverage is the other case: its ticker or live blog ("Live: Zverev gegen Draper", agency-markers.ts
// `isLiveCoverage`) is opened for an event whose outcome the feed then reports itself ("Zverev steht im Halbfinale"), often
// before any other outlet has. Within the same hours of its ticker the report pays no same-feed penalty, whoever else told
// the story (two tickers of one feed still pay it); they still need the score, and every conflict holds.
import type { ItemFeatures } from './item-features.js';
import type { WholeTexts } from './score-story.js';

/** Hours within which a feed's follow-up of a story is its own retelling: the first hours of an event's reporting. */
export const FOLLOW_UP_WITHIN_HOURS = 6;

/**
 * Whether the item is its feed's follow-up of a story the feed and another outlet told, within the first hours, headlining
 * it with one of the story's headline words (`whole`: what the item's and the story's whole texts share).
 */
export function followsUpOwnReport(
  f: ItemFeatures,
  members: readonly ItemFeatures[],
  sameSource: boolean,
  hoursApart: number,
  whole: WholeTexts,
): boolean {
  return (
    sameSource && hoursApart < FOLLOW_UP_WITHIN_HOURS && whole.allHeadlineAnchors >= 1 && members.some((m) => m.sourceId !== f.sourceId)
  );
}

/**
 * Whether the item and a story's item of its own feed are that feed's live coverage of an event and its report of it:
 * exactly one of the two labelled live (`ItemFeatures.liveCoverage`; two tickers of one feed are two events), within
 * `FOLLOW_UP_WITHIN_HOURS` of each other (not of another outlet's member: the ticker is what the report follows).
 */
export function followsOwnLiveCoverage(f: ItemFeatures, members: readonly ItemFeatures[]): boolean {
  return members.some(
    (m) => m.sourceId === f.sourceId && m.liveCoverage !== f.liveCoverage && Math.abs(m.atMs - f.atMs) < FOLLOW_UP_WITHIN_HOURS * 3_600_000,
  );
}
