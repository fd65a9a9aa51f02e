import type { LifecycleSubscriber } from '../types/lifecycle.js';
import { lifecycleState, warnOnce } from './state.js';

type NotifyHook =
  | 'invocationStart'
  | 'contextBound'
  | 'childContextStart'
  | 'childContextEnd'
  | 'attemptStart'
  | 'attemptEnd'
  | 'operationStart'
  | 'operationEnd';

const reportHookError = (subscriber: LifecycleSubscriber, hook: string, error: unknown): void => {
  warnOnce(
    `hook:${subscriber.name}:${hook}`,
    `durable-powertools: ${subscriber.name} failed in its ${hook} hook and was skipped there: ${String(error)}`,
    'DURABLE_POWERTOOLS_HOOK_FAILED',
  );
};

/** Calls `hook` on every subscriber that has it; a throwing subscriber is reported, never fatal. */
export const notify = (hook: NotifyHook, ...args: unknown[]): void => {
  for (const subscriber of lifecycleState.subscribers) {
    const method = subscriber[hook] as ((...hookArgs: unknown[]) => void) | undefined;
    if (method === undefined) continue;
    try {
      method.apply(subscriber, args);
    } catch (error) {
      reportHookError(subscriber, hook, error);
    }
  }
};

/** Calls every subscriber's `invocationEnd` concurrently and waits for all of them. */
export const notifyEnd = async (...args: unknown[]): Promise<void> => {
  await Promise.all(
    lifecycleState.subscribers.map(async (subscriber) => {
      if (subscriber.invocationEnd === undefined) return;
      try {
        await (subscriber.invocationEnd as (...hookArgs: unknown[]) => unknown).apply(
          subscriber,
          args,
        );
      } catch (error) {
        reportHookError(subscriber, 'invocationEnd', error);
      }
    }),
  );
};

type WrapHook = 'wrapInvocation' | 'wrapChildContext' | 'wrapAttempt';

/**
 * Runs `fn` inside every subscriber's `hook`, the first subscriber outermost. `fn` runs exactly
 * once: a subscriber that throws before calling it is skipped, one that throws after is not
 * allowed to hide `fn`'s own result.
 */
export const wrapAll = <T>(hook: WrapHook, args: readonly unknown[], fn: () => T): T => {
  const wrappers = lifecycleState.subscribers.filter(
    (subscriber) => subscriber[hook] !== undefined,
  );
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
