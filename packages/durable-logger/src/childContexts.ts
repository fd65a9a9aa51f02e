import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { getParentId } from '@durable-powertools/commons';
import type { DurableLogInvocation } from './durableLogInvocation.js';
import { type ChildFrame, logScope } from './scope.js';

type RunInChildContext = (this: DurableContext, ...args: unknown[]) => unknown;
type ChildFunction = (child: DurableContext, ...rest: unknown[]) => unknown;

const instrumented = new WeakSet<DurableContext>();

/**
 * Follows `context`'s child contexts: each `runInChildContext` call, which is also how the SDK
 * starts map items, parallel branches and `waitForCallback`, runs the child's function in its own
 * {@link ChildFrame}, so records know their parent operation and whether the child is replaying.
 * The method is replaced on this context instance only (the SDK itself calls it through the
 * instance), and each child is followed the same way when it starts.
 */
export const followChildContexts = (
  context: DurableContext,
  invocation: DurableLogInvocation,
  frame: ChildFrame | undefined,
): void => {
  if (instrumented.has(context)) return;
  instrumented.add(context);
  const runInChildContext = context.runInChildContext as unknown as RunInChildContext;
  const followed: RunInChildContext = function (this: DurableContext, ...args) {
    // Same overload rule as the SDK: (name, fn, options) when the first argument is a name.
    const fnIndex = typeof args[0] === 'string' || args[0] === undefined ? 1 : 0;
    const fn = args[fnIndex];
    if (typeof fn === 'function') {
      args[fnIndex] = inChildFrame(fn as ChildFunction, context, invocation, frame);
    }
    return runInChildContext.apply(this, args);
  };
  Object.defineProperty(context, 'runInChildContext', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: followed,
  });
};

const inChildFrame =
  (
    fn: ChildFunction,
    parent: DurableContext,
    invocation: DurableLogInvocation,
    parentFrame: ChildFrame | undefined,
  ): ChildFunction =>
  (child, ...rest) => {
    // The SDK has made the child the running operation, so its log data names the child.
    const operationId = invocation.durableLogData()?.operationId;
    // A virtual child (map/parallel FLAT nesting) keeps its parent's ParentId for what it starts.
    const isVirtual = getParentId(child) === getParentId(parent);
    const frame: ChildFrame = {
      context: child,
      operationId,
      parentId: parentFrame?.childrenParentId,
      childrenParentId: isVirtual ? parentFrame?.childrenParentId : operationId,
    };
    followChildContexts(child, invocation, frame);
    if (invocation.seesReplayedLines) child.configureLogger({ modeAware: false });
    return logScope.run({ invocation, frame }, () => fn(child, ...rest));
  };
