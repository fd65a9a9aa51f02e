/**
 * `@durable-powertools/tracer/plugin`: the module to list in `DURABLE_EXECUTION_PLUGINS`, the suite's
 * one `DurablePowertoolsPlugin` (the same module as `@durable-powertools/commons/plugin`). With
 * middy 7's durable mode, which passes the SDK no config, list it there (or use
 * `executionModeDurablePowertools`); {@link durableTracer} supplies the Tracer.
 *
 * @example
 * ```ts
 * // Lambda environment: DURABLE_EXECUTION_PLUGINS=@durable-powertools/tracer/plugin
 * import middy from '@middy/core';
 * import { executionModeDurableContext } from '@middy/core/DurableContext';
 * import { durableTracer } from '@durable-powertools/tracer';
 *
 * export const handler = middy(workflow, { executionMode: executionModeDurableContext }).use(durableTracer());
 * ```
 */
export {
  DurablePowertoolsPlugin,
  durableExecutionPluginProvider,
} from '@durable-powertools/commons/plugin';
