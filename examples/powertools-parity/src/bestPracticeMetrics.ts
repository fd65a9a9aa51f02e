// Twin of the Python page's best practice "Emit metrics at workflow completion"
// (best_practice_metrics.py), without middy.
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DurablePowertoolsPlugin, withDurableMetrics } from '@durable-powertools/metrics';

/** The event: `fail` makes the workflow fail after its wait (to show nothing is counted then). */
export interface ProcessEvent {
  fail?: boolean;
}

export const metrics = new Metrics({ namespace: 'powertools-parity', serviceName: 'orders' });

/** `WorkflowCompleted` is added only once the workflow has done its work: a failed run adds none. */
export const workflow = async (event: ProcessEvent, context: DurableContext): Promise<string> => {
  const result = await context.step('process', async () => 'processed');
  await context.wait({ seconds: 1 }); // not in the Python example: ends the first invocation
  if (event.fail) throw new Error('payment declined');
  metrics.addMetric('WorkflowCompleted', MetricUnit.Count, 1); // Emit only at the end
  return result;
};

export const handler = withDurableExecution(withDurableMetrics(workflow, { metrics }), {
  plugins: [new DurablePowertoolsPlugin()],
});
