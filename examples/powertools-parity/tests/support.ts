import type { DurableRunResult, LogRecord } from '@durable-powertools/testing';
import { messageOf } from '@durable-powertools/testing';
import { expect } from 'vitest';

/**
 * Asserts the messages each invocation wrote, in order, against the test's own model of the
 * workflow (one array per invocation), and returns the run's one execution ARN, which every record
 * must carry as `execution_arn`.
 */
export const expectMessagesPerInvocation = (
  result: DurableRunResult,
  expected: readonly (readonly string[])[],
): string => {
  expect(result.invocations.map((invocation) => invocation.records.map(messageOf))).toEqual(
    expected,
  );
  const arns = new Set(result.records.map((record) => record.execution_arn));
  expect(arns.size, 'one execution_arn on every record').toBe(1);
  const [arn] = arns;
  expect(typeof arn).toBe('string');
  expect((arn as string).length).toBeGreaterThan(0);
  return arn as string;
};

/** The one record whose message is `message`. */
export const recordWith = (result: DurableRunResult, message: string): LogRecord => {
  const matches = result.records.filter((record) => messageOf(record) === message);
  expect(matches, `records with message "${message}"`).toHaveLength(1);
  return matches[0] as LogRecord;
};

/** The Lambda context keys Python's `inject_lambda_context` adds, as Powertools TS names them. */
export const LAMBDA_CONTEXT_KEYS = [
  'function_name',
  'function_arn',
  'function_memory_size',
  'function_request_id',
  'cold_start',
] as const;
