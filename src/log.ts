// One-line log records on stderr (stdout stays for command output such as `export`).
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger writing `TIME LEVEL message` lines to a stream. */
export function createLog(stream: NodeJS.WritableStream = process.stderr, clock: () => Date = () => new Date()): Log {
  const write = (level: string, message: string) => {
    // One record per line, whatever the message holds (source errors may contain newlines).
    stream.write(`${clock().toISOString()} ${level} ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}
