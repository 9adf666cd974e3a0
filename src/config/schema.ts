// The one schema of config.json: it validates the file, produces the Config type and, through
// config-json-schema.ts, the JSON Schema editors use (config.schema.json).
import { z } from 'zod';
import { cronProblem, timeZoneProblem } from '../cron-schedule.js';
import { languageTagPattern } from '../language-tag.js';
import { isNearMiss } from './edit-distance.js';
import { listenHostProblem } from './listen-host.js';
import { outputPatternProblem } from './output-pattern.js';

const cron = z.string().superRefine((value, ctx) => {
  const problem = cronProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const timeZone = z.string().superRefine((value, ctx) => {
  const problem = timeZoneProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const listenHost = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    // "" is min(1)'s to report, once.
    const problem = value ? listenHostProblem(value) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const sourceUrl = z
  .string()
  .min(1, { message: 'must be an http(s) URL or a file path' })
  .superRefine((value, ctx) => {
    const problem = sourceUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Why a source's url is neither an http(s) URL nor a file path. A value that begins with a scheme
 * ("htp:", "http:/" with one slash) or with "http//" is a mistyped URL, not a file: read as a path
 * relative to the config's folder, it only failed at the first poll, as "cannot read …/htp:/feed"
 * (a one-letter scheme is a Windows drive, "C:\feeds"). See also schemelessHostProblem.
 */
export function sourceUrlProblem(value: string): string | null {
  if (/^https?:\/\//i.test(value)) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'must be an http(s) URL or a file path';
  const written = JSON.stringify(value);
  const http = /^(https?)(:\/?|\/\/)/i.exec(value);
  if (http) {
    const missing = http[2] === '//' ? `the ":" after "${http[1]}"` : `a "/" after "${http[1]}:"`;
    return `must be an http(s) URL or a file path: ${written} is missing ${missing}`;
  }
  // Only a scheme followed by "/" reads as a URL: "news:today.xml" or "feeds:de/a.xml" are file names
  // that worked before (and that `sources add` writes), so they stay paths.
  const scheme = /^([a-z][a-z0-9+.-]+):\//i.exec(value)?.[1];
  if (scheme) {
    return `must be an http(s) URL or a file path: ${written} begins with the scheme "${scheme}:", which is not http or https (a file whose name has a ":" is written "./${value}")`;
  }
  return null;
}

/**
 * A host and port, or a www. host, with no scheme before them: a URL whose "http(s)://" was left out,
 * which read as a path failed at every poll as a missing file. Textual; the config refuses it only when
 * no file exists there (load-config.ts), since `wget -x` mirrors are named exactly so
 * ("www.example.org/feed.xml", "127.0.0.1:9301/wire.rss"): an existing file is always read as a file.
 */
export function schemelessHostProblem(value: string): string | null {
  const written = JSON.stringify(value);
  // Only localhost or a dotted name (an IPv4 address too) before an all-digit port, so "feeds:2024/a.xml" stays a file.
  if (/^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+):\d{1,5}(?:[/?#]|$)/i.test(value)) {
    return `must be an http(s) URL or a file path: ${written} is a host and port without "http://" before them, and no such file exists (a file whose name has a ":" is written "./${value}")`;
  }
  // Likewise a web address copied from a browser's address bar ("www.tagesschau.de/index~rss2.xml").
  const www = /^www\.[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}([/?#])/i.exec(value);
  if (www) {
    const file = www[1] === '/' ? 'a file in a folder of that name' : 'a file of that name';
    return `must be an http(s) URL or a file path: ${written} is a host name without "https://" before it, and no such file exists (${file} is written "./${value}")`;
  }
  return null;
}

/** A source or output id. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { message: 'must be letters, digits, "_", "-" or "." (used in URLs and file names)' });

/**
 * A plain word or "/regex/flags"; a regex that does not compile, or that can backtrack catastrophically,
 * is a config error, not a publish failure (or a hung publish).
 */
const pattern = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const problem = outputPatternProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * A BCP 47 language tag ("de", "de-CH", "zh-Hant"): the feeds publish it (RSS <language>, JSON Feed
 * "language") and the story engine reads its stopwords from it. "de_DE" is read as "de-DE", as feeds'
 * own tags are; a name ("German") or junk would be published as it is and leave the engine guessing.
 */
const languageTag = z
  .string()
  .regex(languageTagPattern, {
    error: (issue) => `must be a language tag such as "de" or "de-CH", not ${JSON.stringify(issue.input)}`,
  })
  .overwrite((tag) => tag.replace(/_/g, '-'));

const source = z.strictObject({
  id: idSchema,
  url: sourceUrl,
  title: z.string().optional(),
  /** Overrides the global schedule for this source. */
  schedule: cron.optional(),
  /** Time zone of this source's schedule; the global `timezone` when absent. */
  timezone: timeZone.optional(),
  /** Higher wins when choosing a story's representative. */
  priority: z.number().int().default(0),
  /** false: this source's items are never merged with others. */
  dedup: z.boolean().default(true),
  /** Language of the feed when it does not say (e.g. "de"). */
  language: languageTag.optional(),
  /** Operator switch: false stops polling (a 410 Gone disables a source by itself). */
  enabled: z.boolean().default(true),
});

const output = z.strictObject({
  id: idSchema,
  title: z.string().optional(),
  description: z.string().optional(),
  /** Source ids to include; all sources when absent. */
  sources: z.array(z.string()).optional(),
  /** Keep a story only if title or summary matches one of these (plain words, or /regex/flags). */
  include: z.array(pattern).optional(),
  /** Drop a story if title or summary matches one of these. */
  exclude: z.array(pattern).optional(),
  categories: z.array(z.string()).optional(),
  languages: z.array(languageTag).optional(),
  limit: z.number().int().positive().max(10_000).default(100),
  maxAgeHours: z.number().positive().optional(),
});

/** Timers hold 2^31-1 ms (24.8 days); a longer timeout fired at once, so waits are bounded well below. */
const atMostAnHour = 'must be at most 3600 (an hour)';

export const configSchema = z
  .strictObject({
    /** The JSON Schema an editor validates the file with ("./config.schema.json"); ignored here. */
    $schema: z.string().optional(),
    database: z.string().min(1).default('data/feedmerge.db'),
    publicDir: z.string().min(1).default('data/public'),
    server: z
      .strictObject({
        host: listenHost.default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        baseUrl: z.url({ protocol: /^https?$/ }).default('http://localhost:8080'),
      })
      .prefault({}),
    schedule: cron.default('*/10 * * * *'),
    /** IANA time zone the cron schedules are read in. */
    timezone: timeZone.default('UTC'),
    fetch: z
      .strictObject({
        // At most an hour, like parse.timeoutSeconds: a longer timer overflows (Node holds 2^31-1 ms) and
        // made every fetch fail at once ("The value of "delay" is out of range", or a timeout after 1 ms).
        timeoutSeconds: z.number().positive().max(3600, { message: atMostAnHour }).default(30),
        connectTimeoutSeconds: z.number().positive().max(3600, { message: atMostAnHour }).default(10),
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(15 * 1024 * 1024),
        maxRedirects: z.number().int().min(0).max(20).default(5),
        /** Polls of a permanent redirect in a row before the stored URL moves. */
        redirectConfirmations: z.number().int().min(1).default(3),
        // Politeness is per host (perHostConcurrency); the global limit only bounds memory
        // (concurrency × maxBodyBytes) and must let 1,000 sources with some slow hosts finish a cycle.
        concurrency: z.number().int().positive().default(64),
        perHostConcurrency: z.number().int().positive().default(2),
        minIntervalMinutes: z.number().positive().default(5),
        maxIntervalHours: z.number().positive().default(24),
        maxBackoffHours: z.number().positive().default(24),
        userAgent: z.string().optional(),
        /** Loopback and private addresses for every source and redirect (see fetch/connect-policy.ts). */
        allowPrivateNetworks: z.boolean().default(false),
      })
      .prefault({}),
    parse: z
      .strictObject({
        /**
         * A parse thread still busy after this long is stopped and the source fails: a document that
         * makes a reader slow must not hold a thread and the cycle (parse/parse-pool.ts). At most an
         * hour: Node's timers hold 2^31-1 ms (24.8 days); a longer one fired after 1 ms and failed every
         * parse on a thread.
         */
        timeoutSeconds: z.number().positive().max(3600, { message: atMostAnHour }).default(30),
      })
      .prefault({}),
    dedup: z
      .strictObject({
        /** Combined score from which a candidate joins a story (0–1). */
        threshold: z.number().min(0).max(1).default(0.5),
        /** Only items this close in time are compared. */
        windowHours: z.number().positive().default(72),
        /**
         * Late items are put in their place among at most this many placed items, which are placed again
         * (0: off, late items join what is placed as if they had come in time). A story already published
         * keeps its id when an earlier-dated copy arriving later founds it anew (dedup/take-back.ts keptId).
         */
        maxReplacedItems: z.number().int().min(0).default(10_000), // = SUGGESTED_MAX_REPLACED (dedup/story-engine.ts)
      })
      .prefault({}),
    retention: z
      .strictObject({
        /** Stories whose items all left their feeds this many days ago are deleted (unless on a published page). */
        days: z.number().positive().default(90),
      })
      .prefault({}),
    websub: z
      .strictObject({
        hubs: z.array(z.url({ protocol: /^https?$/ })).default([]),
      })
      .prefault({}),
    sources: z.array(source).min(1, { message: 'must list at least one source (`feedmerge sources add <url>` adds one)' }),
    outputs: z.array(output).optional(),
  })
  .superRefine((config, ctx) => {
    // Retention inside the story window would delete items the engine may still match against.
    if (config.retention.days * 24 < config.dedup.windowHours)
      ctx.addIssue({
        code: 'custom',
        path: ['retention', 'days'],
        message: `must be at least the story window (dedup.windowHours ${config.dedup.windowHours} h = ${config.dedup.windowHours / 24} days)`,
      });
    const seen = new Set<string>();
    config.sources.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate source id "${s.id}"` });
      seen.add(s.id);
    });
    const outputIds = new Set<string>();
    config.outputs?.forEach((o, i) => {
      if (outputIds.has(o.id)) ctx.addIssue({ code: 'custom', path: ['outputs', i, 'id'], message: `duplicate output id "${o.id}"` });
      outputIds.add(o.id);
      o.sources?.forEach((sid, j, listed) => {
        if (seen.has(sid)) return;
        // The id it most likely means, as for a mistyped key, never one this output lists already.
        const unlisted = [...seen].filter((id) => !listed.includes(id));
        const meant = unlisted.find((id) => id.toLowerCase() === sid.toLowerCase()) ?? unlisted.find((id) => isNearMiss(id, sid));
        const hint = meant ? ` (did you mean "${meant}"?)` : '';
        ctx.addIssue({ code: 'custom', path: ['outputs', i, 'sources', j], message: `unknown source id "${sid}"${hint}` });
      });
    });
  });

export type ConfigInput = z.input<typeof configSchema>;
type ParsedConfig = z.output<typeof configSchema>;
export type SourceConfig = ParsedConfig['sources'][number];
export type OutputConfig = ParsedConfig['outputs'] extends (infer O)[] | undefined ? O : never;

/** The validated config, paths resolved, outputs filled in; frozen after loading. */
export type Config = Omit<ParsedConfig, 'outputs'> & {
  outputs: OutputConfig[];
  /** Folder of the config file: relative source paths resolve against it. */
  baseDir: string;
  /** Absolute path of the config file. */
  path: string;
};
