// A feed's own later report of a story other outlets told too: the fire "unter Kontrolle" four hours after the feed's
// "Großbrand in Lagerhalle", the outage's cause after the morning's outage, the quake's toll after the flash. Outlets
// follow up on the day's event within hours, without a wire's update tag ("ROUNDUP", agency-markers.ts), so the
// same-feed penalty (two items of one feed that look alike are usually two events: its daily reports, its two fires)
// kept such reports out of their own story. Within `followUpWithinHours` of the story's nearest member, with another
// outlet's report in the story (the story is an event several outlets told, not one feed's item), the feed's report
// is measured as its own retelling of the story: it pays no same-feed penalty when it shares what a retelling shares
// (score-story.ts `retellingScore`: six words, two informative, the whole texts above `retellingAllFloor`, the leads'
// figures not apart), and pays it as before when it does not. Conflicts (figures, days, places) hold as for any item.
// On the four calibration sets no report of another event of the same feed met these within six hours of a story
// another outlet told; the next day's report of the same kind (a daily figure, a follow-up story) is hours further.
import type { ItemFeatures } from './item-features.js';

/** Hours within which a feed's follow-up of a story is its own retelling: the first hours of an event's reporting. */
export const FOLLOW_UP_WITHIN_HOURS = 6;

/** Whether the item is its feed's follow-up of a story the feed and another outlet told, within the first hours. */
export function followsUpOwnReport(f: ItemFeatures, members: readonly ItemFeatures[], sameSource: boolean, hoursApart: number): boolean {
  return sameSource && hoursApart < FOLLOW_UP_WITHIN_HOURS && members.some((m) => m.sourceId !== f.sourceId);
}
