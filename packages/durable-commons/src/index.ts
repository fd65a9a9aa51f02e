/**
 * The core every durable-powertools utility is built on: the packages' internal contract. Users
 * meet it only through `DurablePowertoolsPlugin` and `executionModeDurablePowertools`, which every
 * utility re-exports.
 *
 * @packageDocumentation
 */
export {
  type DecoratedHandler,
  type DurableMethodDecorator,
  type HandlerMethod,
  handlerMethodDecorator,
} from './decorator.js';
export { DurablePowertoolsPlugin } from './durablePowertoolsPlugin.js';
export {
  DurableContextMissingError,
  DurableOptionError,
  DurablePluginNotRegisteredError,
  DurablePowertoolsError,
} from './errors.js';
export {
  assertDurableContext,
  currentFrame,
  currentLogKeys,
  defineSlot,
  describeInvocation,
  isReplaying,
  requireInvocation,
} from './frame.js';
export { executionModeDurablePowertools, internalKey, onWorkflowError } from './middy.js';
export {
  type InvalidOptionDetails,
  type InvalidOptionErrorFactory,
  OptionChecks,
} from './options.js';
export { durableExecutionPluginProvider } from './plugin.js';
export { warnOnce } from './state.js';
export { subscribe } from './subscribers.js';
export type * from './types.js';
