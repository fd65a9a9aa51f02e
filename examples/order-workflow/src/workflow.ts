import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';

/** The event that starts an order workflow. */
export interface OrderEvent {
  orderId: string;
  amount: number;
}

/**
 * Reserve stock, wait for the payment window, charge, wait for the warehouse, ship.
 * Each wait ends the Lambda invocation; the next invocation replays the body from the top.
 */
export const orderWorkflow = async (event: OrderEvent, context: DurableContext) => {
  context.logger.info(`order ${event.orderId} received`);
  const reservation = await context.step('reserve-stock', async () => `res-${event.orderId}`);
  await context.wait({ seconds: 1 });
  const charge = await context.step('charge-card', async (step) => {
    step.logger.info(`charging ${event.amount}`);
    return { chargeId: `ch-${event.orderId}`, amount: event.amount };
  });
  await context.wait({ seconds: 1 });
  const shipment = await context.step('ship', async () => `shp-${event.orderId}`);
  context.logger.info(`order ${event.orderId} shipped`);
  return { reservation, chargeId: charge.chargeId, shipment };
};

export const handler = withDurableExecution(orderWorkflow);
