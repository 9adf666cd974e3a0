// Test support: another process writing publicDir. Takes publicDir's turn with the given version, prints
// "holding" and keeps the turn until the file `go` appears, then writes `text` as feeds/all.xml and ends.
// Warnings are printed as `warning: …` lines. Run as `node --import tsx hold-public-dir-turn.ts <publicDir> <version> <go> <text>`.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeUnlessNewer } from '../../src/store/sqlite/write-unless-newer.js';

const [publicDir, version, go, text] = process.argv.slice(2) as [string, string, string, string];
const pause = new Int32Array(new SharedArrayBuffer(4));
const outcome = await writeUnlessNewer(
  publicDir,
  version,
  () => {
    process.stdout.write('holding\n');
    // The write is synchronous in feedmerge too: the turn is held without the event loop turning.
    while (!existsSync(go)) Atomics.wait(pause, 0, 0, 10);
    mkdirSync(path.join(publicDir, 'feeds'), { recursive: true });
    writeFileSync(path.join(publicDir, 'feeds/all.xml'), text);
  },
  // The version is the time its render began: the clock is past it.
  { now: () => new Date(new Date(version).getTime() + 60_000), warn: (line) => process.stdout.write(`warning: ${line}\n`) },
);
process.stdout.write(`${outcome}\n`);
