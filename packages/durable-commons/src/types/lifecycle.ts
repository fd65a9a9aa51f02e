import type { DurableContext, OperationInfo } from '@aws/durable-execution-sdk-js';

/**
 * How the SDK reported an invocation's end (`onInvocationEnd`): `PENDING` (suspended: a wait, a
 * callback, a retry delay), `SUCCEEDED` or `FAILED` (the execution is over), `RETRYING` (a checkpoint
 * failed; Lambda retries the same invocation).
 *
 * @example
 * ```ts
 * const final = (status: InvocationEndStatus) => status === 'SUCCEEDED' || status === 'FAILED';
 * ```
 */
export type InvocationEndStatus = 'SUCCEEDED' | 'FAILED' | 'PENDING' | 'RETRYING';

/**
 * What the SDK said when an invocation ended.
 *
 * @example
 * ```ts
 * subscribeLifecycle({ name: 'example', invocationEnd: (_invocation, end: InvocationEnd) => console.log(end.status) });
 * ```
 */
export interface InvocationEnd {
  readonly status: InvocationEndStatus;
  /** The execution's result (`SUCCEEDED` only). */
  readonly executionResult?: unknown;
  /** Why the execution failed (`FAILED`), or the unrecoverable error (`RETRYING`). */
  readonly executionError?: Error;
  /** Every operation of the execution as checkpointed when the invocation ended, by hashed id. */
  readonly operations: Readonly<Record<string, OperationInfo>>;
}

/**
 * One invocation of a durable execution, as the lifecycle core sees it: created when the SDK starts
 * the invocation, ended with the SDK's status. Per-invocation state of a utility lives in its
 * {@link LifecycleInvocation.slot}, never in module globals.
 *
 * @example
 * ```ts
 * const invocation = currentInvocation();
 * if (invocation?.isFirstInvocation) console.log(`execution ${invocation.executionArn} started`);
 * ```
 */
export interface LifecycleInvocation {
  /** ARN of the durable execution (a bare id under the local test runner). */
  readonly executionArn: string;
  /** Lambda request id of this invocation. */
  readonly requestId: string;
  /**
   * 1-based number of this invocation within its execution, estimated from the checkpoint history
   * (exact for workflows that suspend on one thing at a time).
   */
  readonly index: number;
  /** `true` on the invocation that starts the execution. */
  readonly isFirstInvocation: boolean;
  /** `Date.now()` when the SDK started this invocation. */
  readonly startedAt: number;
  /** When the execution first started, as the service reports it (same on every invocation). */
  readonly executionStartTimestamp: Date | undefined;
  /** The checkpoint history when the invocation started, by hashed operation id. */
  readonly operations: Readonly<Record<string, OperationInfo>>;
  /**
   * The operations the service reports as updated since the previous invocation (a wait that
   * elapsed, a callback completed: `UpdatedOperationIds`); empty on the first invocation.
   */
  readonly updatedOperations: Readonly<Record<string, OperationInfo>>;
  /** How the invocation ended; `undefined` while it runs. */
  readonly end: InvocationEnd | undefined;
  /**
   * The plugin instance driving this invocation (a `DurablePowertoolsPlugin`, or a subclass a
   * utility uses to carry per-handler settings).
   */
  readonly plugin: object;
  /** The root durable context, once a utility has bound it (see `bindDurableContext`). */
  readonly rootContext: DurableContext | undefined;
  /**
   * Per-invocation state of one utility, created on first use. Keys are `Symbol.for(...)` so that
   * two copies of a utility (ESM and CJS) share it.
   */
  slot<T>(key: symbol, create: () => T): T;
}

/** What kind of operation frame code runs in: a child context function or one operation attempt. */
export type LifecycleOperationKind = 'childContext' | 'attempt';

/**
 * The durable operation whose code is running: a child context function (`runInChildContext`, a
 * `map` item, a `parallel` branch) or an attempt of a step or `waitForCondition` check.
 *
 * @example
 * ```ts
 * const operation = currentOperation();
 * if (operation?.kind === 'attempt') console.log(operation.name, operation.attempt);
 * ```
 */
