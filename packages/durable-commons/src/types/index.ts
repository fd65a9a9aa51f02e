export type { DurableExecutionMode, DurableInvocation } from './invocation.js';
export type {
  DurableMiddlewareFn,
  DurableMiddlewareObj,
  DurableMiddyRequest,
} from './middy.js';
