import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Dimensions } from '@aws-lambda-powertools/metrics/types';
import { OptionChecks } from '@durable-powertools/commons';
import { isValidDimension, MAX_CUSTOM_DIMENSIONS } from './emf/buffer.js';
import { DurableMetricsOptionError } from './errors.js';

/** Metrics that describe the workflow itself, published once, with the completion documents. */
export interface BuiltInMetricsOptions {
  /** `workflowDuration` (Milliseconds): from the execution's start to completion. @default false */
  duration?: boolean;
  /** `workflowInvocations` (Count): invocations the execution took (see the README). @default false */
  invocations?: boolean;
  /** `workflowSucceeded` or `workflowFailed` (Count, 1), by how it completed. @default false */
  outcome?: boolean;
  /** The workflow-metrics pack (`WORKFLOW_METRICS`, see the README); includes `invocations`. @default false */
  workflow?: boolean;
}

/** How attempts' and child contexts' metrics are grouped into EMF documents (see `attribution`). */
export type MetricsAttribution = 'invocation' | 'operation';

/**
 * The settings of every form (`durableMetrics()`, `durableLogMetrics()`, `withDurableMetrics()`):
 * those of Powertools' `logMetrics`, plus the built-in workflow metrics and `attribution`.
 * Namespace, service and `POWERTOOLS_METRICS_DISABLED` are read by the Powertools `Metrics` instance
 * itself, from its constructor options or the environment, exactly as without this package.
 */
export interface DurableMetricsSettings {
  /**
   * Publish Powertools' `ColdStart` metric (with a `function_name` dimension, and `execution_arn`
   * metadata) in the invocation that was a Lambda cold start, at once, even if it then suspends.
   * @default false
   */
  captureColdStartMetric?: boolean;
  /** Throw at completion when the workflow added no metrics at all (it then fails). @default false */
  throwOnEmptyMetrics?: boolean;
  /** Dimensions added to every document (`setDefaultDimensions`). @default none (the instance's `service`) */
  defaultDimensions?: Dimensions;
  /** Built-in workflow metrics published at completion. @default {} (none) */
  builtInMetrics?: BuiltInMetricsOptions;
  /**
   * `'invocation'`: the step attempts of an invocation share its EMF documents; documents carry
   * `execution_arn` only. `'operation'`: one document per attempt, and attempt and child context
   * documents also carry `operation_id`, `operation_name`, `attempt` (the README's Cost section).
   * @default 'invocation'
   */
  attribution?: MetricsAttribution;
}

/** The object form's options: {@link DurableMetricsSettings} plus the instance(s) to publish. */
export interface DurableMetricsOptions extends DurableMetricsSettings {
  /**
   * The Powertools `Metrics` instance the workflow adds its metrics to, or several (each one's
   * metrics published exactly once).
   * @default new Metrics(), configured from the environment (POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME, ...)
   */
  metrics?: Metrics | readonly Metrics[];
}

/** What an entry point was given, checked: the instances (at least one, no repeats) and settings. */
export interface ResolvedMetricsOptions extends Readonly<DurableMetricsSettings> {
  readonly instances: readonly Metrics[];
}

/** The Powertools Metrics methods this package calls (duck-typed: two copies may be installed). */
const METRICS_METHODS = (
  'addMetric addDimension addDimensions addMetadata publishStoredMetrics clearMetrics clearDimensions ' +
  'clearMetadata captureColdStartMetric setThrowOnEmptyMetrics setDefaultDimensions singleMetric serializeMetrics'
).split(' ');
const SETTINGS_KEYS =
  'captureColdStartMetric throwOnEmptyMetrics defaultDimensions builtInMetrics attribution'.split(
    ' ',
  );
const BUILT_IN_KEYS = 'duration invocations outcome workflow'.split(' ');

