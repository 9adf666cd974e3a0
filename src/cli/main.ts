// The feedmerge command line: wiring only; every command calls into a stage.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isatty } from 'node:tty';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { emptyOutputsWarning } from '../config/empty-outputs-warning.js';
import { scheduleFloorWarnings } from '../config/schedule-floor-warning.js';
import { ConfigError, loadConfig, loadConfigToAddSources, parseConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { closeFetchAgents, fetchFeed } from '../fetch/fetch-feed.js';
import { createLog } from '../log.js';
import { fetchSettings } from '../worker/settings.js';
import { runParseCommand } from './parse-command.js';
import {
  disabledInConfigText,
  explanationLeads,
  nothingDueHint,
  printExplanation,
  printRecluster,
  printSources,
  printStories,
} from './print.js';
import { addSourcesFromOpml, createdFileNotice, rewrittenFileNotice } from './sources-file.js';
import { addSource, describeAddedSource, reloadHint } from './add-source.js';
import { removeSource } from './remove-source.js';
import { configuredOutput, UsageError } from './usage-error.js';
import { copySqliteToPostgres } from '../store/copy-store.js';
import { isPostgresUrl, openStore, runningService, type OpenStoreOptions } from '../store/open-store.js';
import { StoreError, WriterBusyError, type Store } from '../store/store.js';
import { describeCycle, pollAndPublish, startService, workerContext, writerClaim } from '../worker/service.js';
import { startPlacer, startPoller } from '../worker/roles.js';
import { Publisher } from '../worker/publisher.js';
import { renderPublication, type FeedFormatOut } from '../publish/render-publication.js';
import { sourcesToOpml } from '../publish/opml.js';
import { explainItem } from '../dedup/explain-item.js';
import { recluster } from '../dedup/recluster.js';
import { engineSettings } from '../worker/settings.js';

const log = createLog();
// `feedmerge export | head`: a closed pipe ends the command quietly, as for any Unix tool.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Exit codes: 0 done, 1 the command failed, 2 bad config or usage, 3 the database cannot be used, 4 another process is writing it. */
function fail(error: unknown): never {
  if (error instanceof CommanderError) {
    // commander has printed the message; --help, `help` and --version end here too (exit code 0). No command at
    // all prints the help as well, but as an error (commander's exit code 1): a usage error, 2, not success.
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  if (error instanceof UsageError) {
    process.stderr.write(`feedmerge: ${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof ConfigError) {
    process.stderr.write(configProblemLines(error).join(''));
    process.exit(2);
  }
  if (error instanceof StoreError) {
    process.stderr.write(`feedmerge: ${error.message}\n`);
    process.exit(3);
  }
  if (error instanceof WriterBusyError) {
    process.stderr.write(`feedmerge: ${error.message}\n`);
    process.exit(4);
  }
  process.stderr.write(`feedmerge: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
}

/**
 * One line per problem, each naming the file, the key and the cause, so that a line read alone (a
 * journal, a grep, a CI log) says everything: `feedmerge: invalid config /etc/feedmerge/config.json:
 * sources[2].url: must be an http(s) URL or a file path`. A file that is missing gets a hint, since
 * the usual cause is a command run outside the folder of its config.json.
 */
function configProblemLines(error: ConfigError): string[] {
  const missing = (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return error.problems.map((problem) => {
    const text = problem.replace(/^\(file\): /, '');
    return `feedmerge: invalid config ${error.file}: ${text}${missing ? '; give the config file with --config <path>' : ''}\n`;
  });
}

/** A one-line message on stderr (stdout is the command's output). */
const say = (line: string): void => void process.stderr.write(`feedmerge: ${line}\n`);
/** What the store tells on its own (a last checkpoint that failed at close), as the command's other lines. */
const storeLog = { info: say, warn: (message: string) => say(`warning: ${message}`) };

/**
 * Runs `fn` on the existing store: a command that only reads or edits stored data never creates one
 * (a mistyped path would print "0 stories"). A store known to be damaged gets one warning; the
 * command then reads what it can.
 */
async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>, options: OpenStoreOptions = {}): Promise<T> {
  const store = await openStore(config.database, { mustExist: true, log: storeLog, ...options });
  const health = await store.check();
  if (!health.ok) say(`warning: ${health.problem}; showing what can be read`);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const program = new Command('feedmerge')
  .description('Polls many feeds, collapses copies of the same story, republishes one merged feed.')
  .version(version)
  .option('-c, --config <path>', 'config file', './config.json')
  .showHelpAfterError()
  // Usage errors throw instead of exiting 1, so that they exit 2 like config errors (see fail()).
  .exitOverride();

const configOf = () => loadConfig(program.opts<{ config: string }>().config);

for (const [name, description, poll] of [
  ['run', 'poll on schedule and serve the merged feeds until SIGINT/SIGTERM', true],
  ['serve', 'serve the merged feeds without polling', false],
] as const) {
  const command = program
    .command(name)
    .description(description)
    .option('--workers <n>', 'HTTP worker processes (0: serve in this process)', workerCount, availableParallelism());
  if (poll) {
    command
      .addOption(
        new Option('--role <role>', 'what this process does: all (one process), or one stage of several processes on one database')
          .choices(['all', 'poll', 'place', 'serve'])
          .default('all'),
      )
      .option(
        '--lease <seconds>',
        "role poll: how long a claimed source stays this poller's (longer than one poll takes)",
        waitSeconds,
        120,
      );
  }
  command.action(async (options: { workers: number; role?: 'all' | 'poll' | 'place' | 'serve'; lease?: number }) => {
    const workers = options.workers;
    const role = options.role ?? (poll ? 'all' : 'serve');
    const config = configOf();
    const signals = handleSignals(role);
    if (role === 'poll') {
      signals.started(
        await startPoller(config, log, { leaseSeconds: options.lease ?? 120, writer: writerClaim('run --role poll', 300, log.info) }),
      );
    } else if (role === 'place') {
      // A second placer is a standby: it waits (for ever) and takes over when the first one ends.
      signals.started(await startPlacer(config, log, { writer: writerClaim('run --role place', Number.POSITIVE_INFINITY, log.info) }));
    } else {
      signals.started(await startService(config, log, { poll: role === 'all', workers }));
    }
  });
}

/** --workers: a whole number, 0 or more (reported, like --wait, with the command's own usage). */
function workerCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(count)) throw new InvalidArgumentError('must be a whole number, 0 or more.');
  return count;
}

/** --wait: seconds, 0 or more. */
function waitSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new InvalidArgumentError('must be a number of seconds, 0 or more.');
  return seconds;
}
const WAIT_HELP = 'seconds to wait while another poll or recluster writes the database (never for `run`); then exit 4';

program
  .command('poll')
  .description('poll the due sources once, ingest, collapse and write the output files')
  // Not a requiredOption: commander checks those before unknown options, so "--onc" was reported as
  // "--once not specified" instead of as the typo it is.
  .option('--once', 'one cycle, then exit (the only mode; `run` polls on schedule)')
  .option('--all', 'poll every enabled source now, also those not due yet (schedule, backoff, Retry-After)')
  .option('--wait <seconds>', WAIT_HELP, waitSeconds, 300)
  .action(async (options: { once?: boolean; all?: boolean; wait: number }, command: Command) => {
    if (!options.once) command.error("error: required option '--once' not specified", { code: 'commander.missingMandatoryOptionValue' });
    const config = configOf();
    const noOutputs = emptyOutputsWarning(config);
    if (noOutputs) say(`warning: ${noOutputs}`);
    // Only to an operator at a terminal: run from the system cron every minute, the same line each
    // run would be a mail a minute (`run` and `run --role poll` say it at start). --all ignores schedules.
    if (!options.all && isatty(2)) for (const warning of scheduleFloorWarnings(config)) say(`warning: ${warning}`);
    const store = await openStore(config.database, { writer: writerClaim('poll --once', options.wait, say), log: storeLog });
    try {
      // Due sources only: run from the system cron, each run must keep the publisher's Retry-After and our backoff.
      const publisher = new Publisher(config, store, { warn: (message) => say(`warning: ${message}`) });
      const report = await pollAndPublish(workerContext(config, store), publisher, new Date(), {
        force: options.all === true,
        log,
      });
      for (const line of describeCycle(report)) process.stdout.write(`${line}\n`);
      for (const source of report.sources.filter((s) => s.status === 'not-due'))
        process.stdout.write(`${source.sourceId}: not due (next poll ${(await store.sources.get(source.sourceId)).nextPollAt ?? 'now'})\n`);
      // Only on a terminal: from cron, where nothing due is the normal case, the line would only fill the mail.
      const hint = nothingDueHint(report);
      if (isatty(2) && hint) say(hint);
      // The cycle could not do its job (a store or placement failure): say so in the exit code.
      if (report.error) {
        process.stderr.write(`feedmerge: ${report.error}\n`);
        process.exitCode = 1;
      }
    } finally {
      await closeFetchAgents();
      await store.close();
    }
  });

program
  .command('export')
  .description('print one merged feed on stdout')
  .option('--output <id>', 'output id', 'all')
  .addOption(new Option('--format <format>', 'feed format').choices(['rss', 'atom', 'json']).default('rss'))
  .action(async (options: { output: string; format: FeedFormatOut }) => {
    const config = configOf();
    configuredOutput(config, options.output);
    const document = await withStore(config, async (store) =>
      (await renderPublication(store, config, new Date())).outputs.get(options.output)?.get(options.format),
    );
    if (!document) throw new Error(`output "${options.output}" was not rendered as ${options.format}`);
    process.stdout.write(document.body);
  });

program
  .command('stories')
  .description('every stored story with its member items')
  .option('--output <id>', 'only the stories of this output')
  .option('--json', 'one JSON array')
  .action(async (options: { output?: string; json?: boolean }) => {
    const config = configOf();
    const output = options.output === undefined ? undefined : configuredOutput(config, options.output);
    await withStore(config, (store) => printStories(store, output, options, process.stdout));
  });

program
  .command('explain')
  .description('the story an item belongs to, and why')
  .argument('<item>', 'item link (as published or canonical), guid, numeric item id, or story id (every member)')
  .option('--json', 'as JSON')
  .action(async (ref: string, options: { json?: boolean }) => {
    const config = configOf();
    const found = await withStore(config, async (store) => {
      const explanations = await explainItem(store, ref, (id) => config.sources.find((s) => s.id === id)?.language ?? null);
      printExplanation(
        explanations,
        config,
        options,
        process.stdout,
        options.json ? new Map() : await explanationLeads(store, explanations),
      );
      return explanations.length;
    });
    if (found === 0) process.exitCode = 1;
  });

program
  .command('recluster')
  .description('replay every stored item with the current dedup settings')
  .option('--dry-run', 'print what would change without writing')
  .option('--wait <seconds>', WAIT_HELP, waitSeconds, 300)
  .action(async (options: { dryRun?: boolean; wait: number }) => {
    const config = configOf();
    await withStore(
      config,
      async (store) =>
        printRecluster(
          await recluster(store, engineSettings(config), new Date().toISOString(), { dryRun: Boolean(options.dryRun) }),
          process.stdout,
        ),
      options.dryRun ? {} : { writer: writerClaim('recluster', options.wait, say) },
    );
  });

program
  .command('migrate')
  .description('copy this SQLite deployment (items, stories, decisions, source state, published documents) into PostgreSQL')
  .requiredOption('--to <url>', 'the PostgreSQL database (postgres://user@host:5432/db); its tables are created if missing')
  .option('--wait <seconds>', WAIT_HELP, waitSeconds, 300)
  .action(async (options: { to: string; wait: number }) => {
    const config = configOf();
    if (isPostgresUrl(config.database))
      throw new Error(`"database" in ${config.path} is already PostgreSQL; migrate copies from a SQLite file`);
    if (!isPostgresUrl(options.to)) program.error(`--to must be a postgres:// URL, got "${options.to}"`, { exitCode: 2 });
    if (!existsSync(config.database)) throw new StoreError(`no database at "${config.database}" to copy`);
    // As a writer: a `run` still polling into the file would store items after the snapshot, which
    // the copy then misses (exit 4, "stop it first"); a `poll --once` from cron is waited for.
    const report = await withStore(
      config,
      () =>
        copySqliteToPostgres(config.database, options.to, (t) =>
          process.stdout.write(`${t.table}: ${t.copied} copied, ${t.read - t.copied} already there\n`),
        ),
      { writer: { ...writerClaim('migrate', options.wait, say), writesNothing: true } },
    );
    const copied = report.reduce((sum, t) => sum + t.copied, 0);
    process.stdout.write(
      copied ? `done: set "database" to the PostgreSQL URL and start the roles\n` : 'nothing to copy: PostgreSQL already has everything\n',
    );
  });

const sources = program
  .command('sources')
  .description("each source's state: last fetch, HTTP status, last error, next poll, item count")
  .option('--opml', 'print the source list as OPML')
  .option('--json', 'as JSON')
  .action(async (options: { opml?: boolean; json?: boolean }) => {
    const config = configOf();
    if (options.opml) {
      process.stdout.write(sourcesToOpml(config.sources, 'feedmerge sources'));
      return;
    }
    // Before the first poll there is no state yet: list the configured sources as never polled.
    const fresh = config.database !== ':memory:' && !/^postgres/i.test(config.database) && !existsSync(config.database);
    await withStore(fresh ? { ...config, database: ':memory:' } : config, (store) => printSources(store, config, options, process.stdout));
  });

sources
  .command('import')
  .description('add the feeds of an OPML file to the config file')
  .argument('<file>', 'OPML file')
  .action((file: string) => {
    const config = loadConfigToAddSources(program.opts<{ config: string }>().config);
    const { added, skipped, layoutKept, created } = addSourcesFromOpml(config.path, readFileSync(file, 'utf8'));
    if (created) process.stdout.write(`${createdFileNotice(config.path)}\n`);
    process.stdout.write(
      `added ${added.length} ${added.length === 1 ? 'source' : 'sources'} to ${config.path}${added.length ? `: ${added.join(', ')}` : ''}\n`,
    );
    const service = added.length ? runningService(config.database) : null;
    if (service) process.stdout.write(`${reloadHint(service)}\n`);
    if (!layoutKept) process.stderr.write(`${rewrittenFileNotice(config.path)}\n`);
    for (const entry of skipped) process.stderr.write(`feedmerge: skipped ${entry.url}: ${entry.reason}\n`);
    if (skipped.length) process.exitCode = 1;
  });

sources
  .command('add')
  .description('find the feed of a URL (a feed, or a web page that advertises one) or a feed file, and add it to the config file')
  .argument('<url>', 'feed or web page URL, or a feed file path')
  .option('--id <id>', 'source id (default: from the feed title)')
  .option('--title <title>', 'display title (default: the feed title)')
  .action(async (url: string, options: { id?: string; title?: string }) => {
    const config = loadConfigToAddSources(program.opts<{ config: string }>().config);
    try {
      // The URL typed here is named by the operator, like a configured one (loopback and private hosts allowed).
      const added = await addSource(config.path, { url, ...options }, fetchSettings(config, [url]), new Date());
      if (added.created) process.stdout.write(`${createdFileNotice(config.path)}\n`);
      for (const line of describeAddedSource(added, url, config.path)) process.stdout.write(`${line}\n`);
      const service = runningService(config.database);
      if (service) process.stdout.write(`${reloadHint(service)}\n`);
      if (!added.layoutKept) process.stderr.write(`${rewrittenFileNotice(config.path)}\n`);
    } finally {
      await closeFetchAgents();
    }
  });

sources
  .command('remove')
  .description('take a source out of the config file (its stored items stay until retention ages them out)')
  .argument('<id|url>', 'source id, or its URL or feed file path')
  .action((ref: string) => {
    const configPath = path.resolve(program.opts<{ config: string }>().config);
    const removed = removeSource(configPath, ref);
    process.stdout.write(
      `removed source "${removed.id}" (${removed.url}) from ${configPath}; its stored items and stories stay until retention ages them out\n`,
    );
    if (!removed.layoutKept) process.stderr.write(`${rewrittenFileNotice(configPath)}\n`);
  });

sources
  .command('enable')
  .description('poll a source again after it was disabled (e.g. by HTTP 410 Gone)')
  .argument('<id>', 'source id')
  .action(async (id: string) => {
    const config = configOf();
    const source = config.sources.find((s) => s.id === id);
    if (!source) throw new UsageError(`unknown source "${id}" (config has: ${config.sources.map((s) => s.id).join(', ')})`);
    // The config wins over the store: enabling the stored state of a source the file disables would
    // print "enabled" and change nothing.
    if (!source.enabled) throw new Error(disabledInConfigText(id, config.path));
    await withStore(config, (store) => store.sources.enable(id));
    process.stdout.write(`${id}: enabled, polled at the next cycle\n`);
  });

program
  .command('parse')
  .description('read feed files or URLs through the same decode+parse path as polling')
  .argument('<inputs...>', 'files or http(s) URLs')
  .option('--json', 'one JSON line per input')
  .action(async (inputs: string[], options: { json?: boolean }) => {
    // The parse command needs no config; fetch limits are the defaults unless a config file exists.
    let config: Config;
    try {
      config = configOf();
    } catch {
      config = parseConfig({ sources: [{ id: 'parse', url: 'parse' }] }, 'config.json'); // the defaults
    }
    // URLs typed here are the operator's own choice, like configured sources (a loopback server is fine).
    const settings = fetchSettings(config, inputs);
    const fetchUrl = async (url: string) => {
      const outcome = await fetchFeed({ url, etag: null, lastModified: null }, settings, new Date());
      if (outcome.kind !== 'fetched') throw new Error(outcome.kind === 'not-modified' ? 'HTTP 304' : outcome.error);
      return { body: outcome.body, contentType: outcome.contentType, finalUrl: outcome.finalUrl };
    };
    process.exitCode = await runParseCommand(inputs, { json: Boolean(options.json), settings, fetch: fetchUrl }, (line) =>
      process.stdout.write(`${line}\n`),
    );
  });

/**
 * SIGINT and SIGTERM stop the service (the cycle in flight finishes first). SIGHUP reloads
 * config.json (systemd's ExecReload, `kill -HUP`), one reload at a time (a SIGHUP during one leads
 * to one more), unless the terminal the service was started in has closed: that sends SIGHUP too,
 * and then it stops. The SIGHUP handler is registered before the service starts, whose default
 * action would end the process; until then SIGINT and SIGTERM keep theirs (nothing to finish yet).
 */
/** What a running role offers the signal handlers; the poll and place roles have no reload. */
interface RunningRole {
  stop(): Promise<void>;
  reload?(): Promise<unknown>;
}

function handleSignals(role: string): { started(service: RunningRole): void } {
  const terminals = [0, 1, 2].filter((fd) => isatty(fd));
  let service: RunningRole | null = null;
  let stopping = false;
  let reloading = false;
  let reloadWanted = false;
  const stop = (signal: string): void => {
    if (!service || stopping) return;
    stopping = true;
    log.info('stopping: finishing the cycle in flight, then closing', { signal });
    service.stop().then(
      () => {
        log.info('stopped: the cycle in flight finished, the database is closed', { signal });
        process.exit(0);
      },
      (error: Error) => fail(error),
    );
  };
  const reload = (): void => {
    if (!service || stopping || reloading || !reloadWanted) return;
    reloadWanted = false;
    if (!service.reload) {
      log.warn(`config not reloaded: role ${role} reads config.json only at start; restart it`, { signal: 'SIGHUP' });
      return;
    }
    // Said only for a reload that happens: `run --role poll` logged this, then its "not reloaded" warning.
    log.info('reloading the config', { signal: 'SIGHUP' });
    reloading = true;
    void service.reload().finally(() => {
      reloading = false;
      reload();
    });
  };
  const onHangup = (): void => {
    // A closed terminal no longer answers as one: nobody is left to reload for.
    if (terminals.length > 0 && !terminals.some((fd) => isatty(fd))) {
      if (service) return stop('SIGHUP');
      // Still starting: end as the signal's default action would have.
      process.off('SIGHUP', onHangup);
      process.kill(process.pid, 'SIGHUP');
      return;
    }
    reloadWanted = true;
    reload();
  };
  process.on('SIGHUP', onHangup);
  return {
    started(running) {
      service = running;
      // Once: a second Ctrl-C ends the process at once (the default action).
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      reload();
    },
  };
}

program.parseAsync(process.argv).catch(fail);
