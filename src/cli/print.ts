// How the read-only commands print: plain text for people, --json for programs.
import { resolveSourceLocation } from '../config/load-config.js';
import type { Config, OutputConfig } from '../config/schema.js';
import type { ItemExplanation } from '../dedup/explain-item.js';
import type { ReclusterReport } from '../dedup/recluster.js';
import type { StoryWithItems } from '../model.js';
import type { Store } from '../store/store.js';
import type { SourceReport } from '../worker/poll-cycle.js';
import { headlineOf } from '../publish/headline-from-lead.js';
import { selectStories } from '../publish/render-publication.js';
import { urlKey } from './sources-file.js';

type Out = NodeJS.WritableStream;

/** An item as people read it: its title, else its lead's opening (a JSON Feed note has only content), as the feeds and the page head it. */
const shown = (item: { title: string; summary: string }): string => headlineOf(item.title, item.summary);

/** `feedmerge stories`: every story (of one output) with its members. */
export async function printStories(store: Store, output: OutputConfig | undefined, options: { json?: boolean }, out: Out): Promise<void> {
  let stories: StoryWithItems[];
  if (output) {
    // The output's own selection (sources, include/exclude, categories, languages, age), every page.
    stories = await selectStories(store, output, new Date(), Number.MAX_SAFE_INTEGER);
  } else {
    stories = await store.stories.list({ limit: Number.MAX_SAFE_INTEGER });
  }
  if (options.json) {
    out.write(`${JSON.stringify(stories.map(storyJson), null, 2)}\n`);
    return;
  }
  for (const story of stories) {
    out.write(`${story.published}  ${headlineOf(story.title, story.representative.summary)}  [${story.id}]\n`);
    for (const item of story.items) out.write(`    ${item.sourceId}: ${shown(item)}  ${item.url ?? '(no link)'}\n`);
  }
  out.write(`${stories.length} ${stories.length === 1 ? 'story' : 'stories'}\n`);
}

/** The `stories --json` shape: an item's url is its link exactly as the source published it, its guid the feed's guid/id (null when it has none). */
export function storyJson(story: StoryWithItems) {
  return {
    id: story.id,
    title: story.title,
    url: story.url,
    published: story.published,
    updated: story.updated,
    items: story.items.map((item) => ({
      source: item.sourceId,
      guid: item.guid,
      url: item.url,
      title: item.title,
      published: item.published ?? item.firstSeen,
    })),
  };
}

