import { MetricResolution, Metrics } from '@aws-lambda-powertools/metrics';
import type { Dimensions } from '@aws-lambda-powertools/metrics/types';
import { warnOnce } from '@durable-powertools/commons';
import {
  isValidDimension,
  MAX_CUSTOM_DIMENSIONS,
  MetricBuffer,
  type PowertoolsWriter,
  validateMetric,
  WRITER_METHODS,
} from './emf/buffer.js';
import type { InvocationCollector } from './emf/collector.js';
import type { DocumentWriter } from './emf/documents.js';

/**
 * The ONE module that touches Powertools Metrics beyond its public API (tested with 2.36): it shadows
 * the public methods of each instance given to this package so that calls inside a durable invocation
 * are buffered, and reads the members below, each guarded: one that is gone is reported once
 * (`DURABLE_POWERTOOLS_POWERTOOLS_DRIFT`) naming what degrades. Drift test:
 * `tests/unit/powertoolsInternals.test.ts`.
 */
export const POWERTOOLS_MEMBERS = {
  console:
    'EMF documents hold at most 99 values per metric and 99 metrics (the private `console` that publishStoredMetrics() writes with is gone)',
  isDisabled:
    'EMF documents hold at most 99 values per metric and 99 metrics (the protected isDisabled() is gone)',
  coldStart:
    'a ColdStart document without execution_arn metadata is not detected (the protected `coldStart` flag is gone)',
  'captureColdStartMetric() -> this.singleMetric()':
    'ColdStart documents carry no execution_arn metadata',
} as const;

/** One of {@link POWERTOOLS_MEMBERS}. */
export type PowertoolsMember = keyof typeof POWERTOOLS_MEMBERS;

interface MetricsInternals {
  console?: { log?: unknown };
  isDisabled?: unknown;
  coldStart?: unknown;
}

const internals = (metrics: Metrics): MetricsInternals => metrics as unknown as MetricsInternals;

const drifted = (member: PowertoolsMember): undefined => {
  warnOnce(
    `metrics-member:${member}`,
    `durable-powertools: Powertools Metrics no longer has the member ${member} this package was tested with ` +
      `(@aws-lambda-powertools/metrics 2.36), so ${POWERTOOLS_MEMBERS[member]}. Install a tested version (see the peer dependency range).`,
    'DURABLE_POWERTOOLS_POWERTOOLS_DRIFT',
  );
  return undefined;
};

/** The members of {@link POWERTOOLS_MEMBERS} that `metrics` lacks (the drift test's probe). */
export const missingPowertoolsMembers = (metrics: Metrics = new Metrics()): PowertoolsMember[] => {
  const { console: output, isDisabled, coldStart } = internals(metrics);
  const missing: PowertoolsMember[] = [];
  if (typeof output?.log !== 'function') missing.push('console');
  if (typeof isDisabled !== 'function') missing.push('isDisabled');
  if (typeof coldStart !== 'boolean') missing.push('coldStart');
  return missing;
};

/**
 * `publishValues` for `metrics`: what `publishStoredMetrics()` does (Powertools' own serialization,
 * written with its console unless disabled, then cleared), with each listed metric's values replaced
 * by the full list, so a document can hold EMF's 100 values per metric. `undefined` (and the
 * warning) when the members it needs are gone.
 */
const valuesPublisher = (metrics: Metrics): DocumentWriter['publishValues'] => {
  const { console: output, isDisabled } = internals(metrics);
  if (typeof output?.log !== 'function') return drifted('console');
  if (typeof isDisabled !== 'function') return drifted('isDisabled');
  const log = output.log as (line: string) => void;
  return (values) => {
    try {
      const emf = metrics.serializeMetrics() as unknown as Record<string, unknown>;
      for (const [name, list] of values) emf[name] = list.length === 1 ? list[0] : [...list];
      if (isDisabled.call(metrics) !== true) log.call(output, JSON.stringify(emf));
    } finally {
      metrics.clearMetrics();
      metrics.clearDimensions();
      metrics.clearMetadata();
    }
  };
};

const WRITERS_KEY = Symbol.for('@durable-powertools/metrics.writers.v1');
const globals = globalThis as Record<symbol, WeakMap<object, DocumentWriter> | undefined>;
/** Unpatched methods of each intercepted instance, shared by every copy of this package. */
globals[WRITERS_KEY] ??= new WeakMap();
const writers: WeakMap<object, DocumentWriter> = globals[WRITERS_KEY];

/** Metadata the next `singleMetric()` instance gets: set only while Powertools builds ColdStart. */
let coldStartMetadata: Readonly<Record<string, string>> | undefined;

const ownMethods = (metrics: Metrics): PowertoolsWriter =>
  Object.fromEntries(
    WRITER_METHODS.map((name) => [name, metrics[name].bind(metrics)]),
  ) as PowertoolsWriter;

/**
 * Routes `addMetric`, `addDimension(s)`, `addMetadata`, `publishStoredMetrics` and `singleMetric` of
 * `metrics` to `route(metrics)` whenever it answers (inside a durable invocation), and to Powertools
 * as usual anywhere else. Patching the instance (once) rather than wrapping it lets the workflow keep
 * using the `Metrics` object it already imports.
 *
 * @returns the instance's own, unpatched methods, which the collectors publish through
 */
