// A production install has only `dependencies`: every package the runtime code imports must be one
// (saxes was a devDependency once, and every command then failed with ERR_MODULE_NOT_FOUND).
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? files(file) : /\.(ts|js|mjs)$/.test(entry.name) ? [file] : [];
  });
}

/**
 * Package names a file loads at run time: static and dynamic imports, re-exports, require() and
 * createRequire(…)('…'). A template literal counts by its static start (`@orama/stemmers/${lang}`).
 */
function packagesLoadedBy(source: string): string[] {
  const code = source.replace(/^\s*(import|export) type [^;]*;/gm, ''); // erased by TypeScript
  // Static imports take plain strings only; calls may take a template literal.
  const quoted = String.raw`['"]([^'"]+)['"]`;
  const anyLiteral = String.raw`['"\`]([^'"\`$]+)`;
  const specifiers = [
    ...code.matchAll(new RegExp(String.raw`^\s*(?:import|export)\s[^;'"]*?from\s+${quoted}`, 'gm')),
    ...code.matchAll(new RegExp(String.raw`^\s*import\s+${quoted}`, 'gm')),
    ...code.matchAll(new RegExp(String.raw`\b(?:import|require)\(\s*${anyLiteral}`, 'g')),
    ...code.matchAll(new RegExp(String.raw`\)\(\s*${anyLiteral}`, 'g')),
  ].map((m) => m[1]!);
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('/') && !isBuiltin(s))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

const runtimeFiles = [...files(path.join(root, 'src')), path.join(root, 'bin/feedmerge.js'), path.join(root, 'scripts/prepare.mjs')];
const loaded = new Map<string, string>(); // package → first file loading it
for (const file of runtimeFiles) {
  for (const name of packagesLoadedBy(readFileSync(file, 'utf8'))) if (!loaded.has(name)) loaded.set(name, path.relative(root, file));
}

describe('runtime dependencies', () => {
  it('finds the imports it checks (the extraction itself works)', () => {
    expect(packagesLoadedBy("import { SaxesParser } from 'saxes';\nimport type { X } from 'typescript';")).toEqual(['saxes']);
    expect(packagesLoadedBy("const lists = require('stopwords-iso');\ncreateRequire(import.meta.url)('rss-parser/lib/utils.js');")).toEqual(
      ['stopwords-iso', 'rss-parser'],
    );
    expect(packagesLoadedBy("import x from '@rowanmanning/feed-parser';\nimport path from 'node:path';")).toEqual([
      '@rowanmanning/feed-parser',
    ]);
    expect(packagesLoadedBy('const { stemmer } = require(`@orama/stemmers/${name}`);')).toEqual(['@orama/stemmers']);
    // A word in backticks after "from" in a comment is no import.
    expect(packagesLoadedBy('export const weights = {\n  /** linear from `timeFreeHours` */\n  a: 1,\n};')).toEqual([]);
    expect(loaded.get('saxes')).toBe(path.join('src', 'publish', 'opml.ts'));
  });

  it('every package src/ loads at run time is in "dependencies", not only in "devDependencies"', () => {
    const missing = [...loaded].filter(([name]) => !(name in manifest.dependencies)).map(([name, file]) => `${name} (loaded by ${file})`);
    expect(missing).toEqual([]);
  });

  it('every package in "dependencies" is loaded at run time (else it belongs in devDependencies)', () => {
    expect(Object.keys(manifest.dependencies).filter((name) => !loaded.has(name))).toEqual([]);
  });
});
