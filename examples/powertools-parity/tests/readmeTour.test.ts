// Runs the complete handler shown in the root README's tour (src/readmeTour.ts) on the real local
// runner, against dynalite on loopback, with one SQS message delivered twice.
import { readFileSync } from 'node:fs';
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import {
  type DurableRunResult,
  expectEachMessageOnce,
  expectInvocationCount,
  runDurable,
  sumMetric,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sqsEvent } from '../../../packages/durable-idempotency/tests/helpers/workflows.ts';
import { startDynamoDbForHandlerModules } from './dynamoDbEndpoint.ts';
import { expectMessagesPerInvocation, recordWith } from './support.ts';

let dynamoDb: { close: () => Promise<void> };
let handler: Parameters<typeof runDurable>[0];

beforeAll(async () => {
  dynamoDb = await startDynamoDbForHandlerModules('tour-idempotency');
  ({ handler } = await import('../src/readmeTour.ts')); // builds its store from the environment
});
afterAll(async () => {
  await teardownDurableHarness();
  await dynamoDb.close();
});

it('the README handler writes each record once, counts the order once and runs once per message', async () => {
  // Prepare
  const body = JSON.stringify({ orderId: 'o-42', amount: 30 });
  let duringWait: DurableRunResult | undefined;

  // Act: the message is delivered again while its execution waits, and once more after it completed.
  const result = await runDurable(handler, {
    payload: sqsEvent('m-42', body, 1),
    drive: async (runner) => {
      await runner.getOperation('charge').waitForData(WaitingOperationStatus.COMPLETED);
      duringWait = await runDurable(handler, { payload: sqsEvent('m-42', body, 2) });
    },
  });
  const afterCompletion = await runDurable(handler, { payload: sqsEvent('m-42', body, 3) });

  // Assess
  expect(result.status).toBe('SUCCEEDED');
  expect(result.result).toBe('ch-o-42');
  expectInvocationCount(result, { exactly: 2 });
  const arn = expectMessagesPerInvocation(result, [
    ['order received', 'charging'],
    ['order shipped'],
  ]);
  expectEachMessageOnce(result);
  expect(recordWith(result, 'charging')).toMatchObject({ operation_name: 'charge', attempt: 1 });
  expect(sumMetric(result, 'ordersShipped')).toBe(1);
  expect(result.emf[0]?.execution_arn).toBe(arn);
  expect(duringWait?.status).toBe('FAILED');
  expect(duringWait?.error?.errorType).toBe('IdempotencyAlreadyInProgressError');
  expect(duringWait?.operations).toHaveLength(0);
  expect(afterCompletion.status).toBe('SUCCEEDED');
  expect(afterCompletion.result).toBe('ch-o-42');
  expect(afterCompletion.operations).toHaveLength(0);
  expect(sumMetric(afterCompletion, 'ordersShipped')).toBe(0);
});

it('is the handler the README shows, line for line', () => {
  // Prepare
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const source = readFileSync(new URL('../src/readmeTour.ts', import.meta.url), 'utf8');

  // Act: the tour's TypeScript block, and the module without its leading comment lines.
  const tour = readme.slice(readme.indexOf('## A five-minute tour'));
  const block = /```ts\n([\s\S]*?)```/.exec(tour)?.[1];
  const code = source.replace(/^(\/\/.*\n)+/, '');

  // Assess
  expect(block).toBe(code);
});
