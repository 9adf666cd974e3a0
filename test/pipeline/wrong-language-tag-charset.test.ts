// Unlabelled non-UTF-8 feeds whose language tag is wrong (test/fixtures/wrong-language-tag): no charset in the
// HTTP header or the XML prolog, so the charset is guessed from the language, and the guess reads as nonsense
// ("Â Ìîñêâå" for a windows-1251 feed tagged `de`, "йtй" for a windows-1252 one tagged `ru`). The reading that is
// plausible wins; a plausible guess (a correct tag, or no tag on windows-1252 text) stays. Served on 127.0.0.1 and
// read through the real path: `poll --once --all`, then `stories --json`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const folder = path.join(root, 'test/fixtures/wrong-language-tag');
const files = readdirSync(folder).filter((f) => f.endsWith('.xml'));

/** The titles each fixture was written with (encoded in its charset by hand: see each file's comment). */
const EXPECTED: Record<string, string[]> = {
  'windows-1251-russian-tagged-de': [
    'В Москве открыли три новые станции метро',
    'Центробанк сохранил ключевую ставку',
    'Сильный снегопад парализовал движение в Казани',
  ],
  'windows-1253-greek-tagged-en': ['Απεργία στα μέσα μεταφοράς της Αθήνας', 'Σεισμός 4,8 Ρίχτερ στην Κρήτη'],
  'windows-1256-arabic-tagged-fr': ['البرلمان يقر الموازنة العامة للعام المقبل', 'عاصفة ثلجية تضرب لبنان'],
  'windows-1252-french-tagged-ru': [
    'Grève des contrôleurs aériens : la moitié des vols annulés à Orly',
    'Été record : la sécheresse menace les récoltes',
  ],
  'windows-1252-german-untagged-stays': [
    'Bundestag beschließt Haushalt für 2027 – Größe der Rücklage umstritten',
    'Bahnstreik: Züge fallen aus',
  ],
  'windows-1251-russian-tagged-ru-stays': ['Путин провёл совещание с правительством'],
  // The Russian feed again, now labelled windows-1252 in the header: a label is obeyed, however its text reads.
  'labelled-windows-1252': ['Ïóòèí ïðîâ¸ë ñîâåùàíèå ñ ïðàâèòåëüñòâîì'],
};

let server: FixtureServer;
let dir: string;
let titles: Map<string, string[]>;

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    maxBuffer: 2 ** 26,
  });
  return stdout;
}

beforeAll(async () => {
  server = await startFixtureServer();
  for (const file of files) {
    const body = readFileSync(path.join(folder, file));
    server.route(`/${file}`, (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
  }
  const labelled = readFileSync(path.join(folder, 'windows-1251-russian-tagged-ru-stays.xml'));
  server.route(
    '/labelled.xml',
    (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=windows-1252' }).end(labelled),
  );
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-wrong-language-tag-'));
  const config = {
    database: path.join(dir, 'feedmerge.db'),
    publicDir: path.join(dir, 'public'),
    fetch: { allowPrivateNetworks: true },
    sources: [
      ...files.map((file) => ({ id: file.replace(/\.xml$/, ''), url: server.url(`/${file}`) })),
      { id: 'labelled-windows-1252', url: server.url('/labelled.xml') },
    ],
  };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  await feedmerge('poll', '--once', '--all', '--config', path.join(dir, 'config.json'));
  const stories = JSON.parse(await feedmerge('stories', '--json', '--config', path.join(dir, 'config.json'))) as {
    items: { source: string; url: string; title: string }[];
  }[];
  titles = new Map();
  for (const item of stories.flatMap((s) => s.items).sort((a, b) => a.url.localeCompare(b.url))) {
    titles.set(item.source, [...(titles.get(item.source) ?? []), item.title]);
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an unlabelled feed with a wrong language tag', () => {
  it.each(Object.entries(EXPECTED))('%s: stores the titles as written', (source, expected) => {
    expect(titles.get(source)).toEqual(expected);
  });
});
