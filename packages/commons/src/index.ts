export {
  assertDurableContext,
  getDurableExecutionMode,
  getExecutionArn,
  getExecutionStartTime,
  getParentId,
  isDurableContext,
  isReplaying,
} from './durableContext.js';
export { DurableContextMissingError } from './errors.js';
export { internalKey } from './internalKeys.js';
export { describeInvocation } from './invocation.js';
export type * from './types/index.js';
