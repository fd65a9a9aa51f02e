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
 * subscribe({ name: 'example', onInvocationEnd: (_invocation, end: InvocationEnd) => console.log(end.status) });
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
 * One invocation of a durable execution, as the core sees it: created when the SDK starts the
 * invocation, ended with the SDK's status. Per-invocation state of a utility lives in a slot
 * ({@link defineSlot}), never in module globals or plugin instances.
 *
 * @example
 * ```ts
 * const invocation = currentFrame()?.invocation;
 * if (invocation?.isFirstInvocation) console.log(`execution ${invocation.executionArn} started`);
 * ```
 */
export interface DurableInvocation {
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
  /** The root durable context, once a utility has bound it (see {@link requireInvocation}). */
  readonly rootContext: DurableContext | undefined;
}

/** What kind of operation frame code runs in: a child context function or one operation attempt. */
export type DurableOperationKind = 'childContext' | 'attempt';

/**
 * The durable operation whose code is running: a child context function (`runInChildContext`, a
 * `map` item, a `parallel` branch) or an attempt of a step or `waitForCondition` check.
 *
 * @example
 * ```ts
 * const operation = currentFrame()?.operation;
 * if (operation?.kind === 'attempt') console.log(operation.name, operation.attempt);
 * ```
 */
export interface DurableOperation {
  readonly kind: DurableOperationKind;
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
   * to rebuild a finished map/parallel or a summarised result. An attempt is never a replay.
   */
  readonly replaying: boolean;
  /**
   * `true` for a virtual child context (an item or branch of a FLAT map/parallel): it has no
   * checkpoint of its own, so it re-runs from its top whenever its nearest non-virtual ancestor
   * re-runs, until that ancestor finishes.
   */
  readonly virtual: boolean;
  /** The enclosing operation frame (`undefined` directly under the root). */
  readonly parent: DurableOperation | undefined;
  /** The durable context of a child context frame, once its function received it. */
  readonly context: DurableContext | undefined;
}

/**
 * What code running now belongs to: an invocation and, inside one, the operation frame
 * (`undefined` at the root of the workflow).
 *
 * @example
 * ```ts
 * const frame: DurableFrame | undefined = currentFrame();
 * console.log(frame?.invocation.index, frame?.operation?.name);
 * ```
 */
export interface DurableFrame {
  readonly invocation: DurableInvocation;
  readonly operation: DurableOperation | undefined;
}

/** How an operation frame's function ended in this invocation. */
export interface OperationFrameEnd {
  /** `true` when the function threw or rejected. */
  readonly failed: boolean;
  readonly error?: unknown;
}

/** Keys a subscriber adds to log records (the SDK's `enrichLogContext` shape). */
export type LogKeys = Readonly<Record<string, string | number | boolean>>;

/**
 * A utility's interest in the lifecycle, registered once with {@link subscribe} where the utility
 * is built. The hooks carry the SDK's own plugin hook names and fire when the SDK fires them, with
 * the core's view of the invocation and operation; `onChildContextStart/End` and `onContextBound`
 * are what the SDK lacks. Every hook is optional; a hook that throws is reported once as a process
 * warning and never breaks the invocation. `wrap*` hooks must call `fn` exactly once and return its
 * result.
 *
 * @example
 * ```ts
 * subscribe({
 *   name: 'metrics',
 *   onInvocationEnd: (invocation, end) => publishIfFinal(invocation, end.status),
 *   onChildContextEnd: (operation, invocation) => publishChild(invocation, operation),
 * });
 * ```
 */
