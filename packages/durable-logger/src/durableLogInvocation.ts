import type {
  DurableContext,
  DurableLogData,
  DurableLoggingContext,
} from '@aws/durable-execution-sdk-js';
import type { Logger } from '@aws-lambda-powertools/logger';
import { currentLogKeys, getExecutionArn, isReplayingNow } from '@durable-powertools/commons';
import type { LogMethodName, LogMethods } from './powertoolsMethods.js';
import type { ChildFrame } from './scope.js';

/** What a {@link DurableLogInvocation} is built from. */
export interface DurableLogInvocationInit {
  readonly logger: Logger;
  readonly methods: LogMethods;
  readonly root: DurableContext;
  /** Keys the same on every record of the invocation, besides the ARN (the correlation id). */
  readonly invocationKeys: Readonly<Record<string, unknown>>;
  readonly executionArnConsoleKey: boolean;
  readonly logReplayed: boolean;
}

/**
 * The logger's state for one invocation of one durable execution: decides whether a log call is a
 * replay and, if not, prints it with its execution and operation keys passed per call (never
 * appended to the shared logger, so concurrent branches cannot overwrite each other's keys).
 */
export class DurableLogInvocation {
  readonly #init: DurableLogInvocationInit;
  /** The keys every record of this invocation shares, built once (the ARN cannot change). */
  readonly #sharedKeys: Readonly<Record<string, unknown>>;
  #getDurableLogData: (() => DurableLogData) | undefined;

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

  /** Whether replayed lines are written (tagged) instead of dropped. */
  public get logsReplayed(): boolean {
    return this.#init.logReplayed;
  }

  /**
   * Takes the SDK's source of durable log data. The SDK hands it over from every context it creates;
   * all of them read the same execution and the SDK's own record of the running operation.
   */
  public useLoggingContext(loggingContext: DurableLoggingContext): void {
    this.#getDurableLogData = loggingContext.getDurableLogData;
  }

  /** What the SDK says about the code running now (execution, operation, attempt). */
  public durableLogData(): DurableLogData | undefined {
    return this.#getDurableLogData?.();
  }

  /**
   * Prints one record through the logger's own `method`, or drops it when it repeats a line an
   * earlier invocation printed. Nothing is formatted for a dropped record.
   */
  public write(
    methodName: LogMethodName,
    input: unknown,
    extraInput: readonly unknown[],
    frame: ChildFrame | undefined,
  ): void {
    const data = this.durableLogData();
    const replayed = this.#isReplayed(data, frame);
    if (replayed && !this.#init.logReplayed) return;
    const method = this.#init.methods[methodName];
    const operationKeys = this.#operationKeysFor(data, frame, replayed);
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

  #isReplayed(data: DurableLogData | undefined, frame: ChildFrame | undefined): boolean {
    if (data === undefined) return false;
    // A step or wait-for-condition attempt only ever runs live: completed ones are not re-run.
    if (data.attempt !== undefined) return false;
    if (data.operationId === undefined) return isReplayingNow(this.#init.root);
    if (frame !== undefined && frame.operationId === data.operationId) {
      return isReplayingNow(frame.context);
    }
    return false;
  }

  #operationKeysFor(
    data: DurableLogData | undefined,
    frame: ChildFrame | undefined,
    replayed: boolean,
  ): Record<string, unknown> | undefined {
    const operationId = data?.operationId;
    if (operationId === undefined) return replayed ? { replayed } : undefined;
    const keys: Record<string, unknown> = { operation_id: operationId };
    if (data?.operationName !== undefined) keys.operation_name = data.operationName;
    const parentId = parentOf(operationId, frame);
    if (parentId !== undefined) keys.parent_id = parentId;
    if (data?.attempt !== undefined) keys.attempt = data.attempt;
    if (replayed) keys.replayed = true;
    return keys;
  }
}

/**
 * The parent of the operation whose code is running: for the body of a child context, the child's
 * own parent; for a step (or any operation) inside a child context, that child.
 */
const parentOf = (operationId: string, frame: ChildFrame | undefined): string | undefined => {
  if (frame === undefined) return undefined;
  return frame.operationId === operationId ? frame.parentId : frame.childrenParentId;
};
