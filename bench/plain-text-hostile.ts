// CPU time of the plain-text rule (htmlToPlainText: titles, leads, bodies' text) on 256 KB hostile inputs:
// unclosed <script> openers, comment openers, NUL-split names, tags with attribute values, code before a tag pair, a "<" run at the end. Compare two checkouts in separate processes:
//   npx tsx bench/plain-text-hostile.ts [--checkout <path>]   (default: this checkout)
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const at = process.argv.indexOf('--checkout');
const checkout = at > 0 ? path.resolve(process.argv[at + 1]!) : path.resolve(import.meta.dirname, '..');
const { htmlToPlainText } = (await import(pathToFileURL(path.join(checkout, 'src/parse/html-to-plain-text.ts')).href)) as {
  htmlToPlainText: (html: string) => string;
};
const size = 256 * 1024;
const fill = (unit: string): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const inputs: [string, string][] = [
  ['<script>', fill('<script>')],
  ['<!--<a', fill('<!--<a')],
  ['<scr\\0ipt>', fill('<scr\u0000ipt>')],
  // Every tag with an attribute value read for its name and attribute names (markup or text), and one tag of 256 KB.
  ['a<b, b=c>', fill('a<b, b=c>')],
  ['<img src=x onerror=f()>', fill('<img src=x onerror=f()>')],
  ['<img a=b a=b …>', `<img ${fill(' a=b')}>`],
  // Code that cannot be a tag before a real pair, every "<" read for its attribute syntax; one such "tag" of 256 KB.
  ['a<b && c==d) x>c <b>z</b>', fill('a<b && c==d) x>c <b>z</b> ')],
  ['<b && && … >z</b>', `<b${fill(' &&')}>z</b>`],
  // A run of "<" and spaces at the end, dropped from its first "<".
  ['x< < < …', `x${fill('< ')}`],
];
const out: string[] = [];
for (const [label, text] of inputs) {
  const before = process.cpuUsage();
  const result = htmlToPlainText(text);
  const used = process.cpuUsage(before);
  out.push(`${label} ${((used.user + used.system) / 1000).toFixed(0)} ms (${result.length} chars out)`);
}
console.log(checkout, out.join('  '));
