// config.schema.json: the JSON Schema editors validate and complete config.json with, generated
// from the zod schema (`npm run config-schema`), so the two never disagree on keys, types and
// defaults. Checks zod cannot express in JSON Schema (cron expressions, time zones, regexes,
// duplicate ids) stay with `feedmerge`, which reports them at start.
import { z } from 'zod';
import { configSchema } from './schema.js';

/** Keys whose default follows another key (load-config.ts defaultBaseUrl): no one JSON Schema default is true for them. */
const derivedDefaults = new Set(['server.baseUrl']);

/** What each key means, as an editor shows it on hover (the README's configuration table, shorter). */
const descriptions: Record<string, string> = {
  $schema: 'The JSON Schema of this file (./config.schema.json), for editors; ignored by feedmerge.',
  database:
    'SQLite file (WAL mode), relative to this file, or a PostgreSQL URL (postgres://user@host:5432/db) for several processes or machines. Environment: FEEDMERGE_DATABASE.',
  publicDir: 'Folder the rendered feeds are written to after every cycle. Environment: FEEDMERGE_PUBLIC_DIR.',
  server: 'HTTP server.',
  'server.host': 'Listen address: an IP address (IPv6 without brackets) or a host name. Environment: FEEDMERGE_HOST.',
  'server.port': 'Listen port; 0 picks a free one. Environment: FEEDMERGE_PORT, then PORT.',
  'server.baseUrl':
    'Public URL used in self links, ids and WebSub topics. Default: http://localhost:<server.port> (http://localhost:8080 when the port is 0). Environment: FEEDMERGE_BASE_URL.',
  schedule: 'Cron expression (5 fields, or 6 with seconds) for polling a source.',
  timezone: 'IANA time zone the schedules are read in, e.g. "Europe/Berlin".',
  fetch: 'HTTP client limits and politeness.',
  'fetch.timeoutSeconds': 'Total time for one request, body included.',
  'fetch.connectTimeoutSeconds': 'TCP/TLS connect timeout.',
  'fetch.maxBodyBytes': 'Body cap, enforced while streaming and on the decompressed size.',
  'fetch.maxRedirects': 'Redirects followed per request.',
  'fetch.redirectConfirmations': 'Polls in a row that must see a permanent redirect before the stored URL moves.',
  'fetch.concurrency': 'Requests at once, all hosts together.',
  'fetch.perHostConcurrency': 'Requests at once to one host.',
  'fetch.minIntervalMinutes': 'Never poll a source more often than this.',
  'fetch.maxIntervalHours': 'Publisher hints may lengthen the schedule up to this much.',
  'fetch.maxBackoffHours': 'Cap of the exponential backoff after failures.',
  'fetch.userAgent': 'User-Agent header.',
  'fetch.allowPrivateNetworks':
    'Let every source and redirect reach loopback and private addresses (not only the host:port a source names literally).',
  parse: 'Feed parsing.',
  'parse.timeoutSeconds':
    'Longest a feed may take to parse (at most 3600); a parse thread still busy then is stopped and the source fails.',
  dedup: 'How items are collapsed into stories.',
  'dedup.threshold': 'Score (0–1) from which an item joins a story.',
  'dedup.windowHours': 'Only items this close in time are compared.',
  websub: 'WebSub (W3C) publishing.',
  'websub.hubs': 'Hubs to advertise and to ping after an output changes.',
  sources: 'The feeds to poll.',
  'sources[].id': 'Stable id: letters, digits, "_", "-" or ".".',
  'sources[].url': 'http(s) URL of the feed (or of a page that advertises it), or a local file path.',
  'sources[].title': 'Display name.',
  'sources[].schedule': 'Cron expression for this source instead of the global schedule.',
  'sources[].timezone': 'Time zone of this source’s schedule instead of the global timezone.',
  'sources[].priority': 'Higher wins when a story picks its representative item.',
  'sources[].dedup': 'false keeps this source’s items out of merging.',
  'sources[].language': 'Language of the feed when it does not state one (e.g. "de").',
  'sources[].enabled': 'false stops polling this source.',
  outputs: 'Merged feeds to publish; one output "all" over every source when absent.',
  'outputs[].id': 'Id, used in the feed URLs (/feeds/<id>.xml).',
  'outputs[].title': 'Feed title.',
  'outputs[].description': 'Feed description.',
  'outputs[].sources': 'Source ids to include; all sources when absent.',
  'outputs[].include': 'Keep a story only if a title or summary matches one of these words, phrases or /regexes/.',
  'outputs[].exclude': 'Drop a story if a title or summary matches one of these words, phrases or /regexes/.',
  'outputs[].categories': 'Keep stories with an item in one of these categories.',
  'outputs[].languages': 'Keep stories with an item in one of these languages.',
  'outputs[].limit': 'Stories per page (up to 5 pages are published).',
  'outputs[].maxAgeHours': 'Drop stories older than this.',
};

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; items?: JsonSchemaNode; description?: string; [key: string]: unknown };

/** config.schema.json's content: JSON Schema draft-07 (what VS Code and JetBrains editors read), for the file as written. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as JsonSchemaNode;
  const described = new Set<string>();
  const walk = (node: JsonSchemaNode, at: string) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const keyPath = at ? `${at}.${key}` : key;
      const description = descriptions[keyPath];
      if (description) {
        child.description = description;
        described.add(keyPath);
      }
      if (derivedDefaults.has(keyPath)) delete child['default'];
      walk(child, keyPath);
      if (child.items) walk(child.items, `${keyPath}[]`);
    }
  };
  walk(schema, '');
  // A description whose key is gone (renamed, removed) is a mistake to fix here, not to ship silently.
  const stale = Object.keys(descriptions).filter((key) => !described.has(key));
  if (stale.length > 0) throw new Error(`config-json-schema.ts describes keys the schema does not have: ${stale.join(', ')}`);
  const { $schema, ...rest } = schema;
  return `${JSON.stringify({ $schema, title: 'feedmerge config.json', ...rest }, null, 2)}\n`;
}
