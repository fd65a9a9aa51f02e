import { OptionChecks } from '@durable-powertools/commons';
import { DurableTracerOptionError } from './errors.js';
import type { DurableTracerOptions, DurableTracerPluginOptions } from './types/options.js';

/** The Powertools Tracer methods this package calls. */
const TRACER_METHODS = [
  'isTracingEnabled',
  'addServiceNameAnnotation',
  'annotateColdStart',
  'addErrorAsMetadata',
  'addResponseAsMetadata',
] as const;

const TRACER_FIX =
  "Pass the Tracer from '@aws-lambda-powertools/tracer': new Tracer({ serviceName: 'orders' }).";

/** A checker whose errors are {@link DurableTracerOptionError}s naming `utility`. */
export const tracerChecks = (utility: string): OptionChecks =>
  new OptionChecks(utility, (details) => new DurableTracerOptionError(details));

const hasProvider = (tracer: unknown): boolean =>
  typeof (tracer as { provider?: { captureAsyncFunc?: unknown } }).provider?.captureAsyncFunc ===
  'function';

/** Checks the options of {@link durableTracer} and of the decorator. */
export const validateTracerOptions = (utility: string, input: unknown): DurableTracerOptions => {
  const check = tracerChecks(utility);
  const options = check.object(
    input,
    'an options object with a Powertools Tracer: { tracer }',
    'options',
    `Call it as ${utility.replace('()', '')}({ tracer }).`,
  );
  check.instance(options, 'tracer', 'a Powertools Tracer instance', TRACER_METHODS, TRACER_FIX);
  check.knownKeys(options, ['tracer', 'captureResponse']);
  check.boolean(options, 'captureResponse');
  return options as unknown as DurableTracerOptions;
};

/** Checks the options of `new DurableTracerPlugin()` (all optional). */
export const validatePluginOptions = (input: unknown): DurableTracerPluginOptions => {
  const check = tracerChecks('new DurableTracerPlugin()');
  const options = check.object(input ?? {}, 'an options object or left out');
  check.instance(
    options,
    'tracer',
    'a Powertools Tracer instance or left out',
    TRACER_METHODS,
    TRACER_FIX,
    true,
  );
  if (options.tracer !== undefined && !hasProvider(options.tracer)) {
    check.reject('tracer', options.tracer, 'a Powertools Tracer instance', TRACER_FIX);
  }
  check.knownKeys(options, ['tracer', 'captureResponse', 'traceOperations']);
  check.boolean(options, 'captureResponse');
  check.boolean(options, 'traceOperations');
  return options as DurableTracerPluginOptions;
};
