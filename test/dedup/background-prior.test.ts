// The shipped priors: keys reached by the engine's own path (normaliseText → stemWord), shares in (0, 1).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { backgroundPrior, parsePrior, priorLanguage } from '../../src/dedup/background-prior.js';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { stemWord } from '../../src/dedup/stem-word.js';

const PRIOR_DIRECTORY = fileURLToPath(new URL('../../src/dedup/prior/', import.meta.url));

/** Stems of a word as the engine makes them. */
const stemsOf = (text: string, language: string): string[] =>
  normaliseText(text, language).tokens.map((token) => stemWord(token, language));

describe('backgroundPrior', () => {
  // Everyday news words: known, and in a plausible band of items (not "every item", not "never").
  it.each([
    ['de', 'Regierung'],
    ['de', 'Ukraine'],
    ['de', 'Bundesregierung'],
    ['de', 'Verhandlungen'],
    ['de', 'Polizei'],
    ['en', 'government'],
    ['en', 'Ukraine'],
    ['en', 'president'],
    ['fr', 'gouvernement'],
    ['es', 'gobierno'],
    ['it', 'governo'],
    ['nl', 'regering'],
    ['ru', 'правительство'],
    ['pl', 'rząd'],
  ])('%s knows "%s" as a common news word', (language, word) => {
    const prior = backgroundPrior(language)!;
    const [stem] = stemsOf(word, language);
    expect(prior.knows(stem!)).toBe(true);
    expect(prior.share(stem!)).toBeGreaterThan(1e-3);
    expect(prior.share(stem!)).toBeLessThan(0.5);
  });

  it.each([
    ['de', 'Zwickelmoserbach', 'Regierung'],
    ['en', 'Plosserworth', 'government'],
    ['fr', 'Trouvillonnet', 'gouvernement'],
  ])('%s gives a name it never saw a small share: %s', (language, name, common) => {
    const prior = backgroundPrior(language)!;
    const [stem] = stemsOf(name, language);
    expect(prior.knows(stem!)).toBe(false);
    expect(prior.share(stem!)).toBeGreaterThan(0);
    expect(prior.share(stem!)).toBeLessThan(1e-4);
    expect(prior.share(stem!) * 100).toBeLessThan(prior.share(stemsOf(common, language)[0]!));
  });

  it('orders German news words from everyday to rare', () => {
    const prior = backgroundPrior('de')!;
    const share = (word: string): number => prior.share(stemsOf(word, 'de')[0]!);
    expect(share('Regierung')).toBeGreaterThan(share('Ukraine'));
    expect(share('Ukraine')).toBeGreaterThan(share('Gefangenenaustausch'));
    expect(share('Gefangene')).toBeGreaterThan(share('Gefangenenaustausch'));
  });

  it('reads language tags: de-DE is de, nb is no', () => {
    expect(backgroundPrior('de-DE')).toBe(backgroundPrior('de'));
    expect(backgroundPrior('DE_at')).toBe(backgroundPrior('de'));
    expect(backgroundPrior('nb')).toBe(backgroundPrior('no'));
    expect(backgroundPrior('de')!.language).toBe('de');
    expect(backgroundPrior('de')!.documents).toBeGreaterThan(0);
  });

  it.each([['xx'], ['tlh'], [''], [null], ['../de'], ['de/../en']])('has no prior for %j', (language) => {
    expect(backgroundPrior(language)).toBeNull();
  });

  it('maps tags to file codes', () => {
    expect(priorLanguage('en-GB')).toBe('en');
    expect(priorLanguage('fil')).toBe('tl');
    expect(priorLanguage('zh-Hant-TW')).toBe('zh');
  });

  // Every shipped file parses (the parser checks each share is in (0, 1)) and names its own language.
  it.each(readdirSync(PRIOR_DIRECTORY).filter((file) => file.endsWith('.tsv.gz')))('%s is a valid prior', (file) => {
    const prior = parsePrior(gunzipSync(readFileSync(join(PRIOR_DIRECTORY, file))).toString('utf8'), file);
    expect(`${prior.language}.tsv.gz`).toBe(file);
    expect(prior.share('\u0000no such stem')).toBeGreaterThan(0);
    expect(prior.share('\u0000no such stem')).toBeLessThan(1e-3);
  });

  it.each([
    ['stem\t0.1\n', 'no "#feedmerge-prior" header'],
    ['#feedmerge-prior\tlanguage=de\tdocuments=10\tfloor=0.001\nregier\n', 'stem on line 2 before any "=share" line'],
    ['#feedmerge-prior\tlanguage=de\tdocuments=10\tfloor=0.001\n=1.5\nregier\n', 'line 2 is no share in (0, 1)'],
    ['#feedmerge-prior\tlanguage=de\tdocuments=0\tfloor=0.001\n', 'header needs language, documents > 0 and 0 < floor < 1'],
  ])('refuses a damaged file, naming it and the fault', (text, fault) => {
    expect(() => parsePrior(text, 'de.tsv.gz')).toThrow(`Cannot read background prior de.tsv.gz: ${fault}`);
  });

  describe('from the compiled layout (dist/dedup beside src/dedup/prior)', () => {
    const root = mkdtempSync(join(tmpdir(), 'feedmerge-prior-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('finds the shipped files', async () => {
      // tsc does not copy data files: the compiled loader must reach src/dedup/prior from dist/dedup.
      mkdirSync(join(root, 'dist', 'dedup'), { recursive: true });
      mkdirSync(join(root, 'src', 'dedup'), { recursive: true });
      writeFileSync(join(root, 'package.json'), '{"type":"module"}');
      // ES modules, as the build emits them for this "type": "module" package (transpileModule cannot see package.json).
      for (const name of ['background-prior', 'fold-word', 'language-table-loader']) {
        const source = readFileSync(new URL(`../../src/dedup/${name}.ts`, import.meta.url), 'utf8');
        const compiled = ts.transpileModule(source, {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        });
        writeFileSync(join(root, 'dist', 'dedup', `${name}.js`), compiled.outputText);
      }
      symlinkSync(PRIOR_DIRECTORY, join(root, 'src', 'dedup', 'prior'), 'dir');
      const built = (await import(
        pathToFileURL(join(root, 'dist', 'dedup', 'background-prior.js')).href
      )) as typeof import('../../src/dedup/background-prior.js');
      const prior = built.backgroundPrior('de');
      expect(prior?.knows('regier')).toBe(true);
      expect(prior?.share('regier')).toBe(backgroundPrior('de')!.share('regier'));
    });
  });
});
