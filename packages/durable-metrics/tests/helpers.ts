import {
  type DurableContext,
  type DurableExecutionConfig,
  type DurableExecutionHandler,
  type DurableLambdaHandler,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import type { DurableRunResult, EmfDocument } from '@durable-powertools/testing';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { type DurableMetricsOptions, durableMetrics, withDurableMetrics } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: test workflows take whatever event their scenario sends
export type Workflow = (event: any, context: DurableContext) => Promise<unknown>;

/** Builds a durable handler that runs `workflow` with durable metrics, in one wiring. */
export type Shape = (
  workflow: Workflow,
  options: DurableMetricsOptions,
  config?: DurableExecutionConfig,
) => DurableLambdaHandler;

/** The two middy shapes; middy's durable mode passes no SDK config (plugins come from the env). */
export const middyShapes: Record<string, Shape> = {
  'withDurableExecution(middy(handler))': (workflow, options, config) =>
    withDurableExecution(middy(workflow).use(durableMetrics(options)), config),
  'middy(handler, { executionMode: executionModeDurableContext })': (workflow, options) =>
    middy(workflow, { executionMode: executionModeDurableContext }).use(
      durableMetrics(options),
    ) as unknown as DurableLambdaHandler,
};

/** Both middy shapes and the wrapper without middy. */
export const allShapes: Record<string, Shape> = {
  ...middyShapes,
  'withDurableExecution(withDurableMetrics(handler))': (workflow, options, config) =>
    withDurableExecution(withDurableMetrics(workflow as DurableExecutionHandler, options), config),
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

/** A step retry strategy: retry after 1 s (a real invocation boundary), up to `attempts` attempts. */
export const retryEverySecond =
  (attempts: number) =>
  (_error: Error, attempt: number): { shouldRetry: boolean; delay?: { seconds: number } } =>
    attempt < attempts ? { shouldRetry: true, delay: { seconds: 1 } } : { shouldRetry: false };
