import type { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Options of {@link DurableTracerPlugin}.
 *
 * @example
 * ```ts
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * import { DurableTracerPlugin } from '@durable-powertools/tracer';
 *
 * const plugin = new DurableTracerPlugin({ tracer: new Tracer({ serviceName: 'orders' }) });
 * ```
 */
export interface DurableTracerPluginOptions {
  /**
   * The Powertools Tracer whose configuration (service name, cold start, `captureResponse`,
   * `captureError`, enabled or not) applies. Default: a Tracer of its own that reads the usual
   * `POWERTOOLS_*` environment variables and leaves HTTP capture to your Tracer.
   */
  readonly tracer?: Tracer;
  /**
   * Add the workflow's result as metadata of the invocation that completes it, like Powertools'
   * `captureLambdaHandler`. The middleware's `captureResponse`, when set, wins. Default: `true`.
   */
  readonly captureResponse?: boolean;
  /**
   * Open a `### <operation name>` subsegment for each live step attempt (and wait-for-condition
   * check). Replayed operations never run again and get none. Default: `true`.
   */
  readonly traceOperations?: boolean;
}

/**
 * Options of the {@link durableTracer} middy middleware.
 *
 * @example
 * ```ts
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * import { durableTracer } from '@durable-powertools/tracer';
 *
 * const middleware = durableTracer({ tracer: new Tracer({ serviceName: 'orders' }), captureResponse: false });
 * ```
 */
export interface DurableTracerOptions {
  /** Your Powertools Tracer: its service name and `captureResponse`/`captureError` settings apply. */
  readonly tracer: Tracer;
  /** Add the workflow's result as metadata of the completing invocation. Default: `true`. */
  readonly captureResponse?: boolean;
}
