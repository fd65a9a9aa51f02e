import { DurablePluginNotRegisteredError } from '@durable-powertools/commons';

/**
 * The tracer's name for `DurablePluginNotRegisteredError` (kept for code that catches it): thrown on
 * the first invocation when tracing is on but `DurablePowertoolsPlugin` is not registered. The
 * message names the one registration line.
 *
 * @deprecated Catch `DurablePluginNotRegisteredError` (re-exported by every package).
 *
 * @example
 * ```ts
 * import { DurableTracerPluginMissingError } from '@durable-powertools/tracer';
 *
 * if (error instanceof DurableTracerPluginMissingError) console.error(error.message);
 * ```
 */
export class DurableTracerPluginMissingError extends DurablePluginNotRegisteredError {
  public constructor() {
    super('durableTracer()');
    this.name = 'DurableTracerPluginMissingError';
  }
}
