// Twin of the Python page's "Tracer" example (using_tracer.py).
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { durableLogger } from '@durable-powertools/logger';
import { DurablePowertoolsPlugin, durableTracer } from '@durable-powertools/tracer';
import middy from '@middy/core';

export const tracer = new Tracer();
export const logger = new Logger();

/**
 * Python: `@tracer.capture_method`. Powertools TS's `captureMethod` decorates class methods; for a
 * plain function, a subsegment of its own around the work, as Powertools documents for manual
 * instrumentation.
 */
const processData = async (): Promise<string> => {
  const parent = tracer.getSegment();
  const subsegment = parent?.addNewSubsegment('### processData');
  if (subsegment !== undefined) tracer.setSegment(subsegment);
  try {
    // This is traced on first execution; on replay, the checkpointed result is used
    return 'processed';
  } finally {
    subsegment?.close();
    if (parent !== undefined) tracer.setSegment(parent);
  }
};

/**
 * Python: `@tracer.capture_lambda_handler`, which the page warns gives "separate trace segments" per
 * invocation, to be correlated by `execution_arn`. Here `durableTracer` with the suite's one plugin,
 * `DurablePowertoolsPlugin`, closes one handler subsegment per invocation (the suspended one
 * included) and annotates it with `execution_arn`, the same key `durableLogger` writes on every log
 * record. The middleware hands its Tracer to the plugin, so the plugin needs no options.
 */
export const workflow = async (_event: unknown, context: DurableContext): Promise<string> => {
  const result = await context.step('process_data', async () => processData());
  await context.wait({ seconds: 1 }); // not in the Python example: ends the first invocation
  context.logger.info('Workflow completed', { result });
  return result;
};

export const handler = withDurableExecution(
  middy(workflow).use(durableLogger({ logger })).use(durableTracer({ tracer })),
  { plugins: [new DurablePowertoolsPlugin()] },
);
