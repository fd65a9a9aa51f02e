// Twin of the Python page's best practice "Use context.logger for log deduplication"
// (best_practice_logging.py), in middy 7's durable mode.
import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { durableLogger } from '@durable-powertools/logger';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';

export const logger = new Logger({ serviceName: 'my-service' });

/** `context.logger` in the body and `step.logger` in a step: each line once, with the durable keys. */
export const workflow = async (_event: unknown, context: DurableContext): Promise<string> => {
  context.logger.info('Starting workflow');
  const result = await context.step('process', async (step) => {
    step.logger.info('Processing'); // operation_name and attempt on the record
    return 'processed';
  });
  await context.wait({ seconds: 1 }); // not in the Python example: ends the first invocation
  context.logger.info('Workflow completed');
  return result;
};

/**
 * middy 7 runs the durable wrapper itself (the same chain as `withDurableExecution(middy(...))`) and
 * passes the SDK no config, so the suite's one plugin comes from the function's environment:
 * `DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin`, read when the chain is built.
 */
export const createHandler = () =>
  middy(workflow, { executionMode: executionModeDurableContext }).use(durableLogger({ logger }));

/** As deployed, with `DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin`. */
export const handler = createHandler();
