import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { Logger } from '@aws-lambda-powertools/logger';
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
import type { LogMethodName, LogMethods } from './powertoolsMethods.js';

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

  public constructor(init: DurableLogInvocationInit) {
    this.#init = init;
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
   * Prints one record through the logger's own `method`, or drops it when it repeats a line an
   * earlier invocation printed. Nothing is formatted for a dropped record.
   */
  public write(
    methodName: LogMethodName,
    input: unknown,
    extraInput: readonly unknown[],
    frame: LifecycleFrameView | undefined = currentFrame(),
  ): void {
    const replayed = isReplayingIn(frame);
    if (replayed && !this.#init.logReplayed) return;
    this.#print(methodName, input, extraInput, frame, replayed);
  }

  /**
   * {@link write} for a console-style call (`context.logger`): the arguments are only formatted
   * for a record that is printed.
   */
  public writeConsole(methodName: LogMethodName, args: readonly unknown[]): void {
    const frame = currentFrame();
    const replayed = isReplayingIn(frame);
    if (replayed && !this.#init.logReplayed) return;
    const [input, extraInput] = toPowertoolsArguments(args);
    this.#print(methodName, input, extraInput, frame, replayed);
  }

  #print(
    methodName: LogMethodName,
    input: unknown,
    extraInput: readonly unknown[],
    frame: LifecycleFrameView | undefined,
    replayed: boolean,
  ): void {
    const method = this.#init.methods[methodName];
    const operation = frame?.operation ?? (frame === undefined ? undefined : currentOperation());
    const operationKeys = operationKeysFor(operation, replayed);
    // Keys other utilities add through the lifecycle core (OpenTelemetry's trace_id / span_id).
    const lifecycleKeys = currentLogKeys();
    // Extra objects, the shared one reused as is: cheaper for Powertools than one merged copy.
    if (lifecycleKeys !== undefined) {
      method.call(this.#init.logger, input, ...extraInput, this.#sharedKeys, {
        ...operationKeys,
        ...lifecycleKeys,
      });
    } else if (operationKeys === undefined) {
      method.call(this.#init.logger, input, ...extraInput, this.#sharedKeys);
    } else {
      method.call(this.#init.logger, input, ...extraInput, this.#sharedKeys, operationKeys);
    }
  }
}

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
