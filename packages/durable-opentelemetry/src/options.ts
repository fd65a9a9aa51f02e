import { OptionChecks } from '@durable-powertools/commons';
import type { TracerProvider } from '@opentelemetry/api';
import { DurableOpenTelemetryOptionError, InvalidSampleRatioError } from './errors.js';
import type { TraceIdFormat } from './ids/derive.js';

/**
 * Options of `durableOpenTelemetry()`. Every option is optional: `durableOpenTelemetry()` traces
 * every execution with the global tracer provider.
 *
 * @example
 * ```ts
 * import { durableOpenTelemetry } from '@durable-powertools/opentelemetry';
 *
 * durableOpenTelemetry({ sampleRatio: 0.25 });
 * ```
 */
export interface DurableOpenTelemetryOptions {
  /**
   * The tracer provider spans are started with and force-flushed before every invocation returns.
   * Read when each invocation starts, so a provider registered later is picked up.
   * @default the global provider (`trace.getTracerProvider()`)
   */
  readonly tracerProvider?: TracerProvider;
  /**
   * Share of executions to trace, from 0 to 1, decided once per execution from its ARN, only when the
   * invocation arrived without a sampling decision (an X-Ray `Sampled=0|1` or a W3C `traceparent`
   * decides for itself). The provider's sampler must follow the parent's decision
   * (`ParentBasedSampler`, the SDK's default).
   * @default the `DURABLE_TRACE_SAMPLE_RATIO` environment variable, else 1
   */
  readonly sampleRatio?: number;
  /**
   * Layout of the ARN-derived trace id, used only when the invocation arrived without a trace
   * context. `xray`: the first 8 hex digits are the execution's start time in epoch seconds, as
   * AWS X-Ray requires; `w3c`: all 32 digits derived from the ARN.
   * @default 'xray'
   */
  readonly traceIdFormat?: TraceIdFormat;
  /**
   * Force-flush the provider (`forceFlush()`) before each invocation returns, so that no span waits
   * in a batch processor while Lambda freezes the environment.
   * @default true
   */
  readonly flush?: boolean;
}

/** The options with their defaults applied. */
export type OpenTelemetrySettings = Required<Omit<DurableOpenTelemetryOptions, 'tracerProvider'>> &
  Pick<DurableOpenTelemetryOptions, 'tracerProvider'>;

/** Environment variable read when `sampleRatio` is not given. */
export const SAMPLE_RATIO_ENV = 'DURABLE_TRACE_SAMPLE_RATIO';

const KNOWN = ['tracerProvider', 'sampleRatio', 'traceIdFormat', 'flush'] as const;

const isRatio = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;

/** The option checks of the entry point `utility`, failing with its option error. */
export const optionChecks = (utility: string): OptionChecks =>
  new OptionChecks(utility, (details) => new DurableOpenTelemetryOptionError(details));

/** Validates `input` (unknown names first) for the entry point `utility` and applies the defaults. */
export const resolveOptions = (
  input: unknown = {},
  utility = 'durableOpenTelemetry()',
): OpenTelemetrySettings => {
  const check = optionChecks(utility);
  const options = check.object(input, 'an options object such as { sampleRatio: 0.5 }');
  check.knownKeys(options, KNOWN);
  check.instance(
    options,
    'tracerProvider',
    'an OpenTelemetry TracerProvider',
    ['getTracer'],
    'Pass the provider you registered, or leave it out to use the global one.',
    true,
  );
  const { traceIdFormat = 'xray' } = options;
  if (traceIdFormat !== 'xray' && traceIdFormat !== 'w3c') {
    return check.reject('traceIdFormat', traceIdFormat, "'xray', 'w3c' or left out");
  }
  check.boolean(options, 'flush');
  return {
    tracerProvider: options.tracerProvider as TracerProvider | undefined,
    sampleRatio: sampleRatioFrom(options.sampleRatio, utility),
    traceIdFormat,
    flush: options.flush !== false,
  };
};

const sampleRatioFrom = (option: unknown, utility: string): number => {
  if (option !== undefined) {
    if (!isRatio(option)) throw new InvalidSampleRatioError('sampleRatio', option, utility);
    return option;
  }
  const fromEnvironment = process.env[SAMPLE_RATIO_ENV];
  if (fromEnvironment === undefined || fromEnvironment.trim() === '') return 1;
  const parsed = Number(fromEnvironment);
  if (!isRatio(parsed)) {
    throw new InvalidSampleRatioError(SAMPLE_RATIO_ENV, fromEnvironment, utility);
  }
  return parsed;
};
