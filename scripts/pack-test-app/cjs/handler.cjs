// CommonJS twin of src/handler.ts, loaded with require() by scripts/pack-test.mjs.
'use strict';
const { withDurableExecution } = require('@aws/durable-execution-sdk-js');
const { Logger } = require('@aws-lambda-powertools/logger');
const { Metrics, MetricUnit } = require('@aws-lambda-powertools/metrics');
const { makeDurableIdempotent } = require('@durable-powertools/idempotency');
const { attachDurableLogger } = require('@durable-powertools/logger');
const { withDurableMetrics } = require('@durable-powertools/metrics');
const {
  DurableMetricsPlugin,
  durableExecutionPluginProvider,
} = require('@durable-powertools/metrics/plugin');
const { DurableTracerPlugin } = require('@durable-powertools/tracer');

const logger = new Logger({ serviceName: 'pack-test' });
const metrics = new Metrics({ namespace: 'PackTest', serviceName: 'pack-test' });

const workflow = async (event, context) => {
  attachDurableLogger(context, logger);
  logger.info('order received', { orderId: event.orderId });
  await context.step('reserve', async () => 'reserved');
  await context.wait({ seconds: 1 });
  metrics.addMetric('ordersShipped', MetricUnit.Count, 1);
  logger.info('order shipped');
  return { orderId: event.orderId, shipped: true };
};

exports.handler = withDurableExecution(withDurableMetrics(workflow, { metrics }), {
  plugins: [new DurableMetricsPlugin()],
});
exports.loaded = {
  makeDurableIdempotent: typeof makeDurableIdempotent,
  DurableTracerPlugin: typeof DurableTracerPlugin,
  pluginProvider: typeof durableExecutionPluginProvider,
};
