import type { Logger } from '@aws-lambda-powertools/logger';
import {
  currentInvocation,
  type LifecycleFrameView,
  type LifecycleInvocation,
  subscribeLifecycle,
} from '@durable-powertools/commons';
import type { DurableLogInvocation } from './durableLogInvocation.js';

/** The lifecycle slot key: registered, so that an ESM and a CJS copy of the package share it. */
const LOGGER_SLOT = Symbol.for('@durable-powertools/logger.invocation.v1');

/** The loggers attached to `invocation`, each with its per-invocation state. */
export const attachedLoggers = (
  invocation: LifecycleInvocation,
): Map<Logger, DurableLogInvocation> =>
  invocation.slot(LOGGER_SLOT, () => new Map<Logger, DurableLogInvocation>());

/**
 * The invocation each logger was last attached to: where a direct call goes if the async context
 * lost the lifecycle frame. Lambda runs one invocation per sandbox at a time, so it is the running one.
 */
const lastAttached = new WeakMap<Logger, DurableLogInvocation>();

/** Records `invocation` as where the durable invocation running now sends `logger`'s records. */
export const rememberAttached = (
  lifecycle: LifecycleInvocation,
  logger: Logger,
  invocation: DurableLogInvocation,
): void => {
  attachedLoggers(lifecycle).set(logger, invocation);
  lastAttached.set(logger, invocation);
};

/** Forgets the invocation `logger` was attached to, once that invocation has finished. */
export const forgetAttached = (logger: Logger): void => {
  lastAttached.delete(logger);
  const lifecycle = currentInvocation();
  if (lifecycle !== undefined) attachedLoggers(lifecycle).delete(logger);
};

/** The durable invocation a direct call on `logger` made in `frame` belongs to, if any. */
export const attachedInvocation = (
  logger: Logger,
  frame: LifecycleFrameView | undefined,
): DurableLogInvocation | undefined => {
  const attached = frame === undefined ? undefined : attachedLoggers(frame.invocation).get(logger);
  return attached ?? lastAttached.get(logger);
};

const SUBSCRIBED = Symbol.for('@durable-powertools/logger.subscribed.v1');
const flags = globalThis as Record<symbol, boolean | undefined>;

/**
 * Subscribes the package to the lifecycle core, once per process: when an invocation ends (suspended,
 * completed, or answered early by another middleware), its loggers forget it and drop the keys it
 * appended; with the replay debug switch on, each child context the SDK creates is told not to
 * drop replayed lines itself, so the logger sees and tags them.
 */
export const subscribeLogger = (): void => {
  if (flags[SUBSCRIBED] === true) return;
  flags[SUBSCRIBED] = true;
  subscribeLifecycle({
    name: '@durable-powertools/logger',
    // Whatever ran or returned early in the chain, the invocation leaves nothing on the loggers.
    invocationEnd: (lifecycle) => {
      for (const [logger, invocation] of attachedLoggers(lifecycle)) {
        if (lastAttached.get(logger) === invocation) lastAttached.delete(logger);
        if (invocation.resetsKeys) logger.resetKeys();
      }
      attachedLoggers(lifecycle).clear();
    },
    contextBound: (context, operation, lifecycle) => {
      if (operation === undefined) return;
      for (const invocation of attachedLoggers(lifecycle).values()) {
        if (invocation.logsReplayed) {
          context.configureLogger({ modeAware: false });
          return;
        }
      }
    },
  });
};
