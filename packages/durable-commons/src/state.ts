import { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationRecord, OperationRecord } from './records.js';
import type { DurableSubscriber } from './types.js';

/** What code running now belongs to: an invocation and, inside one, an operation frame. */
export interface CoreFrame {
  readonly invocation: InvocationRecord;
  readonly operation: OperationRecord | undefined;
}

/** Process-wide state of the core. */
export interface CoreState {
  /** The one async-local store of the suite. */
  readonly storage: AsyncLocalStorage<CoreFrame>;
  /** Utilities' subscriptions, in registration order. */
  readonly subscribers: DurableSubscriber[];
  /** Invocations between `onInvocationStart` and `wrapInvocation`, by execution ARN. */
  readonly starting: Map<string, InvocationRecord>;
  /** Keys of the one-time warnings already written. */
  readonly warned: Set<string>;
}

const STATE_KEY = Symbol.for('@durable-powertools/commons.core.v2');

/**
 * Shared by every copy of the core loaded in the process. The SDK imports the module listed in
 * `DURABLE_EXECUTION_PLUGINS` on its own, which may load another build of this package (ESM next to
 * CJS, or a second install); keying the state on a registered symbol lets that plugin and the
 * utilities in the handler meet.
 */
const globals = globalThis as Record<symbol, CoreState | undefined>;
globals[STATE_KEY] ??= {
  storage: new AsyncLocalStorage<CoreFrame>(),
  subscribers: [],
  starting: new Map<string, InvocationRecord>(),
  warned: new Set<string>(),
};

export const coreState: CoreState = globals[STATE_KEY];

/**
 * Writes `message` as a process warning once per `key` for the life of the process.
 *
 * @example
 * ```ts
 * warnOnce('logger:console', 'durable-powertools: ... degrades to ...', 'DURABLE_POWERTOOLS_POWERTOOLS_DRIFT');
 * ```
 */
export const warnOnce = (key: string, message: string, code: string): void => {
  if (coreState.warned.has(key)) return;
  coreState.warned.add(key);
  process.emitWarning(message, { code });
};
