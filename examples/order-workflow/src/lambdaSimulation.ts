import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** What one simulated Lambda invocation was given and did, for the example's report. */
export interface InvocationNotes {
  /** The X-Ray trace id Lambda gave the invocation. */
  readonly traceId: string;
  /** Log calls the workflow's code made in this invocation (see `countLogCalls`). */
  logCalls: number;
}

const current = new AsyncLocalStorage<InvocationNotes>();
let running = 0;

/**
 * Sets what the Lambda runtime would set for the function, before Powertools and the X-Ray SDK are
 * loaded (they read it then): the function's identity, Lambda mode for Powertools Tracer and
 * `aws-xray-sdk-core`, where the daemon listens, and where DynamoDB is.
 */
export const setLambdaEnvironment = (settings: {
  xrayDaemonAddress: string;
  dynamoDbEndpoint: string;
  idempotencyTable: string;
}): void => {
  Object.assign(process.env, {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: 'order-workflow',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: 'eu-west-1',
    LAMBDA_TASK_ROOT: process.cwd(),
    _HANDLER: 'index.handler',
    POWERTOOLS_SERVICE_NAME: 'orders',
    AWS_XRAY_DAEMON_ADDRESS: settings.xrayDaemonAddress,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    // The function's own configuration, as a deploy template would set it.
    IDEMPOTENCY_TABLE_NAME: settings.idempotencyTable,
    AWS_ENDPOINT_URL_DYNAMODB: settings.dynamoDbEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  delete process.env.POWERTOOLS_TRACE_ENABLED;
  delete process.env.POWERTOOLS_DEV;
};

/**
 * Wraps a durable handler the way the Lambda runtime frames each invocation: a fresh X-Ray trace
 * (`_X_AMZN_TRACE_ID`, which the X-Ray SDK's Lambda facade segment reads) and, for this example's
 * report, a counter of the log calls the invocation's code makes. `notes` receives one entry per
 * invocation, in order.
 */
export const asLambdaInvocations = <THandler extends (...args: never[]) => Promise<unknown>>(
  handler: THandler,
  notes: InvocationNotes[],
): THandler =>
  (async (...args: Parameters<THandler>) => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const invocation: InvocationNotes = { traceId, logCalls: 0 };
    notes.push(invocation);
    process.env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
    running++;
    try {
      return await current.run(invocation, () => handler(...args));
    } finally {
      running--;
    }
  }) as THandler;

/**
 * Resolves once no simulated invocation is running. In Lambda, another delivery would run in a
 * sandbox of its own; here all run in one process, which has one `_X_AMZN_TRACE_ID`, so a delivery
 * is started only once the previous invocation has returned.
 */
export const invocationsSettled = async (): Promise<void> => {
  while (running > 0) await new Promise((resolve) => setTimeout(resolve, 5));
};

const LOG_METHODS = new Set<string | symbol>([
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'critical',
]);

/**
 * Counts the calls made on a logger (`context.logger` or a Powertools Logger) in the invocation they
 * run in, then makes them. The report compares that count with the records actually written: the
 * difference is what a logger without replay awareness would have written again. Your own code does
 * not need this.
 */
export const countLogCalls = <TLogger extends object>(logger: TLogger): TLogger =>
  new Proxy(logger, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || !LOG_METHODS.has(property)) return value;
      return (...args: unknown[]) => {
        const invocation = current.getStore();
        if (invocation !== undefined) invocation.logCalls++;
        return (value as (...args: unknown[]) => unknown).apply(target, args);
      };
    },
  });
