// Imported FIRST by the tracer tests: Powertools Tracer decides at construction whether it traces, and
// aws-xray-sdk-core switches to its Lambda mode (a facade segment fed by `_X_AMZN_TRACE_ID`) and reads
// the daemon address when it is loaded. So the environment Lambda would provide is set here, before
// either is imported. Tracing is on because AWS_EXECUTION_ENV says "Lambda" and
// POWERTOOLS_TRACE_ENABLED is not `false`; the per-invocation trace header comes from the harness
// (`runDurable(handler, { trace })`, see support/segments.ts).
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

/**
 * @deprecated A fresh trace per invocation is not what Lambda does (one Root per execution): use
 * `runDurable(handler, { trace: true })`. Kept for examples/powertools-parity/tests/tracer.test.ts.
 */
export const simulateLambdaTracing = <THandler extends (...args: never[]) => Promise<unknown>>(
  handler: THandler,
  traceIds: string[],
): THandler =>
  (async (...args: Parameters<THandler>) => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    traceIds.push(traceId);
    process.env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
    return handler(...args);
  }) as THandler;
