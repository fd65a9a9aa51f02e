/**
 * Type-level test, checked by `npm run typecheck` (tsc over `tests/`): the handler shapes users write
 * must compile, in both middy shapes, with Powertools' own middlewares beside the suite's.
 */
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import {
  DurablePowertoolsPlugin,
  executionModeDurablePowertools,
} from '@durable-powertools/commons';
import { durableLogger } from '@durable-powertools/logger';
import { durableMetrics } from '@durable-powertools/metrics';
import { durableTracer } from '@durable-powertools/tracer';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import type { SQSEvent } from 'aws-lambda';
import { z } from 'zod';

const schema = z.object({ orderId: z.string() });
type Order = z.infer<typeof schema>;

const parsedWorkflow = async (event: Order, context: DurableContext): Promise<string> => {
  await context.step('charge', async () => event.orderId);
  return event.orderId;
};

const sqsWorkflow = async (event: SQSEvent, context: DurableContext): Promise<number> => {
  await context.wait({ seconds: 1 });
  return event.Records.length;
};

// withDurableExecution(middy(handler)) with a Powertools middleware that widens the context type.
export const parsed = withDurableExecution(middy(parsedWorkflow).use(parser({ schema })), {
  plugins: [new DurablePowertoolsPlugin()],
});

// The mission's zero-option form beside a Powertools middleware, in both middy shapes.
export const zeroOption = withDurableExecution(
  middy(parsedWorkflow)
    .use(parser({ schema }))
    .use(durableLogger())
    .use(durableMetrics())
    .use(durableTracer()),
  { plugins: [new DurablePowertoolsPlugin()] },
);
export const zeroOptionMiddy7 = middy(parsedWorkflow, {
  executionMode: executionModeDurablePowertools,
})
  .use(parser({ schema }))
  .use(durableLogger())
  .use(durableMetrics());

// The same without any middleware.
export const bare = withDurableExecution(middy(sqsWorkflow));

// middy 7's durable mode, middy's own and the suite's.
export const middyDurable = middy(parsedWorkflow, {
  executionMode: executionModeDurableContext,
}).use(parser({ schema }));
export const suiteDurable = middy(parsedWorkflow, {
  executionMode: executionModeDurablePowertools,
}).use(parser({ schema }));

// @ts-expect-error a handler that does not take a durable context is not a durable handler
export const wrong = withDurableExecution(async (event: SQSEvent, _context: { a: 1 }) => event);
