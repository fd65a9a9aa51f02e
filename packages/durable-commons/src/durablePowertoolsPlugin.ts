import type {
  AttemptInfo,
  DurableExecutionInvocationOutput,
  DurableInstrumentationPlugin,
  InvocationEndInfo,
  InvocationInfo,
  OperationEndInfo,
  OperationInfo,
} from '@aws/durable-execution-sdk-js';
import { currentLogKeys } from './frame.js';
import { InvocationRecord, OperationRecord } from './records.js';
import { summarizeHistory } from './sdkInternals.js';
import { type CoreFrame, coreState } from './state.js';
import { isThenable, notify, notifyEnd, wrapAll } from './subscribers.js';
import type { DurableOperationKind, OperationFrameEnd } from './types.js';

/** The SDK's `CustomerFn` (declared in its plugin types, not exported by name). */
type CustomerFn = () => unknown;

/**
 * What the notification hooks return: the SDK's plugin types ask for a promise, and one settled
 * promise for all calls costs no allocation (nor an async hook event) per operation.
 */
const SETTLED: Promise<void> = Promise.resolve();

const FRAME_HOOKS = {
  childContext: ['onChildContextStart', 'onChildContextEnd', 'wrapChildContextFn'],
  attempt: ['onOperationAttemptStart', 'onOperationAttemptEnd', 'wrapOperationAttemptFn'],
} as const;

/**
 * The one SDK instrumentation plugin of durable-powertools. It turns the SDK's plugin hooks into the
 * lifecycle every utility subscribes to (`subscribe`): the current invocation, the current
 * operation frame (child context or attempt, replaying or not), and the end-of-invocation event the
 * SDK awaits before answering Lambda, which is how work is finished even when the SDK itself fails
 * the execution and the handler promise never settles.
 *
 * It carries no state and no settings: each utility registers its settings where it is built. One
 * instance for the process, a fresh instance per invocation (the factory shape the SDK may adopt),
 * or several instances in any order give the same output: the first instance the SDK calls for an
 * invocation drives it, the others stay passive.
 *
 * Register it once for the whole suite: `withDurableExecution(handler, { plugins: [new
 * DurablePowertoolsPlugin()] })`; with middy 7, `middy(handler, { executionMode:
 * executionModeDurablePowertools })`; or `DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin`.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DurablePowertoolsPlugin, durableLogger } from '@durable-powertools/logger';
 * import middy from '@middy/core';
 *
 * export const handler = withDurableExecution(middy(workflow).use(durableLogger()), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * ```
 */
export class DurablePowertoolsPlugin implements DurableInstrumentationPlugin {
  public onInvocationStart(info: InvocationInfo): Promise<void> {
    if (coreState.starting.has(info.executionArn)) return SETTLED; // another registered instance drives it
    const invocation = new InvocationRecord(
      {
        executionArn: info.executionArn,
        requestId: info.requestId,
        ...summarizeHistory(info.operations),
        isFirstInvocation: info.isFirstInvocation,
        executionStartTimestamp: info.executionStartTimestamp,
        operations: info.operations,
        updatedOperations: info.updatedOperations ?? {},
      },
      this,
    );
    coreState.starting.set(info.executionArn, invocation);
    notify('onInvocationStart', invocation);
    return SETTLED;
  }

  public wrapInvocation(
    info: InvocationInfo,
    fn: () => Promise<DurableExecutionInvocationOutput>,
  ): Promise<DurableExecutionInvocationOutput> {
    const invocation = coreState.starting.get(info.executionArn);
    if (invocation === undefined || !invocation.drivenBy(this)) return fn();
    coreState.starting.delete(info.executionArn);
    const frame: CoreFrame = { invocation, operation: undefined };
    return coreState.storage.run(frame, () => wrapAll('wrapInvocation', [invocation], fn));
  }

  public onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const current = coreState.storage.getStore()?.invocation;
    // A configuration error ends the invocation before `wrapInvocation` runs.
    const invocation =
      current?.executionArn === info.executionArn
        ? current
        : coreState.starting.get(info.executionArn);
    if (invocation === undefined || !invocation.drivenBy(this)) return SETTLED;
    coreState.starting.delete(info.executionArn);
    const end = {
      status: info.status,
      ...(info.executionResult === undefined ? {} : { executionResult: info.executionResult }),
      ...(info.executionError === undefined ? {} : { executionError: info.executionError }),
      operations: info.operations,
    };
    return invocation.finish(end) ? notifyEnd(invocation, end) : SETTLED;
  }

  public onOperationStart(info: OperationInfo): Promise<void> {
    const frame = this.#drivenFrame();
    if (frame === undefined) return SETTLED;
    // The SDK reports a new non-virtual child context as not replayed (it checkpoints its start);
    // a virtual one always as replayed, and it never appears in the history.
    if (info.type === 'CONTEXT' && !info.isReplay) frame.invocation.noteCheckpointed(info.id);
    notify('onOperationStart', info, frame.invocation);
    return SETTLED;
  }

  public onOperationEnd(info: OperationEndInfo): Promise<void> {
    const frame = this.#drivenFrame();
    if (frame !== undefined) notify('onOperationEnd', info, frame.invocation);
    return SETTLED;
  }

  public wrapChildContextFn(info: OperationInfo, fn: CustomerFn): unknown {
    return this.#runFrame('childContext', info, fn);
  }

  public wrapOperationAttemptFn(info: AttemptInfo, fn: CustomerFn): unknown {
    return this.#runFrame('attempt', info, fn);
  }

  /** Adds the subscribers' `enrichLogContext` keys to the SDK logger's records. */
  public enrichLogContext(): Record<string, string | number | boolean> | undefined {
    return this.#drivenFrame() === undefined ? undefined : currentLogKeys();
  }

  #drivenFrame(): CoreFrame | undefined {
    const frame = coreState.storage.getStore();
    return frame?.invocation.drivenBy(this) === true ? frame : undefined;
  }

  #runFrame(kind: DurableOperationKind, info: OperationInfo, fn: CustomerFn): unknown {
    const frame = this.#drivenFrame();
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
    const [startHook, endHook, wrapHook] = FRAME_HOOKS[kind];
    notify(startHook, operation, invocation);
    const finish = (outcome: OperationFrameEnd): void =>
      notify(endHook, operation, invocation, outcome);
    const result = coreState.storage.run({ invocation, operation }, () => {
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