export interface LifecycleOperation {
  readonly kind: LifecycleOperationKind;
  /** Hashed operation id, as in the checkpoint history. */
  readonly id: string;
  readonly name: string | undefined;
  /** SDK operation type: `CONTEXT`, `STEP`, … */
  readonly type: string;
  /** SDK sub-type: `Map`, `Parallel`, `ParallelBranch`, `RunInChildContext`, … */
  readonly subType: string | undefined;
  /** Hashed id the SDK records as this operation's parent (`undefined` at the root). */
  readonly parentId: string | undefined;
  /** 1-based attempt number (`attempt` frames only). */
  readonly attempt: number | undefined;
  /**
   * `true` when this code only re-runs work done in an earlier invocation: a child context re-run
   * to rebuild a finished map/parallel or a summarised result (its code already ran once). An attempt
   * is never a replay.
   */
  readonly replaying: boolean;
  /**
   * `true` for a virtual child context (an item or branch of a FLAT map/parallel): it has no
   * checkpoint of its own, so it re-runs from its top whenever its nearest non-virtual ancestor
   * re-runs, until that ancestor finishes.
   */
  readonly virtual: boolean;
  /** The enclosing operation frame (`undefined` directly under the root). */
  readonly parent: LifecycleOperation | undefined;
  /** The durable context of a child context frame, when known (see `bindDurableContext`). */
  readonly context: DurableContext | undefined;
}

/** How an operation frame's function ended in this invocation. */
export interface OperationFrameEnd {
  /** `true` when the function threw or rejected. */
  readonly failed: boolean;
  readonly error?: unknown;
}

/**
 * A utility's interest in the lifecycle, registered once with `subscribeLifecycle` where the utility
 * is constructed. Every hook is optional; a hook that throws is reported once as a process warning
 * and never breaks the invocation. `wrap*` hooks must call `fn` exactly once and return its result.
 *
 * @example
 * ```ts
 * subscribeLifecycle({
 *   name: 'metrics',
 *   invocationEnd: (invocation, end) => publishIfFinal(invocation, end.status),
 *   childContextEnd: (operation, invocation) => publishChild(invocation, operation),
 * });
 * ```
 */
export interface LifecycleSubscriber {
  /** Names the utility in warnings. */
  readonly name: string;
  invocationStart?(invocation: LifecycleInvocation): void;
  /** Runs around the whole invocation (the SDK's `wrapInvocation`), outermost subscriber first. */
  wrapInvocation?<T>(invocation: LifecycleInvocation, fn: () => Promise<T>): Promise<T>;
  /** The SDK's `onInvocationEnd`: awaited before the Lambda response is returned. */
  invocationEnd?(invocation: LifecycleInvocation, end: InvocationEnd): void | Promise<void>;
  childContextStart?(operation: LifecycleOperation, invocation: LifecycleInvocation): void;
  /** A child context function settled in this invocation (not called for one left running). */
  childContextEnd?(
    operation: LifecycleOperation,
    invocation: LifecycleInvocation,
    outcome: OperationFrameEnd,
  ): void;
  wrapChildContext?(
    operation: LifecycleOperation,
    invocation: LifecycleInvocation,
    fn: () => unknown,
  ): unknown;
  attemptStart?(operation: LifecycleOperation, invocation: LifecycleInvocation): void;
  attemptEnd?(
    operation: LifecycleOperation,
    invocation: LifecycleInvocation,
    outcome: OperationFrameEnd,
  ): void;
  wrapAttempt?(
    operation: LifecycleOperation,
    invocation: LifecycleInvocation,
    fn: () => unknown,
  ): unknown;
  /**
   * Keys to add to every log record written now (by the SDK's `context.logger` through
   * `enrichLogContext`, and by the durable logger), e.g. `trace_id` and `span_id`.
   */
  logKeys?(
    invocation: LifecycleInvocation,
    operation: LifecycleOperation | undefined,
  ): Readonly<Record<string, string | number | boolean>> | undefined;
  /**
   * A durable context object became known to the core: the root (bound by a utility) or a child
   * context whose function is starting (`operation` set). Lets a utility configure it.
   */
  contextBound?(
    context: DurableContext,
    operation: LifecycleOperation | undefined,
    invocation: LifecycleInvocation,
  ): void;
  /** The SDK's `onOperationStart` / `onOperationEnd` for every operation (`isReplay` included). */
  operationStart?(info: OperationInfo, invocation: LifecycleInvocation): void;
  operationEnd?(info: OperationInfo, invocation: LifecycleInvocation): void;
}

/**
 * What code running now belongs to: an invocation and, inside one, the operation frame
 * (`undefined` at the root of the workflow).
 *
 * @example
 * ```ts
 * const frame: LifecycleFrameView | undefined = currentFrame();
 * console.log(frame?.invocation.index, frame?.operation?.name);
 * ```
 */
export interface LifecycleFrameView {
  readonly invocation: LifecycleInvocation;
  readonly operation: LifecycleOperation | undefined;
}