export const interceptMetrics = (
  metrics: Metrics,
  route: (metrics: Metrics) => InvocationCollector | undefined,
): DocumentWriter => {
  const known = writers.get(metrics);
  if (known !== undefined) return known;
  const writer = { ...ownMethods(metrics), publishValues: valuesPublisher(metrics) };
  writers.set(metrics, writer);
  /** A method that goes to the collector inside a durable invocation, to Powertools outside. */
  const routed =
    <A extends unknown[]>(
      inside: (collector: InvocationCollector, ...args: A) => void,
      outside: (...args: A) => unknown,
    ) =>
    (...args: A): Metrics => {
      const collector = route(metrics);
      if (collector === undefined) outside(...args);
      else inside(collector, ...args);
      return metrics;
    };
  metrics.singleMetric = () => {
    const single = writer.singleMetric() as Metrics;
    if (coldStartMetadata !== undefined) {
      for (const [key, value] of Object.entries(coldStartMetadata)) single.addMetadata(key, value);
      coldStartMetadata = undefined;
      return single;
    }
    const collector = route(metrics);
    return collector === undefined ? single : durableSingleMetric(single, collector);
  };
  metrics.addMetric = routed(
    (collector, name, unit, value, resolution = MetricResolution.Standard) => {
      validateMetric(name, unit, value, resolution);
      collector.bufferForCall()?.addMetric(name, unit, value, resolution);
    },
    writer.addMetric,
  );
  metrics.addDimension = routed((collector, name: string, value: string) => {
    // Powertools warns and skips an invalid dimension: let it say so, on an empty request scope.
    if (!isValidDimension(name, value)) return void writer.addDimension(name, value);
    const buffer = collector.bufferForCall();
    if (buffer?.dimensions.has(name) === false) assertDimensionCount(buffer.dimensions.size + 1);
    buffer?.dimensions.set(name, value);
  }, writer.addDimension);
  metrics.addDimensions = routed((collector, dimensions: Dimensions) => {
    const valid = Object.fromEntries(
      Object.entries(dimensions).filter(([name, value]) => isValidDimension(name, value)),
    );
    assertDimensionCount(Object.keys(valid).length);
    collector.bufferForCall()?.dimensionSets.push(valid);
  }, writer.addDimensions);
  metrics.addMetadata = routed((collector, key: string, value: string) => {
    collector.bufferForCall()?.metadata.set(key, value);
  }, writer.addMetadata);
  // Inside a durable invocation nothing is published early: the workflow body's metrics wait for
  // completion, and a step attempt's are flushed when its code yields anyway.
  metrics.publishStoredMetrics = routed(
    (collector) => collector.flushAttempts(),
    writer.publishStoredMetrics,
  );
  return writer;
};

const assertDimensionCount = (count: number): void => {
  if (count <= MAX_CUSTOM_DIMENSIONS) return;
  throw new RangeError(
    `The number of metric dimensions must be lower than ${MAX_CUSTOM_DIMENSIONS}`,
  );
};

/**
 * A `singleMetric()` instance inside a durable invocation: each `addMetric` becomes a single-metric
 * document kept with the buffer the call belongs to (workflow body, step attempt, child context), so
 * it is published exactly once, when that buffer is, instead of on every replay.
 */
const durableSingleMetric = (single: Metrics, collector: InvocationCollector): Metrics => {
  const singleWriter = ownMethods(single);
  // Dimensions and metadata apply to the next metric only, as in Powertools' single-metric mode.
  let pending = new MetricBuffer();
  single.addDimension = (name, value) => {
    if (isValidDimension(name, value)) pending.dimensions.set(name, value);
    else singleWriter.addDimension(name, value);
    return single;
  };
  single.addDimensions = (dimensions: Dimensions) => {
    for (const [name, value] of Object.entries(dimensions)) single.addDimension(name, value);
    return single;
  };
  single.addMetadata = (key, value) => {
    pending.metadata.set(key, value);
    return single;
  };
  single.addMetric = (name, unit, value, resolution = MetricResolution.Standard) => {
    validateMetric(name, unit, value, resolution);
    const document = pending;
    pending = new MetricBuffer();
    document.addMetric(name, unit, value, resolution);
    collector.bufferForCall()?.singles.push({ writer: singleWriter, buffer: document });
    return single;
  };
  return single;
};

/**
 * Powertools' `captureColdStartMetric(functionName)`, its document tagged with `metadata`
 * (`execution_arn`): Powertools builds it with `this.singleMetric()`, which the intercepted instance
 * answers with a single-metric instance carrying `metadata`. If Powertools stops building it that
 * way, the `ColdStart` document is still published, untagged, and a drift warning says so.
 */
export const captureColdStart = (
  metrics: Metrics,
  functionName: string | undefined,
  metadata: Readonly<Record<string, string>>,
): void => {
  const cold = internals(metrics).coldStart;
  if (typeof cold !== 'boolean') drifted('coldStart');
  coldStartMetadata = metadata;
  try {
    metrics.captureColdStartMetric(functionName);
  } finally {
    const tagged = coldStartMetadata === undefined;
    coldStartMetadata = undefined;
    if (!tagged && cold === true && internals(metrics).coldStart === false) {
      drifted('captureColdStartMetric() -> this.singleMetric()');
    }
  }
};
