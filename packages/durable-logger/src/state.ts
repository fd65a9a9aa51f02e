import { format } from 'node:util';
import type { DurableLogger } from '@aws/durable-execution-sdk-js';
import { type Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import {
  currentFrame,
  currentLogKeys,
  type DurableFrame,
  type DurableInvocation,
  type DurableOperation,
  defineSlot,
  isReplaying,
} from '@durable-powertools/commons';
import { type DurableLoggerSettings, logReplayedFromEnv } from './options.js';
import {
  type BufferConfig,
  bufferConfigOf,
  buildLogItem,
  onChildCreated,
  printLogItem,
  rootLoggerOf,
} from './powertoolsInternals.js';

/** Powertools Logger methods that write a record. */
const LOG_METHODS = ['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const;
/** A Powertools log method name. */
export type LogMethodName = (typeof LOG_METHODS)[number];
type LogMethod = (input: unknown, ...extraInput: unknown[]) => void;
type LogMethods = Readonly<Record<LogMethodName, LogMethod>>;
/** The SDK logger's `log(level, ...)` levels other than `INFO`. */
const SDK_LEVELS: Record<string, LogMethodName> = { DEBUG: 'debug', WARN: 'warn', ERROR: 'error' };

/** `util.format` placeholders: `%s %d %i %f %j %o %O %c %%`. */
const FORMAT_SPECIFIER = /%[sdifjoOc%]/;

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * Turns the arguments of a console-style call (`context.logger.info(...)`, which the SDK's default
 * logger formats with `util.format`) into one Powertools call, `(message, ...extra)`:
 *
 * - `('User %s (ID: %d)', 'TestUser', 12345)` and `('params:', 'p1', 42)` become the message
 *   `util.format` writes;
 * - each `Error` is kept with its name, message and stack: the first as the record's `error` (alone,
 *   its message is the record's message), any further ones in `extra_errors`;
 * - Powertools' own shapes pass unchanged: a single message or log item, and a message followed only
 *   by plain objects (their keys become record keys).
 */
export const toPowertoolsArguments = (args: readonly unknown[]): [unknown, unknown[]] => {
  const [first, ...rest] = args;
  if (args.length === 0) return ['', []];
  if (args.length === 1) return first instanceof Error ? [first.message, [first]] : [first, []];
  if (typeof first === 'string' && !FORMAT_SPECIFIER.test(first) && rest.every(isPlainObject)) {
    return [first, rest];
  }
  const errors = args.filter((arg): arg is Error => arg instanceof Error);
  const printable = args.filter((arg) => !(arg instanceof Error));
  const message =
    printable.length === 0 ? (errors[0]?.message ?? '') : format(...(printable as [unknown]));
  if (errors.length <= 1) return [message, errors];
  return [message, [errors[0], { extra_errors: errors.slice(1) }]];
};

/** A buffered line: Powertools' log item, built when the line was written; `replayable` when written
 * by the body or a child context (replay rebuilds it in a later invocation). */
type HeldRecord = { logger: Logger; level: number; item: unknown; replayable: boolean };

/**
 * The logger's state for one invocation of one durable execution: asks the core whether a log call
 * is a replay and, if not, prints it with its execution and operation keys passed per call (never
 * appended to the shared logger, so concurrent branches cannot overwrite each other's keys).
 */
export class DurableLogInvocation {
  public readonly logger: Logger;
  /** Whether the keys appended to the logger are cleared when the invocation ends. */
  public readonly resetsKeys: boolean;
  readonly #logReplayed: boolean;
  readonly #operationIdKeys: boolean;
  readonly #methods: LogMethods;
  /** The keys every record of this invocation shares, built once. */
  readonly #sharedKeys: Readonly<Record<string, unknown>>;
  readonly #keysByOperation = new WeakMap<DurableOperation, Readonly<Record<string, unknown>>>();
  /** The logger's `logBufferOptions`, if it buffers, and the lines this invocation holds. */
  readonly #buffer: BufferConfig | undefined;
  #held: HeldRecord[] = [];

  public constructor(
    logger: Logger,
    executionArn: string,
    correlationId: unknown,
    settings: Readonly<DurableLoggerSettings>,
  ) {
    this.logger = logger;
    this.resetsKeys = settings.resetKeys !== false;
    this.#logReplayed = settings.logReplayed ?? logReplayedFromEnv();
    this.#operationIdKeys = settings.operationIdKeys === true;
    this.#methods = routeDirectCalls(logger);
    this.#buffer = bufferConfigOf(logger);
    this.#sharedKeys = {
      execution_arn: executionArn,
      ...(settings.executionArnConsoleKey === true && { executionArn }),
      ...(correlationId != null && { correlation_id: correlationId }),
    };
  }

  /** Whether this invocation must see replayed lines (the SDK's filter off): to tag or rebuild them. */
  public get seesReplayedLines(): boolean {
    return this.#logReplayed || this.#buffer !== undefined;
  }

  /** The workflow failed: prints every buffered line, as Powertools' `flushBufferOnUncaughtError`. */
  public flushBuffer(): void {
    this.#flush('all');
  }

  /** The `customLogger` for `context.configureLogger()`: console-style calls, after the SDK's replay check. */
  public sdkLogger(): DurableLogger {
    const write =
      (method: LogMethodName) =>
      (...args: unknown[]) =>
        this.writeConsole(method, args);
    return {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      log: (level: string, ...args: unknown[]) =>
        this.writeConsole(SDK_LEVELS[level] ?? 'info', args),
    };
  }

  /** Prints one record through `writer`'s own method, or drops it when it repeats an earlier invocation's line. */
  public write(
    method: LogMethodName,
    input: unknown,
    extraInput: readonly unknown[],
    frame: DurableFrame | undefined,
    writer: Logger = this.logger,
    replayed = isReplaying(undefined, frame),
  ): void {
    if (this.#buffered(method, input, extraInput, writer, frame, replayed)) return;
    if (replayed && !this.#logReplayed) return;
    const own = (writer === this.logger ? this.#methods : routeDirectCalls(writer))[method];
    const keys = this.#keysFor(frame?.operation);
    // Keys other utilities add through the core (OpenTelemetry's trace_id / span_id).
    const enriched = currentLogKeys(frame);
    if (enriched === undefined && !replayed) own.call(writer, input, ...extraInput, keys);
    else
      own.call(writer, input, ...extraInput, keys, { ...enriched, ...(replayed && { replayed }) });
  }

  /** {@link write} for a console-style call: the arguments are formatted only for a printed record. */
  public writeConsole(method: LogMethodName, args: readonly unknown[]): void {
    const frame = currentFrame();
    const replayed = isReplaying(undefined, frame);
    // A replayed line may still have to be buffered (rebuilt): formatted then too.
    if (replayed && !this.#logReplayed && this.#buffer === undefined) return;
    const [input, extraInput] = toPowertoolsArguments(args);
    this.write(method, input, extraInput, frame, this.logger, replayed);
  }

  /**
   * Applies log buffering to one record; returns whether it was held (and so is not printed now).
   * Lines the body and child contexts buffered in earlier invocations are rebuilt as the code
   * replays, and a replayed error log drops the lines its live run flushed:
   * - an error log in the body or a child context flushes everything;
   * - an error log in a step attempt flushes the step attempts' lines only (the body's lines could
   *   not be told apart from unflushed ones on replay, and would print twice);
   * - the workflow failing flushes everything; succeeding or suspending drops the invocation's buffer.
   */
  #buffered(
    method: LogMethodName,
    input: unknown,
    extraInput: readonly unknown[],
    writer: Logger,
    frame: DurableFrame | undefined,
    replayed: boolean,
  ): boolean {
    if (this.#buffer === undefined) return false;
    const { atVerbosity, flushOnErrorLog } = this.#buffer;
    const level = LogLevelThreshold[method.toUpperCase() as Uppercase<LogMethodName>];
    const inAttempt = frame?.operation?.kind === 'attempt';
    if (flushOnErrorLog && level >= LogLevelThreshold.ERROR && level < LogLevelThreshold.SILENT) {
      // A replayed error log flushed the rebuilt lines when it ran live.
      if (replayed) this.#held = this.#held.filter((record) => !record.replayable);
      else this.#flush(inAttempt ? 'attempts' : 'all');
    }
    if (level > atVerbosity) return false;
    // A buffered line was never printed, so a replayed one is kept (rebuilt), untagged.
    const extra = [...extraInput, this.#keysFor(frame?.operation)];
    const item = buildLogItem(writer, level, input, extra);
    this.#held.push({ logger: writer, level, item, replayable: !inAttempt });
    return true;
  }

  /** Prints the held lines (all, or only the step attempts' ones) in order and forgets them. */
  #flush(scope: 'all' | 'attempts'): void {
    const printed = this.#held.filter((record) => scope === 'all' || !record.replayable);
    this.#held = this.#held.filter((record) => scope === 'attempts' && record.replayable);
    for (const record of printed) printLogItem(record.logger, record.level, record.item);
  }

  /**
   * The durable keys of a record written in `operation`, one object built once per operation (what
   * Powertools merges fastest): the shared keys, then `operation_name` (or `operation_id` for an
   * unnamed operation) and `attempt` in a step attempt; with `operationIdKeys`, `operation_id` and
   * `parent_id` too.
   */
  #keysFor(operation: DurableOperation | undefined): Readonly<Record<string, unknown>> {
    if (operation === undefined) return this.#sharedKeys;
    const known = this.#keysByOperation.get(operation);
    if (known !== undefined) return known;
    const keys: Record<string, unknown> = { ...this.#sharedKeys };
    const ids = this.#operationIdKeys;
    if (ids || operation.name === undefined) keys.operation_id = operation.id;
    if (operation.name !== undefined) keys.operation_name = operation.name;
    if (ids && operation.parentId !== undefined) keys.parent_id = operation.parentId;
    if (operation.attempt !== undefined) keys.attempt = operation.attempt;
    this.#keysByOperation.set(operation, keys);
    return keys;
  }
}

/** The loggers attached to an invocation, each with its state for that invocation. */
export const attachedLoggers = defineSlot(
  '@durable-powertools/logger.attached.v2',
  () => new Map<Logger, DurableLogInvocation>(),
);

/**
 * The invocation each logger was last attached to: where a direct call goes if the async context
 * lost the core's frame. Lambda runs one invocation per sandbox at a time, so it is the running one.
 * Keyed by the (module-level) logger, weakly.
 */
const lastAttached = new WeakMap<Logger, DurableLogInvocation>();

/** Records `state` as where `invocation` sends `logger`'s records. */
export const rememberAttached = (
  invocation: DurableInvocation,
  state: DurableLogInvocation,
): void => {
  attachedLoggers.get(invocation).set(state.logger, state);
  lastAttached.set(state.logger, state);
};

/** Forgets the invocation `logger` was attached to (`state`, or whichever it was). */
export const forgetAttached = (logger: Logger, state?: DurableLogInvocation): void => {
  if (state === undefined || lastAttached.get(logger) === state) lastAttached.delete(logger);
  const invocation = currentFrame()?.invocation;
  if (state === undefined && invocation !== undefined)
    attachedLoggers.get(invocation).delete(logger);
};

const ownMethods = new WeakMap<Logger, LogMethods>();

// A child created from a routed logger, during an invocation or after, is routed at once.
onChildCreated((child, parent) => {
  if (ownMethods.has(parent)) routeDirectCalls(child);
});

/**
 * Routes direct calls on `logger` (a module-level logger used in the workflow instead of
 * `context.logger`) through the durable invocation they run in (found through the core's async
 * context, else the last attached one), so they are dropped on replay and carry the durable keys.
 * Outside an invocation they behave exactly as before. Once per logger; returns its own methods.
 */
export const routeDirectCalls = (logger: Logger): LogMethods => {
  const known = ownMethods.get(logger);
  if (known !== undefined) return known;
  const originals = {} as Record<LogMethodName, LogMethod>;
  for (const name of LOG_METHODS) {
    const original = (logger as unknown as Record<LogMethodName, LogMethod>)[name];
    originals[name] = original;
    Object.defineProperty(logger, name, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function routedLogMethod(this: Logger, input: unknown, ...extraInput: unknown[]) {
        const frame = currentFrame();
        // A logger made with createChild() writes through its root logger's invocation.
        const root = rootLoggerOf(this);
        const state =
          (frame && attachedLoggers.peek(frame.invocation)?.get(root)) ?? lastAttached.get(root);
        if (state === undefined) original.call(this, input, ...extraInput);
        else state.write(name, input, extraInput, frame, this);
      },
    });
  }
  ownMethods.set(logger, originals);
  return originals;
};
