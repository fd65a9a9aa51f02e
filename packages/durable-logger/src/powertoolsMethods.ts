import type { Logger } from '@aws-lambda-powertools/logger';
import { currentFrame } from '@durable-powertools/commons';
import { attachedInvocation } from './loggerState.js';

/** Powertools Logger methods that write a record. */
export const LOG_METHODS = ['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const;

/** One of {@link LOG_METHODS}. */
export type LogMethodName = (typeof LOG_METHODS)[number];

/** A Powertools log method, as called: a message or log item, then extra items. */
export type LogMethod = (input: unknown, ...extraInput: unknown[]) => void;

/** The logger's own (unpatched) log methods. */
export type LogMethods = Readonly<Record<LogMethodName, LogMethod>>;

const ownMethods = new WeakMap<Logger, LogMethods>();

/**
 * Routes direct calls on `logger` (a module-level logger used in the workflow body instead of
 * `context.logger`) through the durable invocation they run in, so they are dropped on replay and
 * carry the durable keys like `context.logger` records. Before the logger is first attached (at
 * module load) they behave exactly as before. Done once per logger instance; returns the logger's own methods, which the
 * durable path calls to print.
 *
 * A call finds its invocation through the lifecycle core's invocation (the async context the
 * handler runs in), which also keeps executions running at once in one process apart; if that
 * context was lost, it falls back to the invocation the logger was last attached to.
 */
export const routeDirectCalls = (logger: Logger): LogMethods => {
  const known = ownMethods.get(logger);
  if (known !== undefined) return known;
  const loggerMethods = logger as unknown as Record<LogMethodName, LogMethod>;
  const originals = {} as Record<LogMethodName, LogMethod>;
  for (const name of LOG_METHODS) {
    const original = loggerMethods[name];
    originals[name] = original;
    Object.defineProperty(logger, name, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function routedLogMethod(this: Logger, input: unknown, ...extraInput: unknown[]) {
        const frame = currentFrame();
        const invocation = attachedInvocation(this, frame);
        if (invocation === undefined) {
          original.call(this, input, ...extraInput);
          return;
        }
        invocation.write(name, input, extraInput, frame);
      },
    });
  }
  ownMethods.set(logger, originals);
  return originals;
};
