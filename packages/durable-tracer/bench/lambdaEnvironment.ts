// Imported first by tracer.bench.ts: Powertools Tracer decides whether it traces when constructed, and
// aws-xray-sdk-core enters its Lambda mode (a facade segment per trace id) when loaded. No top-level
// await here: the X-Ray SDK's context must still be current when tracer.bench.ts evaluates.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
const simulated: Record<string, string> = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  LAMBDA_TASK_ROOT: process.cwd(),
  _HANDLER: 'index.handler',
  POWERTOOLS_SERVICE_NAME: 'bench',
  _X_AMZN_TRACE_ID: `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=1`,
};
const previous = Object.fromEntries(Object.keys(simulated).map((key) => [key, process.env[key]]));
Object.assign(process.env, simulated);

const sink = createSocket('udp4');
let received = 0;
sink.on('message', () => {
  received++;
});

/** Starts the UDP sink standing in for the X-Ray daemon; returns its `host:port`. */
export const startDaemonSink = async (): Promise<string> => {
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  return `127.0.0.1:${sink.address().port}`;
};

/** Documents the X-Ray SDK has sent to the sink so far. */
export const receivedDocuments = (): number => received;

/** Restores the environment and stops the sink. */
export const restoreEnvironment = async (): Promise<void> => {
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await new Promise<void>((resolve) => sink.close(() => resolve()));
};
