// npx tsx bench/hostile-body.ts [--root=/path/to/a/checkout] [--mb=15] [--scale] — CPU time of publishing one
// hostile item body (safeHtml: sanitising plus taking logins out of the URLs written in it) and of the
// same text as a plain lead or title (withoutLoginsInText), per kind of 15 MB body: URLs with logins,
// runs of what starts or continues a URL ("/", "//@.", "www.", "https:"), dots after a URL, and plain prose as the
// baseline. --root runs another checkout's code (A/B against main on one machine). CPU time
// (process.cpuUsage, user + system), best of 3: the machine is shared. --scale: the text scan alone on the
// three kinds with logins at 5, 10, 20 and 40 MB, in ms per MB (constant when linear). Writes nothing.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const root = path.resolve(arg('root') ?? path.join(import.meta.dirname, '..'));
const bytes = Number(arg('mb') ?? 15) * 1024 * 1024;

const { safeHtml } = (await import(pathToFileURL(path.join(root, 'src/publish/safe-html.ts')).href)) as {
  safeHtml: (html: string, base: string | null) => string;
};
const { withoutLoginsInText } = (await import(pathToFileURL(path.join(root, 'src/publish/logins-in-text.ts')).href)) as {
  withoutLoginsInText: (text: string) => string;
};

const fill = (unit: string): string => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
const prose = 'Der Stadtrat beschließt einen neuen Radweg am Hafen, sagte die Bürgermeisterin am Montag. ';
const bodies: [string, string][] = [
  ['prose (baseline)', fill(prose)],
  ['https URLs with logins', fill('https://u:pw@x.example/a?token=k3y https://y.example/%41 ')],
  ['scheme-relative URLs with logins', fill('//u:pw@x.example/a?token=k3y www.y.example/?sid=1 ')],
  ['browser-form URLs with logins', fill('https:\\\\u:pw@x.example/a http:/u:pw@y.example/?sid=1 https:/\\z.example\\%41 ')],
  ['schemes without slashes', fill('https:')],
  ['scheme words in prose', fill('Fehler HTTP:503@edge-fra, 请将http:地址发送至bug@example.com, http:u:pw@x.example/a ')],
  ['slashes', fill('/')],
  ['"//@." run', fill('//@.')],
  ['"www." run', fill('www.')],
  ['a URL, then dots', `https://u:pw@x.example/a${fill('.')}`],
];

function cpuMs(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

if (process.argv.includes('--scale')) {
  for (const unit of [
    'https://u:pw@x.example/a?token=k3y https://y.example/%41 ',
    '//u:pw@x.example/a?token=k3y www.y.example/?sid=1 ',
    'https:\\\\u:pw@x.example/a http:/u:pw@y.example/?sid=1 https:/\\z.example\\%41 ',
  ]) {
    for (const mb of [5, 10, 20, 40]) {
      const size = mb * 1024 * 1024;
      const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
      const ms = cpuMs(() => withoutLoginsInText(text));
      console.log(`${JSON.stringify(unit.slice(0, 12))} ${mb} MB: ${ms.toFixed(0)} ms, ${(ms / mb).toFixed(1)} ms/MB`);
    }
  }
  process.exit(0);
}

console.log(`root ${root}, bodies of ${(bytes / 1024 / 1024).toFixed(0)} MB, CPU ms (best of 3)`);
console.log('body'.padEnd(36), 'safeHtml'.padStart(10), 'text'.padStart(10));
for (const [name, text] of bodies) {
  const html = `<p>${text}</p>`;
  console.log(
    name.padEnd(36),
    cpuMs(() => safeHtml(html, 'https://news.example.org/item'))
      .toFixed(0)
      .padStart(10),
    cpuMs(() => withoutLoginsInText(text))
      .toFixed(0)
      .padStart(10),
  );
}
