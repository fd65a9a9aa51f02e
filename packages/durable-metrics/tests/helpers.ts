import {
  type DurableExecutionConfig,
  type DurableExecutionHandler,
  type DurableLambdaHandler,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import type { DurableRunResult, EmfDocument } from '@durable-powertools/testing';
import { middyShapes as supportShapes, type Workflow } from '../../../tests/support/middyShapes.js';
import { pluginConfig } from '../../../tests/support/plugin.js';
import { type DurableMetricsOptions, durableMetrics, withDurableMetrics } from '../src/index.js';

export type { Workflow } from '../../../tests/support/middyShapes.js';
export { retryEverySecond } from '../../../tests/support/retry.js';

/** Builds a durable handler that runs `workflow` with durable metrics, in one wiring. */
export type Shape = (
  workflow: Workflow,
  options: DurableMetricsOptions,
  config?: DurableExecutionConfig,
) => DurableLambdaHandler;

/** The two middy shapes, each with the suite's plugin registered the way it can be. */
export const middyShapes: Record<string, Shape> = Object.fromEntries(
  Object.entries(supportShapes).map(([name, shape]) => [
    name,
    (workflow: Workflow, options: DurableMetricsOptions, config?: DurableExecutionConfig) =>
      shape(workflow, [durableMetrics(options)], config),
  ]),
);

/** Both middy shapes and the wrapper without middy. */
export const allShapes: Record<string, Shape> = {
  ...middyShapes,
  'withDurableExecution(withDurableMetrics(handler))': (workflow, options, config) =>
    withDurableExecution(withDurableMetrics(workflow as DurableExecutionHandler, options), {
      ...config,
      plugins: [...(pluginConfig().plugins ?? []), ...(config?.plugins ?? [])],
    }),
};

/** Every EMF document that declares metric `name`. */
export const documentsWith = (documents: readonly EmfDocument[], name: string): EmfDocument[] =>
  documents.filter((document) =>
    document._aws.CloudWatchMetrics.some((directive) =>
      directive.Metrics.some((metric) => metric.Name === name),
    ),
  );

/** Indexes (1-based) of the invocations that published metric `name`. */
export const invocationsPublishing = (result: DurableRunResult, name: string): number[] =>
  result.invocations
    .filter((invocation) => documentsWith(invocation.emf, name).length > 0)
    .map((invocation) => invocation.index);

/** Metric names a document declares, and the most values any of them carries. */
export const documentShape = (document: EmfDocument): { names: number; maxValues: number } => {
  const metrics = document._aws.CloudWatchMetrics.flatMap((directive) => directive.Metrics);
  const maxValues = Math.max(
    ...metrics.map((metric) => {
      const value = document[metric.Name];
      return Array.isArray(value) ? value.length : 1;
    }),
  );
  return { names: metrics.length, maxValues };
};
