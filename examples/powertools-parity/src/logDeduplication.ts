// Twin of the Python page's "Log deduplication during replay" (log_deduplication.py), plus the direct
// logger call the page warns about.
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { DurablePowertoolsPlugin, durableLogger } from '@durable-powertools/logger';
import middy from '@middy/core';

export const logger = new Logger({ serviceName: 'order-processing' });

/**
 * Three `context.logger` lines, each written once although the body runs on three invocations. The
 * Python page warns that a direct `logger.info(...)` "appears on every replay"; with `durableLogger`
 * the direct call below is written once too, with the same durable keys.
 */
export const workflow = async (_event: unknown, context: DurableContext): Promise<string> => {
  context.logger.info('Starting workflow'); // Only once
  logger.info('Direct logger call'); // Python: on every replay. Here: once.
  const result1 = await context.step('step_1', async () => 'step1-done');
  context.logger.info('Step 1 completed'); // Only once
  await context.wait({ seconds: 1 }); // not in the Python example: ends invocation 1
  const result2 = await context.step('step_2', async () => 'step2-done');
  context.logger.info('Step 2 completed'); // Only once
  await context.wait({ seconds: 1 }); // not in the Python example: ends invocation 2
  return `${result1}-${result2}`;
};

// The suite's one plugin, registered once in the SDK config (every package re-exports it).
export const handler = withDurableExecution(middy(workflow).use(durableLogger({ logger })), {
  plugins: [new DurablePowertoolsPlugin()],
});
