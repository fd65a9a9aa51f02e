import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** What one simulated Lambda invocation was given and did, for the example's report. */
export interface InvocationNotes {
  /** The X-Ray trace id of the invocation's execution (the same for all its invocations). */
  readonly traceId: string;
  /** The invocation's own Lambda segment id (`Parent` of its trace header). */
  readonly parent: string;
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
 * Wraps a durable handler the way the Lambda runtime frames each invocation: the execution's X-Ray
 * trace header in `_X_AMZN_TRACE_ID` (which the X-Ray SDK's Lambda facade segment reads): the same
 * `Root` for every invocation of one durable execution, a new `Parent` (the invocation's Lambda
 * segment) each time, as the durable execution backend propagates it (see the durable SDK's
 * OpenTelemetry plugin, `context-extractors.ts`); and, for this example's
 * report, a counter of the log calls the invocation's code makes. `notes` receives one entry per
 * invocation, in order.
 */
/** The X-Ray `Root` of each durable execution, by execution ARN. */
const executionRoots = new Map<string, string>();

export const asLambdaInvocations = <THandler extends (...args: never[]) => Promise<unknown>>(
  handler: THandler,
  notes: InvocationNotes[],
): THandler =>
  (async (...args: Parameters<THandler>) => {
    const executionArn = String(
      (args[0] as { DurableExecutionArn?: unknown } | undefined)?.DurableExecutionArn,
    );
    let traceId = executionRoots.get(executionArn);
    if (traceId === undefined) {
      traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
      executionRoots.set(executionArn, traceId);
    }
    const parent = randomBytes(8).toString('hex');
    const invocation: InvocationNotes = { traceId, parent, logCalls: 0 };
    notes.push(invocation);
    process.env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=${parent};Sampled=1`;
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
