import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { DurablePluginNotRegisteredError } from '../errors.js';
import {
  readActiveOperation,
  readCursor,
  readExecutionMode,
  readNextOperationRecorded,
} from '../sdkInternals.js';
import type {
  LifecycleFrameView,
  LifecycleInvocation,
  LifecycleOperation,
  LifecycleSubscriber,
} from '../types/lifecycle.js';
import { notify } from './dispatch.js';
import { followChildContexts } from './followChildContexts.js';
import type { InvocationRecord } from './InvocationRecord.js';
import type { OperationRecord } from './OperationRecord.js';
import { lifecycleState } from './state.js';

/**
 * The invocation whose code is running now, or `undefined` outside an invocation that
 * `DurablePowertoolsPlugin` wraps.
 *
 * @example
 * ```ts
 * const invocation = currentInvocation();
 * logger.info('resumed', { invocation: invocation?.index, first: invocation?.isFirstInvocation });
 * ```
 */
export const currentInvocation = (): LifecycleInvocation | undefined =>
  lifecycleState.storage.getStore()?.invocation;

/**
 * The operation frame whose code is running now (a child context function or a step /
 * `waitForCondition` attempt), or `undefined` at the root of the workflow.
 *
 * @example
 * ```ts
 * const operation = currentOperation();
 * if (operation?.kind === 'attempt') console.log(`attempt ${operation.attempt} of ${operation.name}`);
 * ```
 */
export const currentOperation = (): LifecycleOperation | undefined => {
  const frame = lifecycleState.storage.getStore();
  if (frame === undefined || frame.operation !== undefined) return frame?.operation;
  return replayedOperationAt(frame.invocation);
};

/**
 * At the root frame: a finished child context the SDK re-runs without any plugin hook (a result
 * too large to checkpoint is rebuilt by running its function again). Only the SDK's own record of
 * the active operation tells (see `sdkInternals.ts`); `undefined` for any other code.
 */
const replayedOperationAt = (invocation: InvocationRecord): LifecycleOperation | undefined => {
  const root = invocation.rootContext;
  if (root === undefined || !invocation.hasFinishedChildren) return undefined;
  const active = readActiveOperation(root);
  if (active === undefined || !invocation.finishedBefore(active.operationId)) return undefined;
  return invocation.replayedOperation(active.operationId);
};

/**
 * Registers a utility's lifecycle hooks, process-wide; call it where the utility is constructed (once
 * per utility module is enough: the hooks receive the invocation, per-invocation state goes in its
 * `slot`). Returns the function that removes the subscription.
 *
 * @example
 * ```ts
 * const unsubscribe = subscribeLifecycle({
 *   name: 'example',
 *   invocationEnd: (invocation, end) => console.log(invocation.index, end.status),
 * });
 * ```
 */
export const subscribeLifecycle = (subscriber: LifecycleSubscriber): (() => void) => {
  lifecycleState.subscribers.push(subscriber);
  return () => {
    const index = lifecycleState.subscribers.indexOf(subscriber);
    if (index >= 0) lifecycleState.subscribers.splice(index, 1);
  };
};

/**
 * Tells the core which durable context the code running now received (the root one, in a
 * middleware's `before` or at the top of the handler), so that replay checks can fall back on it,
 * and follows its child contexts. Returns the current invocation, or `undefined` when no
 * `DurablePowertoolsPlugin` wraps this invocation.
 *
 * @example
 * ```ts
 * export const handler = withDurableExecution(async (event, context) => {
 *   bindDurableContext(context);
 *   // ...
 * }, { plugins: [new DurablePowertoolsPlugin()] });
 * ```
 */
export const bindDurableContext = (context: DurableContext): LifecycleInvocation | undefined => {
  const frame = lifecycleState.storage.getStore();
  if (frame === undefined) return undefined;
  if (frame.invocation.executionArn !== context.executionContext?.durableExecutionArn) {
    return undefined;
  }
  const { invocation, operation } = frame;
  if (operation === undefined && invocation.rootContext !== context) {
    invocation.bindRoot(context);
    notify('contextBound', context, undefined, invocation);
  } else if (operation?.kind === 'childContext' && operation.context === undefined) {
    operation.bindContext(context);
    notify('contextBound', context, operation, invocation);
  }
  followChildContexts(context);
  return frame.invocation;
};

