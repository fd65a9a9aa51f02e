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
