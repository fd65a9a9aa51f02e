import { type Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import { originalCreateChild } from './childLoggers.js';

/** What a logger's `logBufferOptions` came to (Powertools keeps it in a private field). */
export interface BufferConfig {
  /** Records at this level or below are buffered (a `LogLevelThreshold` number). */
  readonly atVerbosity: number;
  readonly flushOnErrorLog: boolean;
}

/** Powertools' (TS-protected, runtime-public) methods that build and print a record. */
interface PrintMethods {
  createAndPopulateLogItem(logLevel: number, input: unknown, extraInput: unknown[]): unknown;
  printLog(logLevel: number, log: unknown): void;
  createLogger(options: unknown): Logger;
}

const configs = new WeakMap<Logger, BufferConfig | null>();
const CAPTURED = Symbol('captured');

/**
 * The buffering configuration of `logger`, or `undefined` when it does not buffer. Powertools keeps
 * it private, but `createChild` hands it to `createLogger` as `logBufferOptions`; that call is
 * intercepted (no child is created). Read once per logger.
 */
export const bufferConfigOf = (logger: Logger): BufferConfig | undefined => {
  const known = configs.get(logger);
  if (known !== undefined) return known ?? undefined;
  const methods = logger as unknown as PrintMethods;
  let options: { logBufferOptions?: { bufferAtVerbosity?: string; flushOnErrorLog?: boolean } } =
    {};
  const own = Object.getOwnPropertyDescriptor(logger, 'createLogger');
  methods.createLogger = (given: unknown): Logger => {
    options = given as typeof options;
    throw CAPTURED;
  };
  try {
    originalCreateChild.call(logger);
  } catch (error) {
    if (error !== CAPTURED) throw error;
  } finally {
    if (own === undefined) delete (logger as unknown as { createLogger?: unknown }).createLogger;
    else Object.defineProperty(logger, 'createLogger', own);
  }
  const buffer = options.logBufferOptions;
  const level = buffer?.bufferAtVerbosity?.toUpperCase() as keyof typeof LogLevelThreshold;
  const config =
    buffer === undefined
      ? null
      : {
          atVerbosity: LogLevelThreshold[level] ?? LogLevelThreshold.DEBUG,
          flushOnErrorLog: buffer.flushOnErrorLog !== false,
        };
  configs.set(logger, config);
  return config ?? undefined;
};

interface BufferedRecord {
  readonly logger: Logger;
  readonly level: number;
  /** Powertools' log item, built (timestamp and keys included) when the line was written. */
  readonly item: unknown;
  /** Written by the workflow body or a child context: replay rebuilds it in a later invocation. */
  readonly replayable: boolean;
}

/**
 * The log buffer of one durable invocation, for a logger with `logBufferOptions`. It spans the
 * execution through replay: lines the body and child contexts buffered in earlier invocations are
 * rebuilt as the code replays, and a replayed error log drops the lines its live run flushed.
 *
 * - an error log in the body or a child context flushes everything;
 * - an error log in a step attempt flushes the step attempts' lines only (the body's lines it would
 *   flush could not be told apart from unflushed ones on replay, and would print twice);
 * - the workflow failing flushes everything; succeeding or suspending drops the invocation's buffer.
 */
export class DurableLogBuffer {
  readonly #config: BufferConfig;
  #records: BufferedRecord[] = [];

  public constructor(config: BufferConfig) {
    this.#config = config;
  }

  /** Whether a record at `level` is buffered rather than printed. */
  public buffers(level: number): boolean {
    return level <= this.#config.atVerbosity;
  }

  /** Whether a record at `level` flushes the buffer. */
  public flushesOn(level: number): boolean {
    return (
      this.#config.flushOnErrorLog &&
      level >= LogLevelThreshold.ERROR &&
      level < LogLevelThreshold.SILENT
    );
  }

  /** Builds the record now (its timestamp and keys) and keeps it. */
  public add(
    logger: Logger,
    level: number,
    input: unknown,
    extraInput: unknown[],
    replayable: boolean,
  ): void {
    const item = (logger as unknown as PrintMethods).createAndPopulateLogItem(
      level,
      input,
      extraInput,
    );
    this.#records.push({ logger, level, item, replayable });
  }

  /** Prints the kept records (all, or only the step attempts' ones) in order and forgets them. */
  public flush(scope: 'all' | 'attempts' = 'all'): void {
    const printed = this.#records.filter((record) => scope === 'all' || !record.replayable);
    this.#records = this.#records.filter((record) => scope === 'attempts' && record.replayable);
    for (const record of printed) {
      (record.logger as unknown as PrintMethods).printLog(record.level, record.item);
    }
  }

  /** Forgets the rebuilt records: the live run of a replayed error log already flushed them. */
  public dropReplayed(): void {
    this.#records = this.#records.filter((record) => !record.replayable);
  }
}
