// Uses logger, metrics (and its plugin subpath) and tracer without middy; idempotency needs a
// DynamoDB table, so its entry point is only loaded (and type-checked). Compiled by scripts/pack-test.mjs
// in an app outside the workspace, against the packed packages.
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { makeDurableIdempotent } from '@durable-powertools/idempotency';
import { attachDurableLogger } from '@durable-powertools/logger';
import { withDurableMetrics } from '@durable-powertools/metrics';
import {
  DurableMetricsPlugin,
  durableExecutionPluginProvider,
} from '@durable-powertools/metrics/plugin';
import { DurableTracerPlugin } from '@durable-powertools/tracer';

export interface OrderEvent {
  orderId: string;
}

export interface OrderResult {
  orderId: string;
  shipped: boolean;
}

const logger = new Logger({ serviceName: 'pack-test' });
const metrics = new Metrics({ namespace: 'PackTest', serviceName: 'pack-test' });
const tracer = new Tracer({ serviceName: 'pack-test' });

const workflow = async (event: OrderEvent, context: DurableContext): Promise<OrderResult> => {
  attachDurableLogger(context, logger);
  logger.info('order received', { orderId: event.orderId });
  await context.step('reserve', async () => 'reserved');
  await context.wait({ seconds: 1 });
  metrics.addMetric('ordersShipped', MetricUnit.Count, 1);
  logger.info('order shipped');
  return { orderId: event.orderId, shipped: true };
};

export const handler = withDurableExecution(withDurableMetrics(workflow, { metrics }), {
  plugins: [new DurableMetricsPlugin(), new DurableTracerPlugin({ tracer })],
});

export const loaded: Record<string, string> = {
  makeDurableIdempotent: typeof makeDurableIdempotent,
  DurableTracerPlugin: typeof DurableTracerPlugin,
  pluginProvider: typeof durableExecutionPluginProvider,
};
