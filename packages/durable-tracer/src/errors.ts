/**
 * Thrown by the {@link durableTracer} middleware when tracing is enabled but no
 * {@link DurableTracerPlugin} wraps the invocation. Without the plugin the handler subsegment of a
 * suspended invocation could never be closed (its handler promise never settles), so the middleware
 * refuses to run half-configured. The message names both ways to register the plugin.
 *
 * @example
 * ```ts
 * import { DurableTracerPluginMissingError } from '@durable-powertools/tracer';
 *
 * if (error instanceof DurableTracerPluginMissingError) console.error(error.message);
 * ```
 */
export class DurableTracerPluginMissingError extends Error {
  public constructor() {
    super(
      'durableTracer() found no DurableTracerPlugin around this invocation, so it cannot close the ' +
        'handler subsegment of a suspended invocation. Register the plugin: ' +
        "withDurableExecution(handler, { plugins: [new DurableTracerPlugin({ tracer })] }), or, for middy's " +
        'durable mode (middy(handler, { executionMode: executionModeDurableContext })), set the environment ' +
        'variable DURABLE_EXECUTION_PLUGINS=@durable-powertools/tracer.',
    );
    this.name = 'DurableTracerPluginMissingError';
  }
}
