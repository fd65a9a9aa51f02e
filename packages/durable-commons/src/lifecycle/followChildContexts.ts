import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { notify } from './dispatch.js';
import { lifecycleState } from './state.js';

type RunInChildContext = (this: DurableContext, ...args: unknown[]) => unknown;
type ChildFunction = (child: DurableContext, ...rest: unknown[]) => unknown;

const followed = new WeakSet<DurableContext>();

/**
 * Links each child context object to its operation frame, so that the replay fallback can ask the
 * child where it is (a child resumed after a suspension re-runs from its top in the SDK's
 * `ExecutionMode`). The plugin API names the child's operation but does not hand out the context
 * object: the function a `runInChildContext` call (also how the SDK starts map items, parallel
 * branches and `waitForCallback`) runs is wrapped on this context instance, once, and records the
 * child it receives in the frame `DurablePowertoolsPlugin` opened around it. Nothing else changes.
 */
export const followChildContexts = (context: DurableContext): void => {
  if (followed.has(context)) return;
  followed.add(context);
  const runInChildContext = context.runInChildContext as unknown as RunInChildContext;
  const follow: RunInChildContext = function (this: DurableContext, ...args) {
    // Same overload rule as the SDK: (name, fn, options) when the first argument is a name.
    const fnIndex = typeof args[0] === 'string' || args[0] === undefined ? 1 : 0;
    const fn = args[fnIndex];
    if (typeof fn === 'function') {
      args[fnIndex] = ((child: DurableContext, ...rest: unknown[]) => {
        const frame = lifecycleState.storage.getStore();
        const operation = frame?.operation;
        if (operation?.kind === 'childContext' && operation.context === undefined) {
          operation.bindContext(child);
          notify('contextBound', child, operation, frame?.invocation);
        }
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
