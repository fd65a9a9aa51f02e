// Twin of the Python page's "Parser" example (using_parser.py): Powertools Parser with a Zod schema.
import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { durableLogger } from '@durable-powertools/logger';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { z } from 'zod';

/** Python: `class OrderEvent(BaseModel)`. */
export const OrderEventSchema = z.object({
  order_id: z.string().min(1),
  amount: z.number().positive(),
});
export type OrderEvent = z.infer<typeof OrderEventSchema>;

export const logger = new Logger({ serviceName: 'orders' });

/**
 * Python: `@event_parser(model=OrderEvent)` over `@durable_execution`. Here Powertools' `parser`
 * middleware on a middy chain in middy 7's durable mode (middy wraps the chain in
 * `withDurableExecution` itself): it validates and parses the event in `before`, on every
 * invocation (the replayed event is the same), and an invalid event fails the execution with a
 * `ParseError` before any step runs. middy passes the SDK no config, so the suite's one plugin comes
 * from the function's environment: `DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin`,
 * read when the chain is built.
 */
export const workflow = async (event: OrderEvent, context: DurableContext): Promise<string> => {
  // Event is already validated and parsed
  context.logger.info('Processing order', { order_id: event.order_id });
  const result = await context.step('process_order', async () => `processed-${event.order_id}`);
  await context.wait({ seconds: 1 }); // not in the Python example: ends the first invocation
  return result;
};

export const createHandler = () =>
  middy(workflow, { executionMode: executionModeDurableContext })
    .use(durableLogger({ logger }))
    .use(parser({ schema: OrderEventSchema }));

/** As deployed, with `DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin`. */
export const handler = createHandler();
