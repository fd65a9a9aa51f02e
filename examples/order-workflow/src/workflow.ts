import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DurablePowertoolsPlugin, durableLogger } from '@durable-powertools/logger';
import { durableMetrics } from '@durable-powertools/metrics';
import middy from '@middy/core';

/** The event that starts an order workflow. */
export interface OrderEvent {
  orderId: string;
  amount: number;
}

const logger = new Logger({ serviceName: 'orders' });
const metrics = new Metrics({ namespace: 'durable-powertools-example', serviceName: 'orders' });

/**
 * Reserve stock, wait for the payment window, charge, wait for the warehouse, ship.
 * Each wait ends the Lambda invocation; the next invocation replays the body from the top, yet every
 * record below is written once and every metric counted once.
 */
export const orderWorkflow = async (event: OrderEvent, context: DurableContext) => {
  logger.info('order received', { orderId: event.orderId }); // module-level logger: once, too
  metrics.addMetric('ordersReceived', MetricUnit.Count, 1);
  const reservation = await context.step('reserve-stock', async () => `res-${event.orderId}`);
  await context.wait({ seconds: 1 });
  const charge = await context.step('charge-card', async (step) => {
    step.logger.info('charging card', { amount: event.amount });
    metrics.addMetric('amountCharged', MetricUnit.Count, event.amount);
    return { chargeId: `ch-${event.orderId}`, amount: event.amount };
  });
  await context.wait({ seconds: 1 });
  const shipment = await context.step('ship', async () => `shp-${event.orderId}`);
  context.logger.info('order shipped', { shipment });
  metrics.addMetric('ordersShipped', MetricUnit.Count, 1);
  return { reservation, chargeId: charge.chargeId, shipment };
};

export const handler = withDurableExecution(
  middy(orderWorkflow).use(durableLogger({ logger })).use(durableMetrics({ metrics })),
  { plugins: [new DurablePowertoolsPlugin()] }, // the suite's one registration line
);