/** `feedmerge sources`: each source's polling state. */
export async function printSources(store: Store, config: Config, options: { json?: boolean }, out: Out): Promise<void> {
  const states = await store.sources.all();
  const counts = await store.items.countBySource();
  const unstored = await store.sources.storeFailures();
  const rows = config.sources.map((source) => {
    const state = states.get(source.id);
    return {
      id: source.id,
      url: state?.currentUrl ?? source.url,
      configuredUrl: source.url,
      enabled: source.enabled && !state?.disabledReason,
      disabledReason: source.enabled ? (state?.disabledReason ?? null) : 'disabled in config',
      lastFetchAt: state?.lastFetchAt ?? null,
      lastSuccessAt: state?.lastSuccessAt ?? null,
      lastStatus: state?.lastStatus ?? null,
      lastError: state?.lastError ?? null,
      /** lastError's stable code (fetch/failure-cause.ts): what the public page words, never the line itself. */
      lastErrorCause: state?.lastErrorCause ?? null,
      /** The last feed parsed was not whole (cut off); its whole items were stored. Null once a whole one is. */
      warning: state?.warning ?? null,
      nextPollAt: state?.nextPollAt ?? null,
      consecutiveFailures: state?.consecutiveFailures ?? 0,
      etag: state?.etag ?? null,
      lastModified: state?.lastModified ?? null,
      redirect: state?.redirectTarget ? { target: state.redirectTarget, seen: state.redirectSeen } : null,
      items: counts.get(source.id) ?? 0,
      /** The last poll the store could not keep (our failure, not the feed's), until one is stored. */
      notStored: unstored.get(source.id) ?? null,
    };
  });
  if (options.json) {
    out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const sameFeedAs = earlierSourceOfSameFeed(config);
  const disabledInConfig = new Set(config.sources.filter((s) => !s.enabled).map((s) => s.id));
  for (const r of rows) {
    out.write(`${r.id}  ${r.url}\n`);
    const earlier = sameFeedAs.get(r.id);
    if (earlier) {
      out.write(
        `    WARNING: the same feed as source "${earlier}": it is polled and stored twice and counted as two sources of its stories; list it once in ${config.path}\n`,
      );
    }
    // The feed a configured page advertises, or where a confirmed permanent redirect led.
    if (r.url !== r.configuredUrl) out.write(`    polled instead of the configured ${r.configuredUrl}\n`);
    out.write(
      `    items ${r.items}, last fetch ${r.lastFetchAt ?? 'never'}, HTTP ${r.lastStatus ?? '-'}, next poll ${r.enabled ? (r.nextPollAt ?? 'now') : 'never (disabled)'}\n`,
    );
    if (disabledInConfig.has(r.id)) out.write(`    DISABLED: ${disabledInConfigText(r.id, config.path)}\n`);
    else if (r.disabledReason) out.write(`    DISABLED: ${r.disabledReason} (re-enable: feedmerge sources enable ${r.id})\n`);
    if (r.lastError)
      out.write(
        `    last error: ${r.lastError} (${r.consecutiveFailures} ${r.consecutiveFailures === 1 ? 'failure' : 'failures'} in a row)\n`,
      );
    if (r.warning) out.write(`    WARNING: ${r.warning}\n`);
    if (r.notStored) out.write(`    NOT STORED at ${r.notStored.at}: ${r.notStored.error} (our failure, not counted against the source)\n`);
    if (r.etag || r.lastModified) out.write(`    validators: ETag ${r.etag ?? '-'}, Last-Modified ${r.lastModified ?? '-'}\n`);
    if (r.redirect)
      out.write(`    permanent redirect to ${r.redirect.target} seen ${r.redirect.seen === 1 ? 'once' : `${r.redirect.seen} times`}\n`);
  }
}

/**
 * Each enabled source whose feed an earlier enabled source already names (two ids, or another spelling:
 * `HTTP://X.example:80/rss`, a #fragment, a relative and an absolute path), with that earlier source's id.
 * The config accepts it (tests and old files list one feed twice), so `sources` says so.
 */
function earlierSourceOfSameFeed(config: Config): Map<string, string> {
  const firstByFeed = new Map<string, string>();
  const earlier = new Map<string, string>();
  for (const source of config.sources) {
    if (!source.enabled) continue;
    const location = resolveSourceLocation(source.url, config);
    const key = /^https?:\/\//i.test(location) ? urlKey(location) : location;
    const first = firstByFeed.get(key);
    if (first === undefined) firstByFeed.set(key, source.id);
    else earlier.set(source.id, first);
  }
  return earlier;
}

/**
 * The leads `explain` names untitled story members and stories by (an explanation carries only their
 * titles), by item id: those of untitled members and of each story's representative.
 */
export async function explanationLeads(store: Store, explanations: readonly ItemExplanation[]): Promise<Map<number, string>> {
  const ids = new Set<number>();
  for (const e of explanations) {
    if (e.story && !e.story.title) ids.add(e.story.representativeItemId);
    for (const m of e.storyMembers) if (!m.title) ids.add(m.itemId);
  }
  const items = ids.size ? await store.items.byIds([...ids]) : [];
  return new Map(items.map((item) => [item.id, item.summary]));
}

/** `feedmerge explain`: the story, the rule, every score component, the matched item, the window. */
export function printExplanation(
  explanations: ItemExplanation[],
  config: Config,
  options: { json?: boolean },
  out: Out,
  leads: ReadonlyMap<number, string> = new Map(),
): void {
  if (options.json) {
    out.write(`${JSON.stringify(explanations, null, 2)}\n`);
    return;
  }
  if (explanations.length === 0) {
    out.write(
      'no stored item has that link, guid, key or id (`feedmerge stories` lists the stored items with their links and story ids)\n',
    );
    return;
  }
  for (const e of explanations) {
    out.write(`item ${e.item.id} from ${e.item.sourceId}: ${shown(e.item)}\n`);
    out.write(
      `  link: ${e.item.url ?? '(none)'}${e.item.canonicalUrl && e.item.canonicalUrl !== e.item.url ? ` (canonical ${e.item.canonicalUrl})` : ''}\n`,
    );
    out.write(`  published ${e.item.published ?? '-'}, first seen ${e.item.firstSeen}\n`);
    if (e.story)
      out.write(
        `  story ${e.story.id}: ${headlineOf(e.story.title, leads.get(e.story.representativeItemId) ?? '')} (${e.storyMembers.length === 1 ? '1 item' : `${e.storyMembers.length} items`})\n`,
      );
    for (const m of e.storyMembers)
      out.write(`    - item ${m.itemId} from ${m.sourceId}: ${headlineOf(m.title, leads.get(m.itemId) ?? '')}\n`);
    if (!e.decision) {
      out.write('  not placed yet\n');
      continue;
    }
    out.write(
      `  rule: ${e.decision.rule}, score ${e.decision.score.toFixed(3)}${e.window.threshold !== null ? ` (threshold ${e.window.threshold})` : ''}\n`,
    );
    if (e.matchedItem) out.write(`  matched item ${e.matchedItem.id} from ${e.matchedItem.sourceId}: ${shown(e.matchedItem)}\n`);
    out.write(`  window: ${e.window.hours ?? config.dedup.windowHours} h\n`);
    // The window and threshold stand on the lines above; the rest is what the rule weighed.
    const components = Object.entries(e.decision.components).filter(([name]) => name !== 'windowHours' && name !== 'threshold');
    if (components.length > 0) out.write('  components:\n');
    for (const [name, value] of components)
      out.write(`    ${name}: ${typeof value === 'number' ? Number(value.toFixed(4)) : String(value)}\n`);
    if (e.evidence) {
      const v = e.evidence;
      const bits = (n: number | null): string => (n === null ? '?' : n.toFixed(1));
      out.write(
        `  evidence (${v.of}${v.view ? `, ${v.view}` : ''}${v.retelling ? ', retelling' : ''}): shared ${bits(v.sharedBits)} bits, chance ${bits(v.expectedBits)}, of ${bits(v.normaliserBits)}\n`,
      );
      out.write(`    shared words: ${v.sharedTerms.map((t) => `${t.term} (${t.bits.toFixed(1)})`).join(', ') || '(none)'}\n`);
      out.write(`    conflicts: ${v.conflicts.join(', ') || 'none'}\n`);
      if (v.updateRule)
        out.write(
          `    update rule: applied (${e.normalised?.updateMarker ?? 'update tag'}): the item re-sends this story, so changed figures do not veto and its feed costs nothing\n`,
        );
      out.write(`    story core (${v.core.members ?? '?'} ${v.core.members === 1 ? 'member' : 'members'}): ${v.core.terms.join(' ')}\n`);
    }
    if (e.normalised) {
      out.write(`  language: ${languageText(e.normalised.language, e.item, config)}\n`);
      const noWords = e.item.title.trim() === '' ? '(no title)' : '(no word of the title left once stopwords are dropped)';
      out.write(`  as matched: ${e.normalised.title || noWords}\n`);
      out.write(`  evidence terms: ${e.normalised.terms.join(' ') || '(none)'}\n`);
    }
  }
}

/**
 * The language the matcher read an item in, and where it came from. A poll stores the feed's tag, or the
 * source's `language` in the config when the feed has none (worker/poll-cycle.ts), and keeps no note of which,
 * so a stored language is named as either; the current config's setting is added, since it may differ from the
 * one the poll read. With none stored the matcher takes the config's, else a guess from the words
 * (dedup/detect-language.ts). Undetected, it says what that means for matching and how to set it.
 */
function languageText(language: string | null, item: { language: string | null; sourceId: string }, config: Config): string {
  if (language === null) {
    return (
      'not detected (the title and lead are too short, or hold too few common words of de, en, fr, es, it or nl): ' +
      `matched with every word, unstemmed; set "language" on source "${item.sourceId}" in the config if its feed does not declare one`
    );
  }
  const base = (tag: string | null | undefined): string | undefined => tag?.trim().toLowerCase().split(/[-_]/)[0];
  const configured = config.sources.find((s) => s.id === item.sourceId)?.language;
  const inConfig = configured ? `source "${item.sourceId}" has "language": "${configured}" in the config` : undefined;
  if (base(item.language) === language) {
    return `${language} (stored as "${item.language}" from the feed's language tag or the source's "language" setting${inConfig ? `; ${inConfig} now` : ''})`;
  }
  if (base(configured) === language)
    return `${language} (${inConfig}; the item was stored without one: its feed had no language tag and the config then set none)`;
  return `${language} (guessed from the title and lead)`;
}

/**
 * `poll --once` run by hand a second time finds every source "not due": the line that says how to poll now.
 * None when a source was polled, and none when every source is disabled, since --all would poll nothing either.
 */
export function nothingDueHint(report: { sources: readonly Pick<SourceReport, 'status'>[] }): string | null {
  const statuses = report.sources.map((s) => s.status);
  if (!statuses.includes('not-due') || !statuses.every((s) => s === 'not-due' || s === 'disabled')) return null;
  return 'nothing was due; `feedmerge poll --once --all` polls every enabled source now';
}

/** `feedmerge recluster`: merges gained and lost, with titles, and how many listed story ids go. */
export function printRecluster(report: ReclusterReport, out: Out): void {
  out.write(
    `${report.dryRun ? 'dry run (nothing written)' : 'applied'}: ${report.items} items, stories ${report.storiesBefore} → ${report.storiesAfter}\n`,
  );
  out.write(`settings: threshold ${report.settings.threshold}, window ${report.settings.windowHours} h\n`);
  out.write(`merges gained: ${report.mergesGained.length}\n`);
  for (const c of report.mergesGained) out.write(`  + "${c.itemTitle}" now with "${c.otherTitle}"\n`);
  out.write(`merges lost: ${report.mergesLost.length}\n`);
  for (const c of report.mergesLost) out.write(`  - "${c.itemTitle}" no longer with "${c.otherTitle}"\n`);
  out.write(
    `story ids gone: ${report.idsAbsorbed} (each Atom output announces those it would still list, up to limit × 5, naming the story holding their items)\n`,
  );
}

/** Why a source the config file disables is not polled, and how to turn it on (`sources enable` cannot). */
export function disabledInConfigText(id: string, configPath: string): string {
  return `source "${id}" is disabled in ${configPath} ("enabled": false); to poll it, set "enabled": true there and reload a running service (systemctl reload feedmerge, or kill -HUP)`;
}
