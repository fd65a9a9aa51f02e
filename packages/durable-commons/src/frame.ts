import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { DurableContextMissingError, DurablePluginNotRegisteredError } from './errors.js';
import type { InvocationRecord, OperationRecord } from './records.js';
import {
  readActiveOperation,
  readCursor,
  readExecutionMode,
  readExecutionStart,
  readNextOperationRecorded,
} from './sdkInternals.js';
import { type CoreFrame, coreState } from './state.js';
import { notify } from './subscribers.js';
import type { DurableFrame, DurableInvocation, InvocationSlot, LogKeys } from './types.js';

/**
 * What code running now belongs to: the invocation and, inside one, the operation frame
 * (`operation` is `undefined` at the root of the workflow), or `undefined` outside an invocation
 * that `DurablePowertoolsPlugin` drives. The one way to ask "which invocation?" and "which
 * operation?".
 *
 * @example
 * ```ts
 * const frame = currentFrame();
 * logger.info('resumed', { invocation: frame?.invocation.index, step: frame?.operation?.name });
 * ```
 */
export const currentFrame = (): DurableFrame | undefined => {
  const frame = coreState.storage.getStore();
  if (frame === undefined || frame.operation !== undefined) return frame;
  const replayed = replayedOperationAt(frame.invocation);
  return replayed === undefined ? frame : { invocation: frame.invocation, operation: replayed };
};

/**
 * At the root frame: a finished child context the SDK re-runs without any plugin hook (a result
 * too large to checkpoint is rebuilt by running its function again). Only the SDK's own record of
 * the active operation tells (see `sdkInternals.ts`); `undefined` for any other code.
 */
