import { coreState, warnOnce } from './state.js';
import type { DurableSubscriber } from './types.js';

type NotifyHook =
  | 'onInvocationStart'
  | 'onContextBound'
  | 'onChildContextStart'
  | 'onChildContextEnd'
  | 'onOperationAttemptStart'
  | 'onOperationAttemptEnd'
  | 'onOperationStart'
  | 'onOperationEnd';

type WrapHook = 'wrapInvocation' | 'wrapChildContextFn' | 'wrapOperationAttemptFn';

/**
 * Registers a utility's lifecycle hooks, process-wide; call it where the utility is built.
 * Subscribing the same object again is a no-op. Returns the function that removes the subscription.
 *
 * @example
 * ```ts
 * const unsubscribe = subscribe({
 *   name: 'example',
 *   onInvocationEnd: (invocation, end) => console.log(invocation.index, end.status),
 * });
 * ```
 */
export const subscribe = (subscriber: DurableSubscriber): (() => void) => {
  if (!coreState.subscribers.includes(subscriber)) coreState.subscribers.push(subscriber);
  return () => {
    const index = coreState.subscribers.indexOf(subscriber);
    if (index >= 0) coreState.subscribers.splice(index, 1);
  };
};

/** Whether `value` is a promise or another thenable (what a hook or a customer function may return). */
export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

const reportHookError = (subscriber: DurableSubscriber, hook: string, error: unknown): void => {
  warnOnce(
    `hook:${subscriber.name}:${hook}`,
    `durable-powertools: ${subscriber.name} failed in its ${hook} hook and was skipped there: ${String(error)}`,
    'DURABLE_POWERTOOLS_HOOK_FAILED',
  );
};

/** Calls `hook` on every subscriber that has it; a throwing subscriber is reported, never fatal. */
export const notify = (hook: NotifyHook, ...args: unknown[]): void => {
  for (const subscriber of coreState.subscribers) {
    const method = subscriber[hook] as ((...hookArgs: unknown[]) => void) | undefined;
    if (method === undefined) continue;
    try {
      method.apply(subscriber, args);
    } catch (error) {
      reportHookError(subscriber, hook, error);
    }
  }
};

/**
 * Calls every subscriber's `onInvocationEnd` (all started at once) and settles when the promises
 * they return have; a subscriber that throws or rejects is reported, never fatal.
 */
export const notifyEnd = (...args: unknown[]): Promise<void> => {
  const pending: Promise<void>[] = [];
  for (const subscriber of coreState.subscribers) {
    const method = subscriber.onInvocationEnd as ((...hookArgs: unknown[]) => unknown) | undefined;
    if (method === undefined) continue;
    const report = (error: unknown): void => reportHookError(subscriber, 'onInvocationEnd', error);
    try {
      const result = method.apply(subscriber, args);
      if (isThenable(result)) pending.push(Promise.resolve(result).then(() => undefined, report));
    } catch (error) {
      report(error);
    }
  }
  return Promise.all(pending).then(() => undefined);
};

/**
 * Runs `fn` inside every subscriber's `hook`, the first subscriber outermost. `fn` runs exactly
 * once: a subscriber that throws before calling it is skipped, one that throws after is not
 * allowed to hide `fn`'s own result.
 */
export const wrapAll = <T>(hook: WrapHook, args: readonly unknown[], fn: () => T): T => {
  const wrappers = coreState.subscribers.filter((subscriber) => subscriber[hook] !== undefined);
  if (wrappers.length === 0) return fn();
  return wrappers.reduceRight<() => T>(
    (next, subscriber) => () => {
      let called = false;
      const guarded = (): T => {
        called = true;
        return next();
      };
      try {
        const method = subscriber[hook] as (...hookArgs: unknown[]) => T;
        return method.call(subscriber, ...args, guarded);
      } catch (error) {
        if (called) throw error;
        reportHookError(subscriber, hook, error);
        return next();
      }
    },
    fn,
  )();
};