const METRICS = 'a Powertools Metrics instance';
const METRICS_FIX =
  "Pass the Metrics from '@aws-lambda-powertools/metrics' (new Metrics({ namespace, serviceName })), an array of them, or nothing for new Metrics().";

const isMetrics = (value: unknown): value is Metrics =>
  typeof value === 'object' &&
  value !== null &&
  METRICS_METHODS.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

/** A checker whose errors are {@link DurableMetricsOptionError}s naming `utility`. */
export const metricsChecks = (utility: string): OptionChecks =>
  new OptionChecks(utility, (details) => new DurableMetricsOptionError(details));

/** `value` as a non-empty list of distinct Metrics instances, or the option error. */
const instancesOf = (check: OptionChecks, value: unknown): Metrics[] => {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) check.reject('metrics', value, `${METRICS} or a non-empty array of them`);
  list.forEach((item, index) => {
    const option = Array.isArray(value) ? `metrics[${index}]` : 'metrics';
    if (!isMetrics(item)) check.reject(option, item, METRICS, METRICS_FIX);
  });
  return [...new Set(list as Metrics[])];
};

/**
 * Checks what an entry point was given, `(metrics | metrics[], settings)` or `({ metrics, ...settings })`,
 * either one optional: unknown names first, then each value. Without an instance, `new Metrics()`.
 */
export const resolveMetricsOptions = (
  utility: string,
  metricsOrOptions?: unknown,
  settings?: unknown,
): ResolvedMetricsOptions => {
  const check = metricsChecks(utility);
  let options: Readonly<Record<string, unknown>>;
  let instances: Metrics[];
  if (isMetrics(metricsOrOptions) || Array.isArray(metricsOrOptions)) {
    options = check.object(settings ?? {}, 'a settings object or left out', 'settings');
    check.knownKeys(options, SETTINGS_KEYS, '', (key) =>
      key === 'metrics' ? 'The instances are the first argument already.' : undefined,
    );
    instances = instancesOf(check, metricsOrOptions);
  } else {
    const prototype =
      typeof metricsOrOptions === 'object' &&
      metricsOrOptions !== null &&
      Object.getPrototypeOf(metricsOrOptions);
    // Not a Metrics, yet an instance of some class: a wrong instance rather than an options object.
    if (prototype && prototype !== Object.prototype) {
      check.reject('metrics', metricsOrOptions, METRICS, METRICS_FIX);
    }
    options = check.object(
      metricsOrOptions ?? {},
      `${METRICS}, an array of them, an options object ({ metrics, ...settings }) or nothing`,
    );
    check.knownKeys(options, ['metrics', ...SETTINGS_KEYS]);
    if (settings !== undefined) {
      check.reject('settings', settings, 'left out when the first argument is an options object');
    }
    instances =
      options.metrics === undefined ? [new Metrics()] : instancesOf(check, options.metrics);
  }
  for (const key of ['captureColdStartMetric', 'throwOnEmptyMetrics']) check.boolean(options, key);
  if (options.defaultDimensions !== undefined) {
    const dimensions = check.object(
      options.defaultDimensions,
      'an object of dimension names to non-empty string values',
      'defaultDimensions',
    );
    for (const [name, value] of Object.entries(dimensions)) {
      if (!isValidDimension(name, value)) {
        check.reject(`defaultDimensions.${name}`, value, 'a non-empty string');
      }
    }
    const most = `at most ${MAX_CUSTOM_DIMENSIONS} dimensions (EMF allows 30, one is service)`;
    if (Object.keys(dimensions).length > MAX_CUSTOM_DIMENSIONS) {
      check.reject('defaultDimensions', dimensions, most);
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
  const { attribution } = options;
  if (attribution !== undefined && attribution !== 'invocation' && attribution !== 'operation') {
    check.reject('attribution', attribution, "'invocation', 'operation' or left out");
  }
  const { metrics: _given, ...rest } = options as DurableMetricsOptions;
  return { ...rest, instances };
};
