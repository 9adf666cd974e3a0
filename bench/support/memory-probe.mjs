// A memory probe for one `poll --once` (how "Memory of the 100k poll" in BENCHMARKS.md was measured). Loaded with
// `node --import`, it samples process.memoryUsage() and VmHWM every 0.5 s into PROBE_OUT, marks the stages by wrapping
// Placer/Publisher/StoryEngine methods of the build in PROBE_ROOT (the same module instances the CLI loads), and writes
// /proc/self/smaps by mapping before the first chunk and after chunks 50 and 95. PROBE_GC=1 (with --expose-gc): a full GC
// every 10 chunks, so the log shows the live heap. PROBE_NODEC=1: each chunk's decisions are dropped (what holding them costs).
//
//   PROBE_ROOT=$PWD PROBE_OUT=/tmp/probe.tsv node --import ./bench/support/memory-probe.mjs bin/feedmerge.js poll --once --all --config …
import { appendFileSync, readFileSync } from 'node:fs';
const root = process.env.PROBE_ROOT;
const out = process.env.PROBE_OUT;
const t0 = performance.now();
const mib = (n) => (n / 2 ** 20).toFixed(0);
let stage = 'start';
function line(extra = '') {
  const m = process.memoryUsage();
  const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1] / 1024;
  appendFileSync(
    out,
    `${((performance.now() - t0) / 1000).toFixed(1)}\t${stage}\trss ${mib(m.rss)}\thwm ${hwm.toFixed(0)}\theapUsed ${mib(m.heapUsed)}\theapTotal ${mib(m.heapTotal)}\text ${mib(m.external)}\tab ${mib(m.arrayBuffers)}${extra}\n`,
  );
}
setInterval(line, 500).unref();
const { Placer } = await import(`${root}/dist/dedup/placer.js`);
const { Publisher } = await import(`${root}/dist/worker/publisher.js`);
const wrap = (proto, name, label) => {
  const orig = proto[name];
  proto[name] = async function (...args) {
    stage = `${label}`;
    line(` [begin ${label}]`);
    const r = await orig.apply(this, args);
    line(` [end ${label}]`);
    return r;
  };
};
wrap(Placer.prototype, 'run', 'place');
wrap(Placer.prototype, 'ensureWindow', 'window');
wrap(Publisher.prototype, 'publish', 'publish');
let chunks = 0;
const pc = Placer.prototype.placeChunk;
Placer.prototype.placeChunk = async function (...a) {
  const r = await pc.apply(this, a);
  if (++chunks % 10 === 0) line(` [chunk ${chunks}]`);
  return r;
};
process.on('exit', () => line(' [exit]'));
const { StoryEngine } = await import(`${root}/dist/dedup/story-engine.js`);
const ord = StoryEngine.prototype.order;
StoryEngine.prototype.order = function (...a) {
  line(` [pending read: ${a[0].length}]`);
  const r = ord.apply(this, a);
  line(` [ordered]`);
  return r;
};
if (process.env.PROBE_GC) {
  const pc2 = Placer.prototype.placeChunk;
  let n = 0;
  Placer.prototype.placeChunk = async function (...a) {
    const r = await pc2.apply(this, a);
    if (++n % 10 === 0) {
      globalThis.gc();
      line(` [gc after chunk ${n}]`);
    }
    return r;
  };
}
if (process.env.PROBE_NODEC) {
  const pc3 = Placer.prototype.placeChunk;
  Placer.prototype.placeChunk = async function (...a) {
    await pc3.apply(this, a);
    return [];
  };
}
{
  const pc4 = Placer.prototype.placeChunk;
  let n = 0;
  const smaps = (tag) => {
    const text = readFileSync('/proc/self/smaps', 'utf8');
    const groups = new Map();
    let name = '';
    let size = 0;
    for (const l of text.split('\n')) {
      const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(l);
      if (head) {
        name = head[1] || '[anon]';
        size = 0;
        continue;
      }
      const rss = /^Rss:\s+(\d+) kB/.exec(l);
      if (rss) {
        const key = name.startsWith('/')
          ? name.includes('better_sqlite')
            ? 'sqlite.node'
            : name.includes('/node')
              ? 'node binary'
              : 'files'
          : name;
        groups.set(key, (groups.get(key) ?? 0) + Number(rss[1]));
      }
    }
    appendFileSync(
      out,
      `# smaps ${tag}: ${[...groups]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}`)
        .join(', ')}\n`,
    );
  };
  Placer.prototype.placeChunk = async function (...a) {
    if (n === 0) smaps('before first chunk');
    const r = await pc4.apply(this, a);
    if (++n === 50 || n === 95) smaps(`after chunk ${n}`);
    return r;
  };
}
