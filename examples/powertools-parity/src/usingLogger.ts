// Twin of the Python page's "Using Powertools Logger with context.set_logger" (using_logger.py).
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { DurablePowertoolsPlugin, durableLogger } from '@durable-powertools/logger';
import middy from '@middy/core';

/** The event of the logger examples. */
export interface OrderEvent {
  order_id?: string;
}

export const logger = new Logger({ serviceName: 'order-processing' });

/**
 * Python: `context.set_logger(logger)` plus `@logger.inject_lambda_context`. Here `durableLogger`
 * does both, on every invocation: `context.logger` writes through the Powertools `logger`, each line
 * once, with `execution_arn`, the operation keys and the Lambda context keys.
 */
export const workflow = async (event: OrderEvent, context: DurableContext): Promise<string> => {
  context.logger.info('Starting workflow', { order_id: event.order_id });
  const result = await context.step('process_order', async () => 'processed');
  // Not in the Python example, which finishes in one invocation: this wait ends the invocation, so
  // the next one replays the lines above and shows that they are not written again.
  await context.wait({ seconds: 1 });
  context.logger.info('Workflow completed', { result });
  return result;
};

// The suite's one plugin, registered once in the SDK config (every package re-exports it).
export const handler = withDurableExecution(middy(workflow).use(durableLogger({ logger })), {
  plugins: [new DurablePowertoolsPlugin()],
});
