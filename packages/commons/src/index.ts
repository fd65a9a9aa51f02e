export { type ActiveOperation, getActiveOperation } from './activeOperation.js';
export {
  type DecoratedHandler,
  type DurableMethodDecorator,
  type HandlerMethod,
  handlerMethodDecorator,
} from './decorator.js';
export {
  assertDurableContext,
  getDurableExecutionMode,
  getExecutionArn,
  getExecutionStartTime,
  getParentId,
  isDurableContext,
  isReplaying,
} from './durableContext.js';
export { DurableCommonsError, DurableContextMissingError } from './errors.js';
export { estimateInvocationCount } from './executionHistory.js';
export { internalKey } from './internalKeys.js';
export { describeInvocation } from './invocation.js';
export { isMiddyTimeoutError, onWorkflowError } from './middyTimeout.js';
export {
  estimateInvocationCountFromOperations,
  type OperationHistoryEntry,
} from './operationHistory.js';
export {
  describeValue,
  hasMethods,
  type InvalidOptionDetails,
  type InvalidOptionErrorFactory,
  OptionChecks,
} from './optionChecks.js';
export { hasRecordedNextOperation, isReplayingNow } from './replayPosition.js';
export type * from './types/index.js';
