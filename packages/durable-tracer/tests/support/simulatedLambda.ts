// Imported FIRST by the tracer tests: Powertools Tracer decides at construction whether it traces, and
// aws-xray-sdk-core switches to its Lambda mode (a facade segment fed by `_X_AMZN_TRACE_ID`) and reads
// the daemon address when it is loaded. So the environment Lambda would provide is set here, before
// either is imported.
import { randomBytes } from 'node:crypto';
import { XrayDaemon } from '@durable-powertools/testing';

export const daemon = await XrayDaemon.start();

Object.assign(process.env, {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', // Powertools Tracer: "running in Lambda"
  LAMBDA_TASK_ROOT: process.cwd(), // aws-xray-sdk-core: Lambda mode (facade segment per trace id)
  AWS_LAMBDA_FUNCTION_NAME: 'orders-workflow',
  _HANDLER: 'index.handler',
  POWERTOOLS_SERVICE_NAME: 'orders',
  AWS_XRAY_DAEMON_ADDRESS: daemon.address,
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', // Powertools: ColdStart is true on the first invocation
});
delete process.env.POWERTOOLS_TRACE_ENABLED;
delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;

/** An X-Ray trace header as Lambda sets it for a sampled invocation: `Root=…;Parent=…;Sampled=1`. */
export const newTraceHeader = (): { header: string; traceId: string; parentId: string } => {
  const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const parentId = randomBytes(8).toString('hex');
  return { header: `Root=${traceId};Parent=${parentId};Sampled=1`, traceId, parentId };
};

/**
 * What the Lambda runtime does before each invocation and cannot happen here: give it a trace of its
 * own by setting `_X_AMZN_TRACE_ID` (the X-Ray facade segment re-reads it). Wraps the handler the
 * harness invokes, so every durable invocation gets a fresh trace id, as in Lambda; the ids used are
 * recorded in order.
 */
export const simulateLambdaTracing = <THandler extends (...args: never[]) => Promise<unknown>>(
  handler: THandler,
  traceIds: string[],
): THandler =>
  (async (...args: Parameters<THandler>) => {
    const { header, traceId } = newTraceHeader();
    traceIds.push(traceId);
    process.env._X_AMZN_TRACE_ID = header;
    return handler(...args);
  }) as THandler;
