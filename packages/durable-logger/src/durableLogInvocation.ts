import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { type Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import {
  currentFrame,
  currentLogKeys,
  currentOperation,
  getExecutionArn,
  isReplayingIn,
  type LifecycleFrameView,
  type LifecycleOperation,
} from '@durable-powertools/commons';
import { toPowertoolsArguments } from './consoleArguments.js';
import { bufferConfigOf, DurableLogBuffer } from './logBuffer.js';
import { type LogMethodName, type LogMethods, methodsOf } from './powertoolsMethods.js';

/** What a {@link DurableLogInvocation} is built from. */
export interface DurableLogInvocationInit {
  readonly logger: Logger;
  readonly methods: LogMethods;
  readonly root: DurableContext;
  /** Keys the same on every record of the invocation, besides the ARN (the correlation id). */
  readonly invocationKeys: Readonly<Record<string, unknown>>;
  readonly executionArnConsoleKey: boolean;
  readonly logReplayed: boolean;
  /** Whether the logger's appended keys are reset when the invocation ends (`resetKeys` option). */
  readonly resetKeys: boolean;
}

/**
 * The logger's state for one invocation of one durable execution: asks the lifecycle core whether a
 * log call is a replay and, if not, prints it with its execution and operation keys passed per call
 * (never appended to the shared logger, so concurrent branches cannot overwrite each other's keys).
 */
export class DurableLogInvocation {
  readonly #init: DurableLogInvocationInit;
  /** The keys every record of this invocation shares, built once (the ARN cannot change). */
  readonly #sharedKeys: Readonly<Record<string, unknown>>;
  /** This invocation's log buffer, when the logger has `logBufferOptions`. */
  readonly #buffer: DurableLogBuffer | undefined;

  public constructor(init: DurableLogInvocationInit) {
    this.#init = init;
    const bufferConfig = bufferConfigOf(init.logger);
    this.#buffer = bufferConfig === undefined ? undefined : new DurableLogBuffer(bufferConfig);
    const executionArn = getExecutionArn(init.root);
    this.#sharedKeys = {
      execution_arn: executionArn,
      ...(init.executionArnConsoleKey && { executionArn }),
      ...init.invocationKeys,
    };
  }

  /** The Powertools Logger this invocation writes through. */
  public get logger(): Logger {
    return this.#init.logger;
  }

  /** Whether the logger's appended keys are reset when the invocation ends. */
  public get resetsKeys(): boolean {
    return this.#init.resetKeys;
  }

  /** Whether replayed lines are written (tagged) instead of dropped. */
  public get logsReplayed(): boolean {
    return this.#init.logReplayed;
  }

  /**
   * Whether this invocation must see replayed lines itself (the SDK's own replay filter off): to
   * write them tagged, or to rebuild the log buffer from them.
   */
  public get seesReplayedLines(): boolean {
    return this.#init.logReplayed || this.#buffer !== undefined;
  }

  /** The workflow failed: prints every buffered line, as Powertools' `flushBufferOnUncaughtError`. */
  public flushBuffer(): void {
    this.#buffer?.flush('all');
  }

  /**
   * Prints one record through the logger's own `method`, or drops it when it repeats a line an
   * earlier invocation printed. Nothing is formatted for a dropped record.
   */
  public write(
    methodName: LogMethodName,
    input: unknown,
    extraInput: readonly unknown[],
    frame: LifecycleFrameView | undefined = currentFrame(),
    writer: Logger = this.#init.logger,
  ): void {
    const replayed = isReplayingIn(frame);
    if (this.#buffer !== undefined) {
      const operation = operationOf(frame);
      if (
        this.#buffered(this.#buffer, methodName, input, extraInput, writer, operation, replayed)
      ) {
        return;
      }
    }
    if (replayed && !this.#init.logReplayed) return;
    this.#print(methodName, input, extraInput, frame, replayed, writer);
  }

  /**
   * {@link write} for a console-style call (`context.logger`): the arguments are only formatted
   * for a record that is printed.
   */
  public writeConsole(methodName: LogMethodName, args: readonly unknown[]): void {
    const frame = currentFrame();
    if (this.#buffer !== undefined) {
      // A replayed line may still have to be buffered (rebuilt): formatted either way.
      const [input, extraInput] = toPowertoolsArguments(args);
      this.write(methodName, input, extraInput, frame);
      return;
    }
    const replayed = isReplayingIn(frame);
    if (replayed && !this.#init.logReplayed) return;
    const [input, extraInput] = toPowertoolsArguments(args);
    this.#print(methodName, input, extraInput, frame, replayed, this.#init.logger);
  }

  /**
   * Applies log buffering to one record: flushes on an error log, keeps a record at or below the
   * buffered level. Returns whether the record was kept (and so is not printed now).
   */
  #buffered(
    buffer: DurableLogBuffer,
    methodName: LogMethodName,
    input: unknown,
    extraInput: readonly unknown[],
    writer: Logger,
    operation: LifecycleOperation | undefined,
    replayed: boolean,
  ): boolean {
    const level = LEVELS[methodName];
    const inAttempt = operation?.kind === 'attempt';
    if (buffer.flushesOn(level)) {
      // A replayed error log flushed the rebuilt lines when it ran live.
      if (replayed) buffer.dropReplayed();
      else buffer.flush(inAttempt ? 'attempts' : 'all');
    }
    if (!buffer.buffers(level)) return false;
    // A buffered line was never printed, so a replayed one is kept (rebuilt), untagged.
    const operationKeys = operationKeysFor(operation, false);
    const extra = [...extraInput, this.#sharedKeys, ...(operationKeys ? [operationKeys] : [])];
    buffer.add(writer, level, input, extra, !inAttempt);
    return true;
  }

  #print(
    methodName: LogMethodName,
    input: unknown,
    extraInput: readonly unknown[],
    frame: LifecycleFrameView | undefined,
    replayed: boolean,
    writer: Logger,
  ): void {
    const methods = writer === this.#init.logger ? this.#init.methods : methodsOf(writer);
    const method = methods[methodName];
    const operationKeys = operationKeysFor(operationOf(frame), replayed);
    // Keys other utilities add through the lifecycle core (OpenTelemetry's trace_id / span_id).
    const lifecycleKeys = currentLogKeys();
    // Extra objects, the shared one reused as is: cheaper for Powertools than one merged copy.
    if (lifecycleKeys !== undefined) {
      method.call(writer, input, ...extraInput, this.#sharedKeys, {
        ...operationKeys,
        ...lifecycleKeys,
      });
    } else if (operationKeys === undefined) {
      method.call(writer, input, ...extraInput, this.#sharedKeys);
    } else {
      method.call(writer, input, ...extraInput, this.#sharedKeys, operationKeys);
    }
  }
}

/** The operation whose code is running in `frame`. */
const operationOf = (frame: LifecycleFrameView | undefined): LifecycleOperation | undefined =>
  frame?.operation ?? (frame === undefined ? undefined : currentOperation());

const LEVELS: Readonly<Record<LogMethodName, number>> = {
  trace: LogLevelThreshold.TRACE,
  debug: LogLevelThreshold.DEBUG,
  info: LogLevelThreshold.INFO,
  warn: LogLevelThreshold.WARN,
  error: LogLevelThreshold.ERROR,
  critical: LogLevelThreshold.CRITICAL,
};

/**
 * The keys of the operation whose code is running: its id, name, attempt and parent (for the body
 * of a child context, the child's own parent; for a step inside a child context, that child).
 */
const operationKeysFor = (
  operation: LifecycleOperation | undefined,
  replayed: boolean,
): Record<string, unknown> | undefined => {
  if (operation === undefined) return replayed ? { replayed } : undefined;
  const keys: Record<string, unknown> = { operation_id: operation.id };
  if (operation.name !== undefined) keys.operation_name = operation.name;
  if (operation.parentId !== undefined) keys.parent_id = operation.parentId;
  if (operation.attempt !== undefined) keys.attempt = operation.attempt;
  if (replayed) keys.replayed = true;
  return keys;
};
