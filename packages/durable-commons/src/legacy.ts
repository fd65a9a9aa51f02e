// TEMPORARY: the old core names, implemented over the new core, while the utilities migrate.
// Deleted before the submission (see .work/CORE_API.md).
import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { bindContext, currentFrame, isReplaying, requireInvocation } from './frame.js';
import type { InvocationRecord } from './records.js';
import {
  readActiveOperation,
  readExecutionMode,
  readExecutionStart,
  readNextOperationRecorded,
  readParentId,
} from './sdkInternals.js';
import { coreState } from './state.js';
import { subscribe } from './subscribers.js';
import type {
  DurableFrame,
  DurableInvocation,
  DurableOperation,
  DurableSubscriber,
  InvocationEnd,
  LogKeys,
  OperationFrameEnd,
} from './types.js';

export type LifecycleInvocation = DurableInvocation;
export type LifecycleOperation = DurableOperation;
export type LifecycleFrameView = DurableFrame;
export type LifecycleOperationKind = DurableOperation['kind'];
export interface LifecycleSubscriber {
  readonly name: string;
  invocationStart?(invocation: LifecycleInvocation): void;
  wrapInvocation?<T>(invocation: LifecycleInvocation, fn: () => Promise<T>): Promise<T>;
  invocationEnd?(invocation: LifecycleInvocation, end: InvocationEnd): void | Promise<void>;
  childContextStart?(operation: DurableOperation, invocation: LifecycleInvocation): void;
  childContextEnd?(
    operation: DurableOperation,
    invocation: LifecycleInvocation,
    outcome: OperationFrameEnd,
  ): void;
  wrapChildContext?(
    operation: DurableOperation,
    invocation: LifecycleInvocation,
    fn: () => unknown,
  ): unknown;
  attemptStart?(operation: DurableOperation, invocation: LifecycleInvocation): void;
  attemptEnd?(
    operation: DurableOperation,
    invocation: LifecycleInvocation,
    outcome: OperationFrameEnd,
  ): void;
  wrapAttempt?(
    operation: DurableOperation,
    invocation: LifecycleInvocation,
    fn: () => unknown,
  ): unknown;
  logKeys?(
    invocation: LifecycleInvocation,
    operation: DurableOperation | undefined,
  ): LogKeys | undefined;
  contextBound?(
    context: DurableContext,
    operation: DurableOperation | undefined,
    invocation: LifecycleInvocation,
  ): void;
  operationStart?(info: never, invocation: LifecycleInvocation): void;
  operationEnd?(info: never, invocation: LifecycleInvocation): void;
}

const RENAMES = {
  invocationStart: 'onInvocationStart',
  wrapInvocation: 'wrapInvocation',
  invocationEnd: 'onInvocationEnd',
  childContextStart: 'onChildContextStart',
  childContextEnd: 'onChildContextEnd',
  wrapChildContext: 'wrapChildContextFn',
  attemptStart: 'onOperationAttemptStart',
  attemptEnd: 'onOperationAttemptEnd',
  wrapAttempt: 'wrapOperationAttemptFn',
  logKeys: 'enrichLogContext',
  contextBound: 'onContextBound',
  operationStart: 'onOperationStart',
  operationEnd: 'onOperationEnd',
} as const;

/** @deprecated use `subscribe` with the SDK's hook names */
export const subscribeLifecycle = (old: LifecycleSubscriber): (() => void) => {
  const adapted: Record<string, unknown> = { name: old.name };
  for (const [from, to] of Object.entries(RENAMES)) {
    const method = (old as unknown as Record<string, unknown>)[from];
    if (typeof method === 'function') adapted[to] = method.bind(old);
  }
  return subscribe(adapted as unknown as DurableSubscriber);
};

/** @deprecated */
export const currentInvocation = (): LifecycleInvocation | undefined =>
  coreState.storage.getStore()?.invocation as LifecycleInvocation | undefined;
/** @deprecated */
export const currentOperation = (): DurableOperation | undefined => currentFrame()?.operation;
/** @deprecated */
export const isReplayingNow = (context?: DurableContext): boolean => isReplaying(context);
/** @deprecated */
export const isReplayingIn = (frame: DurableFrame | undefined, context?: DurableContext): boolean =>
  isReplaying(context, frame);
/** @deprecated */
export const bindDurableContext = (context: DurableContext): LifecycleInvocation | undefined =>
  bindContext(context) as LifecycleInvocation | undefined;
/** @deprecated */
export const requireLifecycle = (context: DurableContext, utility: string): LifecycleInvocation =>
  requireInvocation(context, utility) as LifecycleInvocation;
/** @deprecated */
export const getExecutionStartTime = (context: DurableContext): Date | undefined => {
  const invocation = bindContext(context);
  const start = invocation?.executionStartTimestamp;
  if (start !== undefined) return new Date(start);
  return readExecutionStart(context);
};
/** @deprecated */
export const getActiveOperation = (context: DurableContext) => {
  const operation = currentFrame()?.operation;
  if (operation !== undefined) {
    return {
      operationId: operation.id,
      ...(operation.name === undefined ? {} : { operationName: operation.name }),
      ...(operation.attempt === undefined ? {} : { attempt: operation.attempt }),
    };
  }
  return readActiveOperation(context);
};
/** @deprecated */
export const getDurableExecutionMode = readExecutionMode;
/** @deprecated */
export const getParentId = readParentId;
/** @deprecated */
export const hasRecordedNextOperation = (context: DurableContext): boolean =>
  readNextOperationRecorded(context) === true;
/** @deprecated */
export const getExecutionArn = (context: DurableContext): string =>
  context.executionContext.durableExecutionArn;
/** @deprecated */
export const estimateInvocationCount = (context: DurableContext): number | undefined =>
  (bindContext(context) as InvocationRecord | undefined)?.index;
