// The complete handler of the root README's tour, kept here so that the test suite runs it
// (tests/readmeTour.test.ts). Keep the two in step.
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { durableIdempotency } from '@durable-powertools/idempotency';
import { durableLogger } from '@durable-powertools/logger';
import { durableMetrics } from '@durable-powertools/metrics';
import { DurablePowertoolsPlugin, durableTracer } from '@durable-powertools/tracer';
import middy from '@middy/core';
import type { SQSEvent } from 'aws-lambda';

const metrics = new Metrics(); // POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME, as Powertools reads them
const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: process.env.IDEMPOTENCY_TABLE_NAME ?? 'idempotency',
});

const workflow = async (event: SQSEvent, context: DurableContext) => {
  const order = JSON.parse(event.Records[0]?.body ?? '{}') as { orderId: string; amount: number };
  context.logger.info('order received', { orderId: order.orderId }); // once, not once per replay
  const chargeId = await context.step('charge', async (step) => {
    step.logger.info('charging', { amount: order.amount }); // + operation_name, attempt
    return `ch-${order.orderId}`;
  });
  await context.wait({ seconds: 2 }); // the invocation ends here; the next one replays
  await context.step('ship', async () => `shp-${order.orderId}`);
  metrics.addMetric('ordersShipped', MetricUnit.Count, 1); // counted once per order
  context.logger.info('order shipped', { chargeId });
  return chargeId;
};

export const handler = withDurableExecution(
  middy(workflow)
    .use(durableIdempotency({ persistenceStore })) // one execution per SQS message
    .use(durableLogger()) // new Logger() from the environment; each record once, execution_arn on all
    .use(durableMetrics(metrics)) // Powertools' logMetrics signature; published when the workflow completes
    .use(durableTracer()), // new Tracer() from the environment; one trace per execution
  { plugins: [new DurablePowertoolsPlugin()] }, // the suite's one registration line
);