export interface DurableSubscriber {
  /** Names the utility in warnings. */
  readonly name: string;
  onInvocationStart?(invocation: DurableInvocation): void;
  /** Runs around the whole invocation (the SDK's `wrapInvocation`), first subscriber outermost. */
  wrapInvocation?<T>(invocation: DurableInvocation, fn: () => Promise<T>): Promise<T>;
  /** The SDK's `onInvocationEnd`: awaited before the Lambda response is returned. */
  onInvocationEnd?(invocation: DurableInvocation, end: InvocationEnd): void | Promise<void>;
  /** The SDK's `onOperationStart` for every operation (`isReplay` included). */
  onOperationStart?(info: OperationInfo, invocation: DurableInvocation): void;
  /** The SDK's `onOperationEnd` for every operation. */
  onOperationEnd?(info: OperationInfo, invocation: DurableInvocation): void;
  /** Runs around a child context function (the SDK's `wrapChildContextFn`). */
  wrapChildContextFn?(
    operation: DurableOperation,
    invocation: DurableInvocation,
    fn: () => unknown,
  ): unknown;
  /** Runs around one step or `waitForCondition` attempt (the SDK's `wrapOperationAttemptFn`). */
  wrapOperationAttemptFn?(
    operation: DurableOperation,
    invocation: DurableInvocation,
    fn: () => unknown,
  ): unknown;
  /** An attempt's function starts (the SDK's `onOperationAttemptStart`, with the core's frame). */
  onOperationAttemptStart?(operation: DurableOperation, invocation: DurableInvocation): void;
  /** An attempt's function settled in this invocation. */
  onOperationAttemptEnd?(
    operation: DurableOperation,
    invocation: DurableInvocation,
    outcome: OperationFrameEnd,
  ): void;
  /** Not in the SDK: a child context function starts. */
  onChildContextStart?(operation: DurableOperation, invocation: DurableInvocation): void;
  /** Not in the SDK: a child context function settled in this invocation (not for one left running). */
  onChildContextEnd?(
    operation: DurableOperation,
    invocation: DurableInvocation,
    outcome: OperationFrameEnd,
  ): void;
  /**
   * Keys to add to every log record written now (the SDK's `enrichLogContext`, also applied by the
   * durable logger), e.g. `trace_id` and `span_id`.
   */
  enrichLogContext?(
    invocation: DurableInvocation,
    operation: DurableOperation | undefined,
  ): LogKeys | undefined;
  /**
   * Not in the SDK: a durable context object became known to the core, the root (bound by a
   * utility) or a child context whose function is starting (`operation` set).
   */
  onContextBound?(
    context: DurableContext,
    operation: DurableOperation | undefined,
    invocation: DurableInvocation,
  ): void;
}

/**
 * Per-invocation state of one utility, created on first use (see {@link defineSlot}).
 *
 * @example
 * ```ts
 * const counts = defineSlot('example.counts', () => new Map<string, number>());
 * counts.get(invocation).set('orders', 1);
 * ```
 */
export interface InvocationSlot<T> {
  /** The invocation's value, created on first use. */
  get(invocation: DurableInvocation): T;
  /** The invocation's value if it was created. */
  peek(invocation: DurableInvocation): T | undefined;
}

/**
 * The request a middy middleware sees when its chain runs inside `withDurableExecution`, or in
 * middy 7's durable mode: `context` is the SDK's {@link DurableContext}. Declared structurally, so
 * that `@middy/core` stays an optional peer dependency.
 *
 * @example
 * ```ts
 * const before = (request: DurableMiddyRequest<SQSEvent>) => {
 *   console.log(request.context.executionContext.durableExecutionArn);
 * };
 * ```
 */
export interface DurableMiddyRequest<TEvent = unknown, TResult = unknown> {
  event: TEvent;
  context: DurableContext;
  response: TResult | null | undefined;
  error: Error | null | undefined;
  internal: Record<string, unknown>;
}

/**
 * One phase of a middleware: what middy calls with the request.
 *
 * @example
 * ```ts
 * const before: DurableMiddlewareFn = (request) => {
 *   request.internal[internalKey('example', 'startedAt')] = Date.now();
 * };
 * ```
 */
export type DurableMiddlewareFn<TEvent = unknown, TResult = unknown> = (
  request: DurableMiddyRequest<TEvent, TResult>,
) => unknown;

/**
 * A middy middleware object for durable handlers.
 *
 * @example
 * ```ts
 * const middleware: DurableMiddlewareObj = { before: (request) => console.log(request.event) };
 * export const handler = withDurableExecution(middy(workflow).use(middleware));
 * ```
 */
export interface DurableMiddlewareObj<TEvent = unknown, TResult = unknown> {
  before?: DurableMiddlewareFn<TEvent, TResult>;
  after?: DurableMiddlewareFn<TEvent, TResult>;
  onError?: DurableMiddlewareFn<TEvent, TResult>;
}
