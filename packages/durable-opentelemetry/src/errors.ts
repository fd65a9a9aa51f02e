import {
  DurableOptionError,
  DurablePowertoolsError,
  type InvalidOptionDetails,
} from '@durable-powertools/commons';

/** Base class of every error `@durable-powertools/opentelemetry` raises or reports. */
export class DurableOpenTelemetryError extends DurablePowertoolsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableOpenTelemetryError';
  }
}

/**
 * Thrown where an entry point is built (`durableOpenTelemetry()`, ...) for a bad option: an unknown
 * name, or a value of the wrong kind. Names the option, what was given and what is expected.
 */
export class DurableOpenTelemetryOptionError extends DurableOptionError {
  public constructor(details: InvalidOptionDetails) {
    super(details);
    this.name = 'DurableOpenTelemetryOptionError';
  }
}

/** Thrown when `sampleRatio` (or `DURABLE_TRACE_SAMPLE_RATIO`) is not a number from 0 to 1. */
export class InvalidSampleRatioError extends DurableOpenTelemetryOptionError {
  public constructor(source: string, given: unknown, utility = 'durableOpenTelemetry()') {
    super({
      utility,
      option: source,
      received: given,
      expected: 'a number from 0 to 1',
      message:
        `${source} must be a number from 0 to 1 (the share of executions to trace), but was ${JSON.stringify(given)}. ` +
        'Pass for example sampleRatio: 0.1 to trace one execution in ten, or leave it unset to trace all.',
    });
    this.name = 'InvalidSampleRatioError';
  }
}

/**
 * Reported (once per process, with `console.warn`: a tracing problem never fails the invocation) when
 * the tracer provider does not take its span ids from a {@link DurableIdGenerator}. Without it the
 * execution's root span cannot get the span id every invocation's spans name as their parent, so the
 * root span is not exported; the invocation and operation spans still are, in the execution's trace.
 */
export class DurableIdGeneratorMissingError extends DurableOpenTelemetryError {
  public constructor() {
    super(
      'The OpenTelemetry tracer provider did not use a DurableIdGenerator (option idGenerator), so the ' +
        "execution's root span cannot get the deterministic span id its invocations parent to, and is not " +
        'exported. Create the provider with new TracerProvider({ idGenerator: new DurableIdGenerator(), ... }) ' +
        '(NodeTracerProvider and the ADOT setup take the same option; pass your own generator as ' +
        'new DurableIdGenerator({ fallback }) to keep it for every other span).',
    );
    this.name = 'DurableIdGeneratorMissingError';
  }
}

/**
 * Thrown by an entry point built while an earlier one is active: both would trace every
 * invocation. Call it once, at module scope (not in the handler), or `dispose()` the first one.
 */
export class DurableOpenTelemetryAlreadyActiveError extends DurableOpenTelemetryError {
  public constructor() {
    super(
      'durableOpenTelemetry() (or new DurableOpenTelemetry()) was called while an earlier call is active, ' +
        'which would trace every invocation twice. Create it once at module scope, outside the handler, or ' +
        'call dispose() on the previous one first.',
    );
    this.name = 'DurableOpenTelemetryAlreadyActiveError';
  }
}

/**
 * Reported (once per process, with `console.warn`) when the tracer provider's sampler did not sample an
 * execution's root span although `durableOpenTelemetry()` sampled the execution: a span without a
 * parent is decided by the provider's root sampler, which then disagrees with `sampleRatio`.
 */
export class DurableRootSpanDroppedError extends DurableOpenTelemetryError {
  public constructor() {
    super(
      "The tracer provider's sampler dropped the root span of an execution that durableOpenTelemetry() " +
        'sampled, so that trace has no root. Keep the SDK default sampler (ParentBasedSampler with ' +
        'AlwaysOnSampler as root) and choose the share of executions with the sampleRatio option ' +
        '(or DURABLE_TRACE_SAMPLE_RATIO) instead of a ratio sampler in the provider.',
    );
    this.name = 'DurableRootSpanDroppedError';
  }
}
