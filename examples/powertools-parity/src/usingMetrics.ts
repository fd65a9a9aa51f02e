// Twin of the Python page's "Metrics" example (using_metrics.py).
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { durableLogger } from '@durable-powertools/logger';
import { DurablePowertoolsPlugin, durableMetrics } from '@durable-powertools/metrics';
import middy from '@middy/core';

export const logger = new Logger({ serviceName: 'orders' });
export const metrics = new Metrics({ namespace: 'powertools-parity', serviceName: 'orders' });

/**
 * Python: `@metrics.log_metrics` and `add_metric` after the last step, because a metric added
 * earlier in the body "may be emitted multiple times during replay". With `durableMetrics` the body's
 * metrics are published once, by the invocation that completes the workflow, wherever they are
 * added: `WorkflowStarted` (not in the Python example) runs on both invocations and counts 1.
 */
export const workflow = async (_event: unknown, context: DurableContext): Promise<string> => {
  metrics.addMetric('WorkflowStarted', MetricUnit.Count, 1);
  const result = await context.step('process_order', async () => 'processed');
  await context.wait({ seconds: 1 }); // not in the Python example: ends the first invocation
  metrics.addMetric('WorkflowCompleted', MetricUnit.Count, 1);
  return result;
};

export const handler = withDurableExecution(
  middy(workflow).use(durableLogger({ logger })).use(durableMetrics({ metrics })),
  { plugins: [new DurablePowertoolsPlugin()] },
);
