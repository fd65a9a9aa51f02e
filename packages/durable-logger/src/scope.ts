import { AsyncLocalStorage } from 'node:async_hooks';
import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { DurableLogInvocation } from './durableLogInvocation.js';

/** A child context (`runInChildContext`, a map item, a parallel branch) whose code is running. */
export interface ChildFrame {
  /** The child context its function received. */
  readonly context: DurableContext;
  /** Hashed operation id of the child context, as the SDK reports it in `getDurableLogData()`. */
  readonly operationId: string | undefined;
  /** Hashed operation id of the child's parent (`undefined` for a child of the root). */
  readonly parentId: string | undefined;
  /** Hashed `ParentId` the SDK gives operations started inside this child. */
  readonly childrenParentId: string | undefined;
}

/** What the code running now belongs to: an invocation, and the child context it is in, if any. */
export interface LogScope {
  readonly invocation: DurableLogInvocation;
  readonly frame: ChildFrame | undefined;
}

/**
 * Carries the current invocation and child context through the workflow's async calls, so that a
 * record is keyed by the branch that wrote it even when map or parallel branches run at once.
 */
export const logScope = new AsyncLocalStorage<LogScope>();
