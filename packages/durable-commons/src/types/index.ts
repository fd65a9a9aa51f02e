export type { DurableExecutionMode, DurableInvocation } from './invocation.js';
export type {
  InvocationEnd,
  InvocationEndStatus,
  LifecycleFrameView,
  LifecycleInvocation,
  LifecycleOperation,
  LifecycleOperationKind,
  LifecycleSubscriber,
  OperationFrameEnd,
} from './lifecycle.js';
export type {
  DurableMiddlewareFn,
  DurableMiddlewareObj,
  DurableMiddyRequest,
} from './middy.js';
