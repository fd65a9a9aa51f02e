import { OptionChecks } from '@durable-powertools/commons';
import { DurableMetricsOptionError } from './errors.js';
import type { DurableMetricsOptions } from './types/options.js';
import { isValidDimension, MAX_CUSTOM_DIMENSIONS } from './validation.js';

/** The Powertools Metrics methods this package calls. */
const METRICS_METHODS = [
  'addMetric',
  'addDimension',
  'addDimensions',
  'addMetadata',
  'publishStoredMetrics',
  'clearMetrics',
  'clearDimensions',
  'clearMetadata',
  'captureColdStartMetric',
  'setThrowOnEmptyMetrics',
  'setDefaultDimensions',
  'singleMetric',
] as const;

const OPTION_KEYS = [
  'metrics',
  'captureColdStartMetric',
  'throwOnEmptyMetrics',
  'defaultDimensions',
  'builtInMetrics',
  'attribution',
] as const;

const BUILT_IN_KEYS = ['duration', 'invocations', 'outcome', 'workflow'] as const;

/** A checker whose errors are {@link DurableMetricsOptionError}s naming `utility`. */
export const metricsChecks = (utility: string): OptionChecks =>
  new OptionChecks(utility, (details) => new DurableMetricsOptionError(details));

/** Checks the options of {@link durableMetrics}, {@link withDurableMetrics} and the decorator. */
export const validateMetricsOptions = (utility: string, input: unknown): DurableMetricsOptions => {
  const check = metricsChecks(utility);
  const options = check.object(
    input,
    'an options object with a Powertools Metrics instance: { metrics }',
    'options',
    `Call it as ${utility.replace('()', '')}({ metrics }).`,
  );
  check.instance(
    options,
    'metrics',
    'a Powertools Metrics instance',
    METRICS_METHODS,
    "Pass the Metrics from '@aws-lambda-powertools/metrics': new Metrics({ namespace, serviceName }).",
  );
  check.knownKeys(options, OPTION_KEYS);
  check.boolean(options, 'captureColdStartMetric');
  check.boolean(options, 'throwOnEmptyMetrics');
  const dimensions = options.defaultDimensions;
  if (dimensions !== undefined) {
    const checked = check.object(
      dimensions,
      'an object of dimension names to non-empty string values',
      'defaultDimensions',
    );
    for (const [name, value] of Object.entries(checked)) {
      if (!isValidDimension(name, value)) {
        check.reject(`defaultDimensions.${name}`, value, 'a non-empty string');
      }
    }
    if (Object.keys(checked).length > MAX_CUSTOM_DIMENSIONS) {
      check.reject(
        'defaultDimensions',
        dimensions,
        `at most ${MAX_CUSTOM_DIMENSIONS} dimensions (EMF allows 30, one is service)`,
      );
    }
  }
  if (options.builtInMetrics !== undefined) {
    const builtIns = check.object(
      options.builtInMetrics,
      `an object of switches (${BUILT_IN_KEYS.join(', ')})`,
      'builtInMetrics',
    );
    check.knownKeys(builtIns, BUILT_IN_KEYS, 'builtInMetrics.');
    for (const key of BUILT_IN_KEYS) check.boolean(builtIns, key, 'builtInMetrics.');
  }
  const attribution = options.attribution;
  if (attribution !== undefined && attribution !== 'invocation' && attribution !== 'operation') {
    check.reject('attribution', attribution, "'invocation', 'operation' or left out");
  }
  return options as unknown as DurableMetricsOptions;
};
