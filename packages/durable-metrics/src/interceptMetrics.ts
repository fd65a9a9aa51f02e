import { MetricResolution, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Dimensions } from '@aws-lambda-powertools/metrics/types';
import { currentInvocation } from '@durable-powertools/commons';
import type { PowertoolsWriter } from './buffer/publish.js';
import type { InvocationCollector } from './InvocationCollector.js';
import { metricsStateOf, writers } from './shared.js';
import { isValidDimension, MAX_CUSTOM_DIMENSIONS, validateMetric } from './validation.js';

/** The collector of `metrics` in the durable invocation running in this async context. */
const collectorOf = (metrics: Metrics): InvocationCollector | undefined => {
  const invocation = currentInvocation();
  if (invocation === undefined) return undefined;
  return metricsStateOf(invocation).collectors.get(metrics) as InvocationCollector | undefined;
};

/**
 * Routes `addMetric`, `addDimension(s)`, `addMetadata` and `publishStoredMetrics` of `metrics` into
 * the durable invocation's collector whenever they are called inside one, and to Powertools as
 * usual anywhere else. Patching the instance (once) rather than wrapping it lets the workflow keep
 * using the `Metrics` object it already imports.
 *
 * @returns the instance's own, unpatched methods, which the collector publishes through
 */
export const interceptMetrics = (metrics: Metrics): PowertoolsWriter => {
  const known = writers.get(metrics);
  if (known !== undefined) return known;
  const writer: PowertoolsWriter = {
    addMetric: metrics.addMetric.bind(metrics),
    addDimension: metrics.addDimension.bind(metrics),
    addDimensions: metrics.addDimensions.bind(metrics),
    addMetadata: metrics.addMetadata.bind(metrics),
    publishStoredMetrics: metrics.publishStoredMetrics.bind(metrics),
  };
  writers.set(metrics, writer);

  metrics.addMetric = (name, unit, value, resolution = MetricResolution.Standard) => {
    const collector = collectorOf(metrics);
    if (collector === undefined) {
      writer.addMetric(name, unit, value, resolution);
      return metrics;
    }
    validateMetric(name, unit, value, resolution);
    collector.bufferForCall()?.addMetric(name, unit, value, resolution);
    return metrics;
  };

  metrics.addDimension = (name, value) => {
    const collector = collectorOf(metrics);
    if (collector === undefined) {
      writer.addDimension(name, value);
      return metrics;
    }
    if (!isValidDimension(name, value)) {
      // Powertools warns and skips such a dimension; let it say so, on an empty request scope.
      writer.addDimension(name, value);
      return metrics;
    }
    const buffer = collector.bufferForCall();
    if (buffer !== undefined && !buffer.dimensions.has(name)) {
      if (buffer.dimensionCount + 1 > MAX_CUSTOM_DIMENSIONS) {
        throw new RangeError(
          `The number of metric dimensions must be lower than ${MAX_CUSTOM_DIMENSIONS}`,
        );
      }
    }
    buffer?.addDimension(name, value);
    return metrics;
  };

  metrics.addDimensions = (dimensions: Dimensions) => {
    const collector = collectorOf(metrics);
    if (collector === undefined) {
      writer.addDimensions(dimensions);
      return metrics;
    }
    const valid = Object.fromEntries(
      Object.entries(dimensions).filter(([name, value]) => isValidDimension(name, value)),
    );
    if (Object.keys(valid).length > MAX_CUSTOM_DIMENSIONS) {
      throw new RangeError(
        `The number of metric dimensions must be lower than ${MAX_CUSTOM_DIMENSIONS}`,
      );
    }
    collector.bufferForCall()?.addDimensionSet(valid);
    return metrics;
  };

  metrics.addMetadata = (key, value) => {
    const collector = collectorOf(metrics);
    if (collector === undefined) {
      writer.addMetadata(key, value);
      return metrics;
    }
    collector.bufferForCall()?.addMetadata(key, value);
    return metrics;
  };

  metrics.publishStoredMetrics = () => {
    const collector = collectorOf(metrics);
    if (collector === undefined) {
      writer.publishStoredMetrics();
      return metrics;
    }
    // Inside a durable invocation nothing is published early: the workflow body's metrics wait for
    // completion, and a step attempt's are flushed when its code yields anyway.
    collector.flushAttempts();
    return metrics;
  };

  return writer;
};