const replayedOperationAt = (invocation: InvocationRecord): OperationRecord | undefined => {
  const root = invocation.rootContext;
  if (root === undefined || !invocation.hasFinishedChildren) return undefined;
  const active = readActiveOperation(root);
  if (active === undefined || !invocation.finishedBefore(active.operationId)) return undefined;
  return invocation.replayedOperation(active.operationId);
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
 * Whether the code running at this moment repeats code an earlier invocation already ran; the one
 * replay answer of the suite:
 * - a step or `waitForCondition` attempt: never (finished attempts are not re-run);
 * - a child context re-run only to rebuild a parent that finished earlier (FLAT map/parallel items,
 *   a summarised result): always;
 * - the root, or a child context: the SDK's replay mode of that context, plus the case the SDK does
 *   not track, a child resumed after a suspension, which replays while the next operation it will
 *   start is already recorded (read from the context's SDK state, see `sdkInternals.ts`).
 *
 * @param context - the context to ask when no operation frame says (defaults to the frame's child
 *   context, or the invocation's root context)
 * @param frame - the frame already read with {@link currentFrame}, on hot paths
 *
 * @example
 * ```ts
 * await context.runInChildContext('ship', async (child) => {
 *   if (!isReplaying(child)) console.log('packing'); // once, even if the child is resumed later
 *   await child.wait({ seconds: 1 });
 * });
 * ```
 */
export const isReplaying = (
  context?: DurableContext,
  frame: DurableFrame | undefined = coreState.storage.getStore(),
): boolean => {
  const operation = frame?.operation;
  if (operation?.kind === 'attempt') return false;
  if (operation?.replaying === true) return true;
  const target =
    context ?? (operation === undefined ? frame?.invocation.rootContext : operation.context);
  if (target !== undefined) return replayingAt(target);
  return false;
};

const isDurableContext = (value: unknown): value is DurableContext => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<DurableContext>;
  return (
    typeof candidate.step === 'function' &&
    typeof candidate.configureLogger === 'function' &&
    typeof candidate.executionContext?.durableExecutionArn === 'string'
  );
};

const isRawDurableInvocationInput = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  'DurableExecutionArn' in value &&
  'CheckpointToken' in value;

/**
 * `context` as a durable context, or a {@link DurableContextMissingError} that says how to wrap
 * the handler (a middy chain outside `withDurableExecution`, or no durable execution at all).
 *
 * @param context - what the handler or middleware received
 * @param utility - the caller, for the message (e.g. `durableLogger()`)
 * @param event - the event, to recognise the raw durable invocation input
 *
 * @example
 * ```ts
 * const durableContext = assertDurableContext(request.context, 'durableMetrics()', request.event);
 * ```
 */
export const assertDurableContext = (
  context: unknown,
  utility: string,
  event?: unknown,
): DurableContext => {
  if (isDurableContext(context)) return context;
  if (isRawDurableInvocationInput(event)) {
    throw new DurableContextMissingError(
      `${utility} received the raw durable invocation input: the middy chain wraps withDurableExecution(). ` +
        'Put withDurableExecution() outside instead: withDurableExecution(middy(handler).use(...)), ' +
        'or use middy(handler, { executionMode: executionModeDurablePowertools }).',
    );
  }
  throw new DurableContextMissingError(
    `${utility} needs a durable context, but the handler received a plain Lambda context. ` +
      'Wrap the middy chain in withDurableExecution(middy(handler).use(...)) from ' +
      "'@aws/durable-execution-sdk-js', or use middy(handler, { executionMode: executionModeDurablePowertools }).",
  );
};

/**
 * Binds `context` (the root one, or a child's) to the frame running now and follows its child
 * contexts; returns the frame's invocation record, or `undefined` when no `DurablePowertoolsPlugin`
 * drives this invocation.
 */
export const bindContext = (context: DurableContext): InvocationRecord | undefined => {
  const frame: CoreFrame | undefined = coreState.storage.getStore();
  if (frame === undefined) return undefined;
  const { invocation, operation } = frame;
  if (invocation.executionArn !== context.executionContext?.durableExecutionArn) return undefined;
  if (operation === undefined) {
    if (invocation.bindRoot(context)) notify('onContextBound', context, undefined, invocation);
  } else {
    bindChild(frame, context);
  }
  followChildContexts(context);
  return invocation;
};

const bindChild = ({ invocation, operation }: CoreFrame, child: DurableContext): void => {
  if (operation?.kind === 'childContext' && operation.bindContext(child)) {
    notify('onContextBound', child, operation, invocation);
  }
};

/**
 * The current invocation of the execution `context` belongs to, with `context` bound to it (so that
 * replay checks can ask it); throws {@link DurablePluginNotRegisteredError}, naming the one
 * registration line, when no `DurablePowertoolsPlugin` drives the invocation, and
 * {@link DurableContextMissingError} when `context` is not a durable context. Utilities call it on
 * the first line of every invocation, so a missing registration fails loudly instead of losing data.
 *
 * @param context - the durable context the handler received
 * @param utility - the calling utility, for the message (e.g. `durableMetrics()`)
 * @param event - the event, to recognise a middy chain wrapped the wrong way round
 *
 * @example
 * ```ts
 * const before = (request) => {
 *   const invocation = requireInvocation(request.context, 'durableMetrics()', request.event);
 * };
 * ```
 */
export const requireInvocation = (
  context: unknown,
  utility: string,
  event?: unknown,
): DurableInvocation => {
  const invocation = bindContext(assertDurableContext(context, utility, event));
  if (invocation === undefined) throw new DurablePluginNotRegisteredError(utility);
  return invocation;
};

/**
 * The invocation of `context` for utilities that also work without the plugin (idempotency):
 * the plugin's record when it drives the invocation, else what the context's SDK state tells.
 *
 * @example
 * ```ts
 * const { executionArn, isFirstInvocation, executionStartedAt } = describeInvocation(context);
 * ```
 */
export const describeInvocation = (
  context: DurableContext,
): {
  readonly executionArn: string;
  readonly isFirstInvocation: boolean;
  readonly startedAt: number;
  readonly executionStartedAt: number;
} => {
  const executionArn = context.executionContext.durableExecutionArn;
  const invocation = bindContext(context);
  if (invocation !== undefined) {
    const start = invocation.executionStartTimestamp;
    return {
      executionArn,
      isFirstInvocation: invocation.isFirstInvocation,
      startedAt: invocation.startedAt,
      executionStartedAt: start === undefined ? invocation.startedAt : new Date(start).getTime(),
    };
  }
  const startedAt = Date.now();
  return {
    executionArn,
    isFirstInvocation: readExecutionMode(context) !== 'ReplayMode',
    startedAt,
    executionStartedAt: readExecutionStart(context)?.getTime() ?? startedAt,
  };
};

/**
 * The keys subscribers add to a log record written now (their `enrichLogContext` hooks, merged in
 * registration order), or `undefined` when there are none or no invocation is running.
 *
 * @param frame - the frame already read with {@link currentFrame}, on hot paths
 *
 * @example
 * ```ts
 * logger.info('charged', { ...currentLogKeys() }); // trace_id / span_id with OpenTelemetry
 * ```
 */
export const currentLogKeys = (
  frame: DurableFrame | undefined = currentFrame(),
): Record<string, string | number | boolean> | undefined => {
  if (frame === undefined) return undefined;
  let keys: Record<string, string | number | boolean> | undefined;
  for (const subscriber of coreState.subscribers) {
    if (subscriber.enrichLogContext === undefined) continue;
    try {
      const added: LogKeys | undefined = subscriber.enrichLogContext(
        frame.invocation,
        frame.operation,
      );
      if (added !== undefined) keys = { ...keys, ...added };
    } catch {
      // Log keys are best effort: a failing subscriber never breaks a log call.
    }
  }
  return keys;
};

/**
 * A typed per-invocation slot: one utility's state for one invocation, created on first use and
 * dropped with the invocation. The key is `Symbol.for(name)`, so two copies of a utility (ESM and
 * CJS) share it.
 *
 * @param name - a namespaced name: `'@durable-powertools/metrics.collector'`
 * @param create - builds the value for an invocation on first use
 *
 * @example
 * ```ts
 * const collector = defineSlot('@durable-powertools/metrics.collector', () => new Collector());
 * subscribe({ name: 'metrics', onInvocationEnd: (invocation) => collector.peek(invocation)?.flush() });
 * ```
 */
export const defineSlot = <T>(
  name: string,
  create: (invocation: DurableInvocation) => T,
): InvocationSlot<T> => {
  const key = Symbol.for(name);
  const slots = (invocation: DurableInvocation): Map<symbol, unknown> =>
    (invocation as InvocationRecord).slots;
  return {
    get: (invocation) => {
      const map = slots(invocation);
      if (map.has(key)) return map.get(key) as T;
      const value = create(invocation);
      map.set(key, value);
      return value;
    },
    peek: (invocation) => slots(invocation).get(key) as T | undefined,
  };
};

type RunInChildContext = (this: DurableContext, ...args: unknown[]) => unknown;
type ChildFunction = (child: DurableContext, ...rest: unknown[]) => unknown;

const followed = new WeakSet<DurableContext>();

/**
 * Links each child context object to its operation frame, so that replay checks can ask the child
 * where it is (a child resumed after a suspension re-runs from its top in the SDK's
 * `ExecutionMode`). The plugin API names the child's operation but does not hand out the context
 * object: the function a `runInChildContext` call (also how the SDK starts map items, parallel
 * branches and `waitForCallback`) runs is wrapped on this context instance, once, and binds the
 * child it receives to the frame `DurablePowertoolsPlugin` opened around it. Nothing else changes.
 */
const followChildContexts = (context: DurableContext): void => {
  if (followed.has(context)) return;
  followed.add(context);
  const runInChildContext = context.runInChildContext as unknown as RunInChildContext;
  const follow: RunInChildContext = function (this: DurableContext, ...args) {
    // Same overload rule as the SDK: (name, fn, options) when the first argument is a name.
    const fnIndex = typeof args[0] === 'string' || args[0] === undefined ? 1 : 0;
    const fn = args[fnIndex];
    if (typeof fn === 'function') {
      args[fnIndex] = ((child: DurableContext, ...rest: unknown[]) => {
        const frame = coreState.storage.getStore();
        if (frame !== undefined) bindChild(frame, child);
        followChildContexts(child);
        return (fn as ChildFunction)(child, ...rest);
      }) satisfies ChildFunction;
    }
    return runInChildContext.apply(this, args);
  };
  Object.defineProperty(context, 'runInChildContext', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: follow,
  });
};
