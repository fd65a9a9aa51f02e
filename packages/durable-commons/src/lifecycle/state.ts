import { AsyncLocalStorage } from 'node:async_hooks';
import type { LifecycleSubscriber } from '../types/lifecycle.js';
import type { InvocationRecord } from './InvocationRecord.js';
import type { OperationRecord } from './OperationRecord.js';

/** What code running now belongs to: an invocation and, inside one, an operation frame. */
export interface LifecycleFrame {
  readonly invocation: InvocationRecord;
  readonly operation: OperationRecord | undefined;
}

/** Process-wide state of the lifecycle core. */
export interface LifecycleState {
  /** The one async-local store of the suite. */
  readonly storage: AsyncLocalStorage<LifecycleFrame>;
  /** Utilities' subscriptions, in registration order. */
  readonly subscribers: LifecycleSubscriber[];
  /** Invocations between `onInvocationStart` and `wrapInvocation`, by execution ARN. */
  readonly starting: Map<string, InvocationRecord>;
  /** Keys of the one-time warnings already written. */
  readonly warned: Set<string>;
}

const STATE_KEY = Symbol.for('@durable-powertools/commons.lifecycle.v1');

/**
 * Shared by every copy of the core loaded in the process. The SDK imports the module listed in
 * `DURABLE_EXECUTION_PLUGINS` on its own, which may load another build of this package (ESM next to
 * CJS, or a second install); keying the state on a registered symbol lets that plugin and the
 * utilities in the handler meet.
 */
const slots = globalThis as Record<symbol, LifecycleState | undefined>;
slots[STATE_KEY] ??= {
  storage: new AsyncLocalStorage<LifecycleFrame>(),
  subscribers: [],
  starting: new Map<string, InvocationRecord>(),
  warned: new Set<string>(),
};

export const lifecycleState: LifecycleState = slots[STATE_KEY];

/** Writes `message` as a process warning once per `key` for the life of the process. */
export const warnOnce = (key: string, message: string, code: string): void => {
  if (lifecycleState.warned.has(key)) return;
  lifecycleState.warned.add(key);
  process.emitWarning(message, { code });
};
