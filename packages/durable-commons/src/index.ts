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
export {
  DurableContextMissingError,
  DurablePluginNotRegisteredError,
  DurablePowertoolsError,
  PLUGIN_ENVIRONMENT_ENTRY,
  PLUGIN_REGISTRATION_LINE,
} from './errors.js';
export { estimateInvocationCount } from './executionHistory.js';
export { internalKey } from './internalKeys.js';
export { describeInvocation } from './invocation.js';
export {
  bindDurableContext,
  currentFrame,
  currentInvocation,
  currentLogKeys,
  currentOperation,
  isReplayingIn,
  isReplayingNow,
  requireLifecycle,
  subscribeLifecycle,
} from './lifecycle/api.js';
export { DurablePowertoolsPlugin } from './lifecycle/DurablePowertoolsPlugin.js';
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
export { durableExecutionPluginProvider } from './plugin.js';
export { hasRecordedNextOperation } from './replayPosition.js';
export { missingSdkFields, SDK_PRIVATE_FIELDS, type SdkPrivateField } from './sdkInternals.js';
export type * from './types/index.js';
