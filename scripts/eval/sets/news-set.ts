// The multi-outlet news sets, one JSON object per line:
// {id, outlet, event, title, summary, url, published, role: "report" | "distractor", note}; `event` is the label.
// The sets share this format and this reader: eval/heldout-de and eval/heldout-de-2 (held-out: never tuned on), eval/calibration-de,
// eval/calibration-de-2, eval/calibration-de-3, eval/calibration-de-4 (German) and eval/calibration-en (English) (calibration: may be
// tuned on).
import { existsSync } from 'node:fs';
import { sourceIdOf, type LabelledItem } from '../real-path-run.js';
import { readJsonl } from './read-jsonl.js';

interface NewsRow {
  id: string;
  outlet: string;
  event: string;
  title: string;
  summary: string;
  url: string;
  published: string;
  role: 'report' | 'distractor';
}

export interface NewsItem extends LabelledItem {
  role: 'report' | 'distractor';
}

/** One news set as the eval knows it: its `--only` key, its name and role in EVAL.md, and its file. */
export interface NewsSet {
  key: 'heldout' | 'heldout2' | 'calde' | 'calde2' | 'calde3' | 'calde4' | 'calen';
  name: string;
  /** Its section's heading in EVAL.md. */
  heading: string;
  role: 'held-out' | 'calibration';
  file: string;
  /** Prefixed to each row's id, so two sets' items never share a key. */
  idPrefix: string;
  /** How the set came about, for EVAL.md's section. */
  origin: string;
  /** ISO 639-1 language of its items, declared by the eval's generated feeds as real feeds declare theirs. */
  language: 'de' | 'en';
}

/** The held-out German set: written before the engine was tuned; only measured. */
export function heldoutSet(file: string): NewsSet {
  return {
    key: 'heldout',
    name: 'held-out de',
    heading: 'Held-out German multi-outlet set',
    role: 'held-out',
    file,
    idPrefix: 'heldout-',
    origin: 'written for feedmerge before the engine was tuned, by someone who had not seen how it decides',
    language: 'de',
  };
}

/** The second held-out German set: written blind later (November 2026 news), never run through the engine by its author; only measured. */
export function heldout2Set(file: string): NewsSet {
  return {
    key: 'heldout2',
    name: 'held-out de 2',
    heading: 'Second held-out German multi-outlet set',
    role: 'held-out',
    file,
    idPrefix: 'heldout2-',
    origin: 'written blind for feedmerge as a fresh held-out set, by someone who had not seen how the engine decides (see its README)',
    language: 'de',
  };
}

/** The German calibration set: same format and method, may be tuned on. */
export function calibrationDeSet(file: string): NewsSet {
  return {
    key: 'calde',
    name: 'calibration de',
    heading: 'Calibration German multi-outlet set',
    role: 'calibration',
    file,
    idPrefix: 'calde-',
    origin: 'hand-written for feedmerge as tuning data for realistic multi-outlet German news (see its README)',
    language: 'de',
  };
}

/** The second German calibration set: written later by another author, other days, outlets and events; may be tuned on. */
export function calibrationDe2Set(file: string): NewsSet {
  return {
    key: 'calde2',
    name: 'calibration de 2',
    heading: 'Second calibration German multi-outlet set',
    role: 'calibration',
    file,
    idPrefix: 'calde2-',
    origin: 'hand-written for feedmerge as more varied tuning data, without reading how the engine decides (see its README)',
    language: 'de',
  };
}

/** The English calibration set: same format and method, British, US and Indian outlets; may be tuned on. */
export function calibrationEnSet(file: string): NewsSet {
  return {
    key: 'calen',
    name: 'calibration en',
    heading: 'Calibration English multi-outlet set',
    role: 'calibration',
    file,
    idPrefix: 'calen-',
    origin: 'hand-written for feedmerge as English tuning data with leads, without reading how the engine decides (see its README)',
    language: 'en',
  };
}

/** The third German calibration set: written blind by a third author, other days (June 2026), outlets and events. */
export function calibrationDe3Set(file: string): NewsSet {
  return {
    key: 'calde3',
    name: 'calibration de 3',
    heading: 'Third calibration German multi-outlet set',
    role: 'calibration',
    file,
    idPrefix: 'calde3-',
    language: 'de',
    origin: 'hand-written for feedmerge as independent tuning data, without reading how the engine decides (see its README)',
  };
}

/** The fourth German calibration set: written blind by a fourth author (November 2026), never run through the engine by them. */
export function calibrationDe4Set(file: string): NewsSet {
  return {
    key: 'calde4',
    name: 'calibration de 4',
    heading: 'Fourth calibration German multi-outlet set',
    role: 'calibration',
    file,
    idPrefix: 'calde4-',
    language: 'de',
    origin: 'hand-written for feedmerge as independent tuning data, without reading how the engine decides (see its README)',
  };
}

/** The set's items in time order, or null when the file is absent; a malformed line is an error naming it. */
export function newsItems(set: Pick<NewsSet, 'file' | 'idPrefix' | 'language'>): NewsItem[] | null {
  const { file, idPrefix, language } = set;
  if (!existsSync(file)) return null;
  return readJsonl<NewsRow>(file)
    .map((r, i) => {
      const publishedMs = Date.parse(r.published);
      for (const key of ['id', 'outlet', 'event', 'title', 'url', 'published'] as const)
        if (typeof r[key] !== 'string' || !r[key]) throw new Error(`${file}:${i + 1}: "${key}" missing or not a string`);
      if (!Number.isFinite(publishedMs)) throw new Error(`${file}:${i + 1}: "published" is not a date: ${r.published}`);
      return {
        id: `${idPrefix}${r.id}`,
        source: sourceIdOf(r.outlet),
        label: r.event,
        title: r.title,
        summary: r.summary ?? '',
        url: r.url,
        publishedMs,
        language,
        role: r.role,
      };
    })
    .sort((a, b) => a.publishedMs - b.publishedMs || a.id.localeCompare(b.id));
}

/** The calibration news sets by key, each with its folder under eval/; the held-out sets (heldout, heldout2) are deliberately not among them. */
export const CALIBRATION_NEWS_SETS: Readonly<Record<string, { folder: string; set: (file: string) => NewsSet }>> = {
  calde: { folder: 'calibration-de', set: calibrationDeSet },
  calde2: { folder: 'calibration-de-2', set: calibrationDe2Set },
  calde3: { folder: 'calibration-de-3', set: calibrationDe3Set },
  calde4: { folder: 'calibration-de-4', set: calibrationDe4Set },
  calen: { folder: 'calibration-en', set: calibrationEnSet },
};
