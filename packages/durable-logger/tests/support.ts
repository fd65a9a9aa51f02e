import type { DurableContext, DurableLambdaHandler } from '@aws/durable-execution-sdk-js';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DurableRunResult, LogRecord } from '@durable-powertools/testing';
import { messageOf } from '@durable-powertools/testing';
import { expect } from 'vitest';
import {
  type Workflow as SupportWorkflow,
  middyShapes as supportShapes,
} from '../../../tests/support/middyShapes.js';
import type { DurableLoggerSettings } from '../src/index.js';
import { durableLogger } from '../src/index.js';

/** A durable workflow as the tests write it. */
export type Workflow = (event: never, context: DurableContext) => Promise<unknown>;

/**
 * The two ways a middy chain runs a durable handler: middy inside `withDurableExecution`, and middy
 * 7's own durable mode, each with the suite's one plugin registered the way it can be.
 */
export const middyShapes = Object.fromEntries(
  Object.entries(supportShapes).map(([name, shape]) => [
    name,
    (workflow: Workflow, logger: Logger, settings: DurableLoggerSettings = {}) =>
      shape(workflow as SupportWorkflow, [durableLogger({ logger, ...settings }) as never]),
  ]),
) as Record<
  | 'withDurableExecution(middy(handler))'
  | 'middy(handler, { executionMode: executionModeDurableContext })',
  (workflow: Workflow, logger: Logger, settings?: DurableLoggerSettings) => DurableLambdaHandler
>;

/** The record whose message is `message`; fails if there is not exactly one. */
export const recordWith = (result: DurableRunResult, message: string): LogRecord => {
  const matches = result.records.filter((record) => messageOf(record) === message);
  expect(matches, `records with message "${message}"`).toHaveLength(1);
  return matches[0] as LogRecord;
};

/**
 * Asserts that every record of the run carries the one execution ARN of the run as `execution_arn`,
 * and (by default) not again as `executionArn`; returns it.
 */
export const expectOneExecutionArn = (result: DurableRunResult): string => {
  const arns = new Set(result.records.map((record) => record.execution_arn));
  expect(arns.size).toBe(1);
  const [arn] = arns;
  expect(typeof arn).toBe('string');
  expect((arn as string).length).toBeGreaterThan(0);
  for (const record of result.records) expect(record).not.toHaveProperty('executionArn');
  return arn as string;
};

/** Resolves after `ms` milliseconds (used inside steps, to make branches interleave). */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
