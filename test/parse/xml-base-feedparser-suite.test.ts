// The Universal Feed Parser's xml:base test documents (shared/feeds/feedparser, outside the repo) as a
// robustness test of XML Base. Each document's "Expect:" names the base feedparser finds in scope on an
// element ("entries[0]['content'][0]['base'] == '…'") or a resolved URL; we check the same base from our
// scan (xml-base-scopes.ts), the relative links in the item's HTML resolved against it by parseFeed, and
// the first entry's link and the feed link against feedparser's own reading (REFERENCE_feedparser.jsonl).
// The documents we do not match are listed with the reason.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedFeed } from '../../src/model.js';
import { parseFeed, prepareXml } from '../../src/parse/parse-feed.js';
import { readXmlBases, type ScopeBases } from '../../src/parse/xml-base-scopes.js';
import { declaredHeaders, readInventory, readReferences } from '../../scripts/corpus.js';

/** The corpus folder: shared/feeds beside the checkout or a level above it (a worktree in a subfolder). */
function findCorpus(): string | null {
  const root = path.resolve(import.meta.dirname, '../..');
  for (const up of ['..', '../..', '../../..']) {
    const candidate = path.resolve(root, up, 'shared/feeds');
    if (existsSync(path.join(candidate, 'INVENTORY.tsv'))) return candidate;
  }
  return null;
}

const corpus = findCorpus();

/** What we do not match, and why. */
const knownDifferences: Record<string, string> = {
  'feedparser/tests/wellformed/base/cdf_item_abstract_xml_base.xml': 'CDF is not read (README: Known limits)',
  'feedparser/tests/wellformed/sanitize/acceptable_attribute_poster.xml':
    'only href and src are resolved: a <video poster> is dropped by publishing anyway (safe-html.ts)',
};

const sameUrl = (a: string | null | undefined, b: string | null | undefined): boolean => {
  if (a === b) return true;
  if (!a || !b) return false;
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
};

/** The scope an Expect speaks of and the element it names: "entries[0]['summary_detail']" → items[0], summary. */
function scopeAndElement(expectation: string, text: string, url: string | null): { scope: ScopeBases | undefined; element: string } | null {
  const m = /^(entries\[0\]|feed)\['(\w+?)(?:_detail)?'\](?:\[0\])?\['base'\] == '([^']*)'$/.exec(expectation);
  if (!m) return null;
  const bases = readXmlBases(prepareXml(text), url);
  return { scope: m[1] === 'feed' ? bases.feed : bases.items[0], element: m[2]! };
}

async function judge(
  file: string,
  body: Buffer,
  reference: { entry0?: { link?: string | null } | null; feed_link?: string | null } | undefined,
): Promise<string> {
  const text = body.toString('utf8');
  const { contentType, contentLocation } = declaredHeaders(body);
  const expectation = /Expect:\s*not bozo(?: and (.*))?$/m.exec(text)?.[1]?.trim() ?? '';
  let feed: ParsedFeed;
  try {
    feed = await parseFeed(body, { contentType, url: contentLocation, fetchedAt: '2026-11-26T06:00:00Z' });
  } catch (error) {
    return `not read: ${(error as Error).message}`;
  }
  const first = feed.items[0];
  // feedparser's reading of the links (REFERENCE), where it has one.
  if (reference?.entry0?.link && !sameUrl(first?.url, reference.entry0.link)) return `entry link ${first?.url} ≠ ${reference.entry0.link}`;
  if (reference?.feed_link && !sameUrl(feed.link, reference.feed_link)) return `feed link ${feed.link} ≠ ${reference.feed_link}`;
  const base = /\['base'\] == '([^']*)'$/.exec(expectation)?.[1];
  const scoped = scopeAndElement(expectation, text, contentLocation);
  if (scoped && base !== undefined) {
    // feedparser's names for Atom 0.3 / 1.0 elements: summary_detail is <summary>, content[0] is <content>.
    const ours = scoped.scope?.children.get(scoped.element);
    if (ours !== base) return `${scoped.element} base ${ours} ≠ ${base}`;
    // Where that element is the item's HTML, its relative link must have been resolved against that base.
    const html = first?.contentHtml ?? '';
    const fromElement = scoped.element === 'content' || (scoped.element === 'summary' && !/<content[\s>]/.test(text));
    if (fromElement && html.includes('test.html') && !html.includes(`href="${new URL('test.html', base).href}"`))
      return `HTML of ${scoped.element} not resolved: ${html}`;
    return 'agree';
  }
  const value = /^entries\[0\]\['content'\]\[0\]\['value'\] == '<a href="([^"]*)">/.exec(expectation)?.[1];
  if (value !== undefined) {
    const href = /href="([^"]*)"/.exec(first?.contentHtml ?? '')?.[1];
    const wanted = JSON.parse(`"${value}"`) as string;
    return sameUrl(href, wanted) ? 'agree' : `content href ${href} ≠ ${wanted}`;
  }
  const link = /^feed\['links'\]\[0\]\['href'\] == '([^']*)'$/.exec(expectation)?.[1];
  if (link !== undefined) {
    const ours = readXmlBases(prepareXml(text), contentLocation).feed.children.get('link');
    const wanted = JSON.parse(`"${link}"`) as string;
    return sameUrl(ours, wanted) ? 'agree' : `feed link base ${ours} ≠ ${wanted}`;
  }
  const title = /^feed\['title_detail'\]\['value'\] == '.*href="([^"]*)"/.exec(expectation)?.[1];
  if (title !== undefined) {
    // Titles are plain text here; the base in scope on <title> is what would resolve the link.
    const ours = readXmlBases(prepareXml(text), contentLocation).feed.children.get('title');
    return ours && new URL('test.html', ours).href === title ? 'agree' : `title base ${ours} ≠ ${title}`;
  }
  if (expectation === '' || /^entries\[0\]\['id'\] == '([^']*)'$/.test(expectation)) return 'agree';
  return `no check for: ${expectation}`;
}

describe("feedparser's xml:base documents", () => {
  it.skipIf(!corpus)('agree with feedparser, except the listed differences', async () => {
    const references = readReferences(corpus!);
    const outcomes: Record<string, string> = {};
    for (const row of readInventory(corpus!)!) {
      if (row.source !== 'feedparser') continue;
      const body = readFileSync(path.join(corpus!, row.path));
      if (!body.includes('xml:base')) continue;
      const outcome = await judge(row.path, body, references.get(row.path));
      outcomes[row.path] = outcome === 'agree' ? 'agree' : (knownDifferences[row.path] ?? outcome);
    }
    const disagreements = Object.entries(outcomes).filter(([, outcome]) => outcome !== 'agree');
    expect(Object.keys(outcomes).length).toBeGreaterThanOrEqual(54);
    expect(Object.fromEntries(disagreements)).toEqual(knownDifferences);
  });

  it.runIf(!corpus)('skips: the corpus folder shared/feeds is absent', () => {
    expect(corpus).toBeNull();
  });
});
