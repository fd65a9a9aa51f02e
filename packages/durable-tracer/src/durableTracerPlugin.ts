import { DurablePowertoolsPlugin } from '@durable-powertools/commons';
import { defaultTracer, registerForPlugin } from './registration.js';
import { subscribeTracer } from './tracing.js';
import type { DurableTracerPluginOptions } from './types/options.js';

/**
 * The suite's one plugin, `DurablePowertoolsPlugin`, carrying tracer settings for the handler it is
 * registered with: every invocation of that handler gets a closed, annotated X-Ray handler
 * subsegment (`## <_HANDLER>` with `execution_arn`, `durable_invocation`, `first_invocation`,
 * `ColdStart`, `Service` and, when it ends, `invocation_status`: `PENDING`, `SUCCEEDED`, `FAILED`,
 * `RETRYING`), suspended invocations included, and live step attempts `### <name>` subsegments.
 * It replaces `DurablePowertoolsPlugin` (registering both is harmless).
 *
 * With the `durableTracer({ tracer })` middleware, plain `new DurablePowertoolsPlugin()` is enough:
 * the middleware registers its Tracer where it is constructed.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * import { DurableTracerPlugin } from '@durable-powertools/tracer';
 *
 * const tracer = new Tracer({ serviceName: 'orders' });
 *
 * export const handler = withDurableExecution(
 *   async (event, context) => {
 *     await context.step('reserve', async () => reserve(event));
 *     await context.wait({ minutes: 5 });
 *     return context.step('charge', async () => charge(event));
 *   },
 *   { plugins: [new DurableTracerPlugin({ tracer })] },
 * );
 * ```
 */
export class DurableTracerPlugin extends DurablePowertoolsPlugin {
  public constructor(options: DurableTracerPluginOptions = {}) {
    super();
    subscribeTracer();
    registerForPlugin(this, {
      tracer: options.tracer ?? defaultTracer(),
      captureResponse: options.captureResponse ?? true,
      traceOperations: options.traceOperations ?? true,
    });
  }
}
