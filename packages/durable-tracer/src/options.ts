import { Tracer } from '@aws-lambda-powertools/tracer';
import { OptionChecks } from '@durable-powertools/commons';
import { DurableTracerOptionError } from './errors.js';

/**
 * Options of {@link durableTracer}, {@link durableCaptureLambdaHandler} and {@link withDurableTracer}
 * (the same in every form). The second argument of `durableTracer(tracer, options)` takes the same
 * options without `tracer`, like Powertools' `captureLambdaHandler(tracer, options)`.
 *
 * @example
 * ```ts
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * import { durableTracer } from '@durable-powertools/tracer';
 *
 * const tracer = new Tracer({ serviceName: 'orders' });
 * const middleware = durableTracer(tracer, { captureResponse: false });
 * ```
 */
export interface DurableTracerOptions {
  /**
   * Your Powertools Tracer: its service name, cold start and `captureResponse`/`captureError`
   * settings apply.
   * @default `new Tracer()`, built from the environment (`POWERTOOLS_SERVICE_NAME`,
   * `POWERTOOLS_TRACE_ENABLED`, `POWERTOOLS_TRACER_CAPTURE_RESPONSE`, ...) as Powertools does
   */
  readonly tracer?: Tracer;
  /**
   * Add the workflow's result as metadata of the invocation that completes it, like Powertools'
   * `captureLambdaHandler`.
   * @default true
   */
  readonly captureResponse?: boolean;
  /**
   * Open a `### <operation name>` subsegment for each live step attempt (and wait-for-condition
   * check). Replayed operations never run again and get none.
   * @default true
   */
  readonly traceOperations?: boolean;
}

/** The second argument of `durableTracer(tracer, options)`: the options without `tracer`. */
export type DurableTracerHandlerOptions = Omit<DurableTracerOptions, 'tracer'>;

/** The option checks of entry point `utility`, failing with {@link DurableTracerOptionError}. */
export const tracerOptionChecks = (utility: string): OptionChecks =>
  new OptionChecks(utility, (details) => new DurableTracerOptionError(details));

/** Options with every default applied. */
export type TracerSettings = Readonly<Required<DurableTracerOptions>>;

/** The Powertools Tracer methods this package calls. */
const TRACER_METHODS = [
  'isTracingEnabled',
  'getSegment',
  'addServiceNameAnnotation',
  'annotateColdStart',
  'addErrorAsMetadata',
  'addResponseAsMetadata',
] as const;
const SWITCHES = ['captureResponse', 'traceOperations'] as const;
const TRACER_FIX =
  "Pass the Tracer from '@aws-lambda-powertools/tracer': new Tracer({ serviceName: 'orders' }), or leave it out.";

const isTracer = (value: unknown): value is Tracer =>
  typeof value === 'object' &&
  value !== null &&
  TRACER_METHODS.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

/**
 * Checks the arguments of an entry point in any of its forms, `()`, `({ tracer?, ...options })`,
 * `(tracer, options?)`, and applies the defaults (a `new Tracer()` from the environment when none is
 * given). Unknown option names are reported first, with the closest valid one.
 *
 * @throws {DurableTracerOptionError} naming `utility`
 */
export const resolveTracerOptions = (
  utility: string,
  first: unknown,
  second?: unknown,
): TracerSettings => {
  const check = tracerOptionChecks(utility);
  const tracerGiven = isTracer(first);
  const prototype = typeof first === 'object' && first !== null && Object.getPrototypeOf(first);
  if (!tracerGiven && prototype && prototype !== Object.prototype) {
    check.reject('tracer', first, 'a Powertools Tracer instance or an options object', TRACER_FIX);
  }
  const options = check.object(
    (tracerGiven ? second : first) ?? {},
    tracerGiven
      ? 'an options object or left out'
      : 'a Powertools Tracer, an options object or left out',
    tracerGiven ? 'options' : 'tracer',
    `Call it as ${utility.replace('()', '')}(), (tracer, options) or ({ tracer, ...options }).`,
  );
  check.knownKeys(options, tracerGiven ? SWITCHES : ['tracer', ...SWITCHES]);
  if (!tracerGiven) {
    check.instance(
      options,
      'tracer',
      'a Powertools Tracer instance or left out',
      TRACER_METHODS,
      TRACER_FIX,
      true,
    );
  }
  for (const key of SWITCHES) check.boolean(options, key);
  return {
    tracer: tracerGiven ? first : ((options.tracer as Tracer | undefined) ?? new Tracer()),
    captureResponse: (options.captureResponse as boolean | undefined) ?? true,
    traceOperations: (options.traceOperations as boolean | undefined) ?? true,
  };
};
