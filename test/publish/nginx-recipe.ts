// Runs Debian's nginx with deploy/nginx.conf on loopback ports: the recipe's server block with
// its ADJUST lines filled in, inside a minimal main config like Debian's. Used by the nginx test
// and by bench:serve.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const NGINX = '/usr/sbin/nginx';
const BROTLI_STATIC = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
const RECIPE = path.resolve(import.meta.dirname, '../../deploy/nginx.conf');

export interface RunningNginx {
  origin: string;
  /** Whether the .br files are served (the brotli module is installed). */
  brotli: boolean;
  /** CPU seconds (user + system) of the master and its workers so far, from /proc. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** A free loopback port (closed again, so nginx can take it). */
export async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The recipe with its listen address, publicDir and upstream filled in. */
export function instantiateRecipe(options: { port: number; publicDir: string; upstreamPort: number; brotli: boolean }): string {
  const replace = (text: string, pattern: RegExp, value: string): string => {
    if (!pattern.test(text)) throw new Error(`deploy/nginx.conf: no line matching ${pattern}`);
    return text.replace(pattern, value);
  };
  let conf = readFileSync(RECIPE, 'utf8');
  conf = replace(conf, /^\s*server 127\.0\.0\.1:8080;.*$/m, `    server 127.0.0.1:${options.upstreamPort};`);
  conf = replace(conf, /^\s*listen 80;.*$/m, `    listen 127.0.0.1:${options.port};`);
  conf = replace(conf, /^\s*root \/var\/lib\/feedmerge\/public;.*$/m, `    root ${options.publicDir};`);
  if (options.brotli) conf = replace(conf, /^\s*#brotli_static on;$/m, '    brotli_static on;');
  return conf;
}

function processTreeCpuSeconds(pid: number): number {
  const ticks = (id: number): number => {
    try {
      const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    children = [];
  }
  // USER_HZ is 100 on Linux x86-64.
  return [pid, ...children].reduce((sum, id) => sum + ticks(id), 0) / 100;
}

/** Starts nginx in the foreground with the recipe; resolves once it answers. */
export async function startNginx(options: { publicDir: string; upstreamPort: number; workers?: string }): Promise<RunningNginx> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-nginx-'));
  const port = await freePort();
  const brotli = existsSync(BROTLI_STATIC);
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `${brotli ? `load_module ${BROTLI_STATIC};\n` : ''}worker_processes ${options.workers ?? '1'};
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${instantiateRecipe({ port, publicDir: options.publicDir, upstreamPort: options.upstreamPort, brotli })}
}
`,
  );
  let errors = '';
  const child = spawn(NGINX, ['-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}${readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
    const up = await new Promise<boolean>((resolve) => {
      http
        .get(`${origin}/healthz`, { agent: false }, (res) => {
          res.resume();
          resolve(true);
        })
        .on('error', () => resolve(false));
    });
    if (up) break;
    if (attempt > 100) throw new Error(`nginx did not answer on ${origin}: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    brotli,
    cpuSeconds: () => processTreeCpuSeconds(child.pid!),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
