import type { DurableContext } from '@aws/durable-execution-sdk-js';

/**
 * The durable operation whose code is running right now, as the SDK tracks it in its own
 * `AsyncLocalStorage`: a step attempt (then `attempt` is set), a `waitForCondition` check, or a child
 * context (`runInChildContext`, a `map` item, a `parallel` branch).
 *
 * @example
 * ```ts
 * const operation: ActiveOperation | undefined = getActiveOperation(context);
 * if (operation) console.log(operation.operationName, operation.attempt);
 * ```
 */
export interface ActiveOperation {
  /** The hashed operation id, as it appears in the checkpoint history. */
  readonly operationId: string;
  /** The operation's name, when it was given one. */
  readonly operationName?: string;
  /** The 1-based attempt number: set only inside a step attempt or a `waitForCondition` check. */
  readonly attempt?: number;
}

interface DurableLogData {
  operationId?: unknown;
  operationName?: unknown;
  attempt?: unknown;
}

interface DurableLoggingContextSource {
  getDurableLoggingContext?: () => { getDurableLogData?: () => DurableLogData } | undefined;
}

/**
 * The durable operation whose code is running now, or `undefined` at the root of the workflow (and
 * outside any durable execution).
 *
 * Read through the SDK's durable logging context (`getDurableLogData()`, the data the SDK hands a
 * custom logger): it reflects the SDK's active-operation storage, so it is right in every async
 * continuation, whatever context object `context` is.
 *
 * @param context - any durable context of the execution (the root one is fine)
 *
 * @example
 * ```ts
 * const operation = getActiveOperation(context);
 * if (operation?.attempt !== undefined) console.log(`inside step ${operation.operationName}, attempt ${operation.attempt}`);
 * ```
 */
export const getActiveOperation = (context: DurableContext): ActiveOperation | undefined => {
  const loggingContext = (context as DurableLoggingContextSource).getDurableLoggingContext?.();
  const data = loggingContext?.getDurableLogData?.();
  if (data === undefined || typeof data.operationId !== 'string') return undefined;
  return {
    operationId: data.operationId,
    ...(typeof data.operationName === 'string' ? { operationName: data.operationName } : {}),
    ...(typeof data.attempt === 'number' ? { attempt: data.attempt } : {}),
  };
};
