// Runs a command as a child process and measures it from outside: wall time, CPU time (user + system)
// and peak resident memory. Uses Debian's GNU time (`/usr/bin/time -f`, package "time"), which reads
// the child's rusage at exit; without it, polls /proc/<pid>/status for VmHWM (the kernel's own
// high-water mark of the resident set) and /proc/<pid>/stat for CPU ticks until the child exits.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface ProcessUsage {
  stdout: string;
  stderr: string;
  code: number | null;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  /** How the figures were taken. */
  method: '/usr/bin/time' | '/proc polling';
}

const gnuTime = '/usr/bin/time';
const marker = '@@usage@@';

/** Runs `command args…` and measures it; see the file comment. */
export function measureProcess(command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<ProcessUsage> {
  const withTime = existsSync(gnuTime);
  const started = performance.now();
  const child = withTime
    ? spawn(gnuTime, ['-f', `${marker} %e %U %S %M`, command, ...args], { cwd: options.cwd })
    : spawn(command, args, { cwd: options.cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let peakKb = 0;
  let cpuTicks = 0;
  const poller = withTime
    ? null
    : setInterval(() => {
        try {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
          const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          cpuTicks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
        } catch {
          // the child has just exited
        }
      }, 20);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (poller) clearInterval(poller);
      const wallSeconds = (performance.now() - started) / 1000;
      if (withTime) {
        const line = stderr.split('\n').find((l) => l.startsWith(marker));
        if (!line) return reject(new Error(`${gnuTime} printed no usage line: ${stderr.slice(-300)}`));
        const [, , user, system, maxKb] = line.split(' ').map(Number);
        stderr = stderr.replace(`${line}\n`, '');
        return resolve({ stdout, stderr, code, wallSeconds, cpuSeconds: user! + system!, peakRssBytes: maxKb! * 1024, method: gnuTime });
      }
      resolve({ stdout, stderr, code, wallSeconds, cpuSeconds: cpuTicks / 100, peakRssBytes: peakKb * 1024, method: '/proc polling' });
    });
  });
}
