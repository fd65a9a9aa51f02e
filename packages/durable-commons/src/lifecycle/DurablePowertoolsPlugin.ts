import type {
  AttemptInfo,
  DurableExecutionInvocationOutput,
  DurableInstrumentationPlugin,
  InvocationEndInfo,
  InvocationInfo,
  OperationEndInfo,
  OperationInfo,
} from '@aws/durable-execution-sdk-js';
import { estimateInvocationCountFromOperations } from '../operationHistory.js';
import type { LifecycleOperationKind, OperationFrameEnd } from '../types/lifecycle.js';
import { currentLogKeys } from './api.js';
import { notify, notifyEnd, wrapAll } from './dispatch.js';
import { InvocationRecord } from './InvocationRecord.js';
import { OperationRecord } from './OperationRecord.js';
import { type LifecycleFrame, lifecycleState } from './state.js';

/** The SDK's `CustomerFn` (declared in its plugin types, not exported by name). */
type CustomerFn = () => unknown;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * The one SDK instrumentation plugin of durable-powertools. It turns the SDK's plugin hooks into the
 * lifecycle every utility (logger, metrics, tracer, OpenTelemetry) subscribes to: the current
 * invocation (index, first or not, start, end with the SDK's status), the current operation frame
 * (child context or attempt, replaying or not), and the end-of-invocation event the SDK awaits
 * before answering Lambda, which is how work is finished even when the SDK itself fails the
 * execution and the handler promise never settles.
 *
 * Register it once for the whole suite: `withDurableExecution(handler, { plugins: [new
 * DurablePowertoolsPlugin()] })`, or, for middy's durable mode (which passes the SDK no config),
 * `DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin` (every utility's `/plugin` subpath
 * is the same module). Registering it twice is harmless: the second copy stays passive.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DurablePowertoolsPlugin } from '@durable-powertools/logger'; // or metrics, tracer, …
 * import middy from '@middy/core';
 *
 * export const handler = withDurableExecution(middy(workflow).use(durableLogger({ logger })), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * ```
 */
export class DurablePowertoolsPlugin implements DurableInstrumentationPlugin {
  public async onInvocationStart(info: InvocationInfo): Promise<void> {
    if (lifecycleState.starting.has(info.executionArn)) return; // another registered copy drives it
    const invocation = new InvocationRecord({
      executionArn: info.executionArn,
      requestId: info.requestId,
      index: estimateInvocationCountFromOperations(Object.values(info.operations)),
      isFirstInvocation: info.isFirstInvocation,
      executionStartTimestamp: info.executionStartTimestamp,
      operations: info.operations,
      updatedOperations: info.updatedOperations ?? {},
      owner: this,
    });
    lifecycleState.starting.set(info.executionArn, invocation);
    notify('invocationStart', invocation);
  }

  public wrapInvocation(
    info: InvocationInfo,
    fn: () => Promise<DurableExecutionInvocationOutput>,
  ): Promise<DurableExecutionInvocationOutput> {
    const invocation = lifecycleState.starting.get(info.executionArn);
    if (invocation?.owner !== this) return fn();
    lifecycleState.starting.delete(info.executionArn);
    const frame: LifecycleFrame = { invocation, operation: undefined };
    return lifecycleState.storage.run(frame, () => wrapAll('wrapInvocation', [invocation], fn));
  }

  public async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const current = lifecycleState.storage.getStore()?.invocation;
    // A configuration error ends the invocation before `wrapInvocation` runs.
    const invocation =
      current?.executionArn === info.executionArn
        ? current
        : lifecycleState.starting.get(info.executionArn);
    if (invocation?.owner !== this) return;
    lifecycleState.starting.delete(info.executionArn);
    const end = {
      status: info.status,
      ...(info.executionResult === undefined ? {} : { executionResult: info.executionResult }),
      ...(info.executionError === undefined ? {} : { executionError: info.executionError }),
      operations: info.operations,
    };
    if (!invocation.finish(end)) return;
    await notifyEnd(invocation, end);
  }

  public async onOperationStart(info: OperationInfo): Promise<void> {
    const frame = this.#ownFrame();
    if (frame === undefined) return;
    // The SDK reports a new non-virtual child context as not replayed (it checkpoints its start);
    // a virtual one always as replayed, and it never appears in the history.
    if (info.type === 'CONTEXT' && !info.isReplay) frame.invocation.noteCheckpointed(info.id);
    notify('operationStart', info, frame.invocation);
  }

  public async onOperationEnd(info: OperationEndInfo): Promise<void> {
    const frame = this.#ownFrame();
    if (frame !== undefined) notify('operationEnd', info, frame.invocation);
  }

  public wrapChildContextFn(info: OperationInfo, fn: CustomerFn): unknown {
    return this.#runFrame('childContext', info, fn);
  }

  public wrapOperationAttemptFn(info: AttemptInfo, fn: CustomerFn): unknown {
    return this.#runFrame('attempt', info, fn);
  }

  /** Adds the subscribers' log keys (see `currentLogKeys`) to the SDK logger's records. */
  public enrichLogContext(): Record<string, string | number | boolean> | undefined {
    return this.#ownFrame() === undefined ? undefined : currentLogKeys();
  }

  #ownFrame(): LifecycleFrame | undefined {
    const frame = lifecycleState.storage.getStore();
    return frame?.invocation.owner === this ? frame : undefined;
  }

  #runFrame(kind: LifecycleOperationKind, info: OperationInfo, fn: CustomerFn): unknown {
    const frame = this.#ownFrame();
    if (frame === undefined) return fn();
    const { invocation } = frame;
    const parent = frame.operation;
    // Code of a child whose parent finished in an earlier invocation only rebuilds that parent's
    // result (a FLAT map/parallel, a summarised result): it already ran once.
    const replaying =
      kind === 'childContext' &&
      (info.isReplay || parent?.replaying === true || invocation.finishedBefore(info.parentId));
    const virtual = kind === 'childContext' && invocation.isVirtual(info.id);
    const operation = new OperationRecord(kind, info, parent, replaying, virtual);
    const [startHook, endHook, wrapHook] =
      kind === 'childContext'
        ? (['childContextStart', 'childContextEnd', 'wrapChildContext'] as const)
        : (['attemptStart', 'attemptEnd', 'wrapAttempt'] as const);
    notify(startHook, operation, invocation);
    const finish = (outcome: OperationFrameEnd): void =>
      notify(endHook, operation, invocation, outcome);
    const result = lifecycleState.storage.run({ invocation, operation }, () => {
      try {
        return wrapAll(wrapHook, [operation, invocation], fn);
      } catch (error) {
        finish({ failed: true, error });
        throw error;
      }
    });
    if (!isThenable(result)) {
      finish({ failed: false });
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        finish({ failed: false });
        return value;
      },
      (error: unknown) => {
        finish({ failed: true, error });
        throw error;
      },
    );
  }
}
