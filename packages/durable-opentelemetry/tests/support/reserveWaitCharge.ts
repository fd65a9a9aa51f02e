import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { type DurableRunResult, expectInvocationCount } from '@durable-powertools/testing';
import { expect } from 'vitest';

/** reserve → wait 1 s → charge: two invocations, the first suspended. Logs (with the ARN) first. */
export const reserveWaitCharge = async (context: DurableContext): Promise<string> => {
  context.logger.info('started');
  await context.step('reserve', async () => 'reserved');
  await context.wait('cool down', { seconds: 1 });
  return context.step('charge', async () => 'charged');
};

/** The test's own model of that execution's trace: `[name, parent name, status]`, sorted. */
export const RESERVE_WAIT_CHARGE_SPANS = [
  ['charge', 'invocation 2', 'SUCCEEDED'],
  ['cool down', 'invocation 2', 'SUCCEEDED'],
  ['execution', '-', 'SUCCEEDED'],
  ['invocation 1', 'execution', 'PENDING'],
  ['invocation 2', 'execution', 'SUCCEEDED'],
  ['reserve', 'invocation 1', 'SUCCEEDED'],
];

/** The run failed its one invocation with `DurablePluginNotRegisteredError` naming `utility`. */
export const expectPluginNotRegistered = (result: DurableRunResult, utility: string): void => {
  expect(result.status).toBe('FAILED');
  expectInvocationCount(result, { exactly: 1 });
  expect(result.error?.errorType).toBe('DurablePluginNotRegisteredError');
  expect(result.error?.errorMessage).toContain(`${utility} needs DurablePowertoolsPlugin`);
};
