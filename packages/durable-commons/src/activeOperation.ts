import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { currentOperation } from './lifecycle/api.js';
import { readActiveOperation } from './sdkInternals.js';

/**
 * The durable operation whose code is running right now: a step attempt (then `attempt` is set), a
 * `waitForCondition` check, or a child context (`runInChildContext`, a `map` item, a `parallel` branch).
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

/**
 * The durable operation whose code is running now, or `undefined` at the root of the workflow (and
 * outside any durable execution): the lifecycle core's operation frame when `DurablePowertoolsPlugin`
 * wraps the invocation, else what the SDK tells a custom logger (see `sdkInternals.ts`).
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
  const operation = currentOperation();
  if (operation !== undefined) {
    return {
      operationId: operation.id,
      ...(operation.name === undefined ? {} : { operationName: operation.name }),
      ...(operation.attempt === undefined ? {} : { attempt: operation.attempt }),
    };
  }
  return readActiveOperation(context);
};