/**
 * The current invocation of the execution `context` belongs to, bound to `context`; throws
 * {@link DurablePluginNotRegisteredError}, naming the one registration line, when no
 * `DurablePowertoolsPlugin` wraps the invocation. Utilities call it on their first line of every
 * invocation, so a missing registration fails loudly instead of losing data.
 *
 * @param context - the root durable context the handler received
 * @param utility - the calling utility, for the message (e.g. `durableMetrics()`)
 *
 * @example
 * ```ts
 * const before = (request) => {
 *   const invocation = requireLifecycle(request.context, 'durableMetrics()');
 * };
 * ```
 */
export const requireLifecycle = (context: DurableContext, utility: string): LifecycleInvocation => {
  const invocation = bindDurableContext(context);
  if (invocation === undefined) throw new DurablePluginNotRegisteredError(utility);
  return invocation;
};

/**
 * The keys subscribers add to a log record written now (their `logKeys` hooks, merged in
 * registration order), or `undefined` when there are none or no invocation is running.
 *
 * @example
 * ```ts
 * logger.info('charged', { ...currentLogKeys() }); // trace_id / span_id with OpenTelemetry
 * ```
 */
export const currentLogKeys = (): Record<string, string | number | boolean> | undefined => {
  const frame = lifecycleState.storage.getStore();
  if (frame === undefined) return undefined;
  let keys: Record<string, string | number | boolean> | undefined;
  for (const subscriber of lifecycleState.subscribers) {
    if (subscriber.logKeys === undefined) continue;
    try {
      const added = subscriber.logKeys(frame.invocation, frame.operation);
      if (added !== undefined) keys = { ...keys, ...added };
    } catch {
      // Log keys are best effort: a failing subscriber never breaks a log call.
    }
  }
  return keys;
};

interface CachedAnswer {
  readonly cursor: unknown;
  readonly mode: unknown;
  readonly replaying: boolean;
}

/**
 * The last answer per context. It can only change when the context starts an operation (its
 * cursor moves) or changes replay mode, so the log calls in between (the hot path of a suppressed
 * log line) skip building the next operation id.
 */
const answers = new WeakMap<DurableContext, CachedAnswer>();

const replayingAt = (context: DurableContext): boolean => {
  const cursor = readCursor(context);
  const mode = readExecutionMode(context);
  const last = answers.get(context);
  if (last !== undefined && last.cursor === cursor && last.mode === mode) return last.replaying;
  const replaying =
    (mode !== undefined && mode !== 'ExecutionMode') || readNextOperationRecorded(context) === true;
  answers.set(context, { cursor, mode, replaying });
  return replaying;
};

/**
 * Whether the code running at this moment repeats code an earlier invocation already ran:
 * - a step or `waitForCondition` attempt: never (finished attempts are not re-run);
 * - a child context re-run only to rebuild a parent that finished earlier (FLAT map/parallel items,
 *   a summarised result): always;
 * - the root, or a child context: the SDK's replay mode of that context, plus the case the SDK does
 *   not track, a child resumed after a suspension, which replays while the next operation it will
 *   start is already recorded. This part reads the context's SDK state (see `sdkInternals.ts`).
 *
 * @param context - the context to ask when no operation frame says (defaults to the current
 *   frame's child context, or the invocation's root context)
 *
 * @example
 * ```ts
 * await context.runInChildContext('ship', async (child) => {
 *   if (!isReplayingNow(child)) console.log('packing'); // once, even if the child is resumed later
 *   await child.wait({ seconds: 1 });
 * });
 * ```
 */
export const isReplayingNow = (context?: DurableContext): boolean =>
  isReplayingIn(lifecycleState.storage.getStore(), context);

/**
 * What code running now belongs to, read once: the invocation and, inside one, the operation frame
 * (`operation` is `undefined` at the root). For hot paths that need several answers per call
 * (a log line: its invocation, whether it replays, its operation), with {@link isReplayingIn}.
 *
 * @example
 * ```ts
 * const frame = currentFrame();
 * if (frame !== undefined && !isReplayingIn(frame)) print(frame.invocation.executionArn);
 * ```
 */
export const currentFrame = (): LifecycleFrameView | undefined => lifecycleState.storage.getStore();

/**
 * {@link isReplayingNow} for a frame already read with {@link currentFrame}.
 *
 * @example
 * ```ts
 * const frame = currentFrame();
 * const replaying = isReplayingIn(frame);
 * ```
 */
export const isReplayingIn = (
  frame: LifecycleFrameView | undefined,
  context?: DurableContext,
): boolean => {
  const operation = frame?.operation as OperationRecord | undefined;
  if (operation?.kind === 'attempt') return false;
  if (operation?.replaying === true) return true;
  const target =
    context ?? (operation === undefined ? frame?.invocation.rootContext : operation.context);
  return target === undefined ? false : replayingAt(target);
};
