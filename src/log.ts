// Log records on stderr (stdout stays for command output such as `export`): one JSON object per line
// through pino (for journald, Loki, jq), or, when stderr is a terminal, one plain line per record.
// pino is reached only from this file.
import { pino, type DestinationStream } from 'pino';

/** Fields of a record: `source`, `outcome`, `durationMs`, `error`, counts… (JSON values). */
export type LogFields = Record<string, string | number | boolean | null>;

export interface Log {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type LogFormat = 'json' | 'text';

/**
 * A logger writing to `stream` (stderr by default): JSON lines `{"level":"info","time":"…","msg":"…",…fields}`,
 * or `TIME LEVEL message key=value…` lines when `format` is 'text' (the default when the stream is a terminal).
 */
export function createLog(stream: NodeJS.WritableStream = process.stderr, format: LogFormat = isTerminal(stream) ? 'text' : 'json'): Log {
  // Synchronous writes to stderr: a record written just before process.exit() is never lost.
  const sink: DestinationStream = stream === process.stderr ? untilHungUp(pino.destination({ dest: 2, sync: true })) : stream;
  const logger = pino(
    {
      base: undefined, // no pid/hostname: journald and container runtimes add them
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    format === 'text' ? textLines(sink) : sink,
  );
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

/**
 * Stops writing once stderr is a terminal that was closed (EIO). A record that cannot be written is
 * dropped rather than thrown into whatever logged it, so that the service, told by SIGHUP that its
 * terminal closed, can still finish its cycle and close the database (cli/main.ts).
 */
function untilHungUp(destination: ReturnType<typeof pino.destination>): DestinationStream {
  let gone = false;
  destination.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EIO') throw error;
    gone = true;
  });
  return {
    write(line: string) {
      if (!gone) destination.write(line);
    },
  };
}

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** Rewrites pino's JSON lines as `TIME LEVEL message key=value…`, one line per record whatever the message holds. */
function textLines(sink: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      const { time, level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const pairs = Object.entries(fields).map(([key, value]) => ` ${key}=${plain(value)}`);
      sink.write(`${String(time)} ${String(level)} ${oneLine(String(msg ?? ''))}${pairs.join('')}\n`);
    },
  };
}

function plain(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // Quote only what would not read as one word.
  return typeof value === 'string' && /[\s"=]|^$/.test(text) ? JSON.stringify(oneLine(text)) : oneLine(text);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
