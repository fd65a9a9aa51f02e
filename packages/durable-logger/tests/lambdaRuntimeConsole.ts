import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Applies the Lambda Node.js runtime's own console patch, taken from `aws-lambda-ric` 4.0.2, the
 * runtime interface client Lambda's Node.js 22+ runtimes run.
 *
 * The package's entry point (`index.mjs`) starts the runtime as soon as it is imported (`ignition()`
 * loads the native `rapid-client.node` and polls the Runtime API), so it cannot simply be imported
 * here. Instead, the exact code of its logging modules is read from that file and evaluated:
 * `dist/logging/constants.js`, `base-logger.js`, `formatter.js` (`formatJsonMessage`),
 * `stdout-logger.js` (`StdoutLogger`) and `log-patch.js` (`LogPatch.patchConsoleMethods`). The one
 * substitute is the invoke store, which the runtime fills from the Runtime API: here it returns a
 * fixed request id. `LogPatch.patchConsole()` would pick `StdoutLogger` too, outside multi-concurrency
 * mode and without a telemetry file descriptor, as in this process.
 *
 * @returns a function that restores the console methods it replaced
 */
export const patchConsoleLikeLambdaRuntime = (requestId = 'lambda-request-id'): (() => void) => {
  const require = createRequire(import.meta.url);
  const source = readFileSync(require.resolve('aws-lambda-ric'), 'utf8');
  const section = (from: string, to: string): string => {
    const start = source.indexOf(from);
    const end = source.indexOf(to, start);
    if (start < 0 || end < 0) {
      throw new Error(`aws-lambda-ric changed: cannot find "${from}" .. "${to}" in index.mjs`);
    }
    return source.slice(start, end);
  };
  const code = [
    section('// dist/logging/constants.js', '// dist/logging/socket-logger.js'),
    section('// dist/logging/stdout-logger.js', '// dist/logging/telemetry-logger.js'),
    section('// dist/logging/log-patch.js', 'var { structuredConsole } = LogPatch;'),
    'return { LogPatch, StdoutLogger, LOG_FORMAT, LOG_LEVEL };',
  ].join('\n');
  type RuntimeLogging = {
    LogPatch: { patchConsoleMethods: (logger: unknown) => void };
    StdoutLogger: new (options: unknown, invokeStore: unknown) => unknown;
    LOG_FORMAT: Record<string, string>;
    LOG_LEVEL: Record<string, unknown>;
  };
  // Evaluates the runtime's own code (read above from the installed package), not test code.
  const load = new Function('cjsRequire', code) as (cjsRequire: NodeJS.Require) => RuntimeLogging;
  const { LogPatch, StdoutLogger, LOG_FORMAT, LOG_LEVEL } = load(require);

  // determineLogFormat() / determineLogLevel() of the same file (dist/utils/env.js).
  const format =
    process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON' ? LOG_FORMAT.JSON : LOG_FORMAT.TEXT;
  const envLevel = process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase();
  const minLevel = envLevel && envLevel in LOG_LEVEL ? LOG_LEVEL[envLevel] : LOG_LEVEL.TRACE;
  const invokeStore = { getRequestId: () => requestId, getTenantId: () => undefined };

  const methods = ['trace', 'debug', 'info', 'warn', 'error', 'log', 'fatal'] as const;
  const consoleMethods = console as unknown as Record<string, unknown>;
  const saved = methods.map((name) => [name, consoleMethods[name]] as const);
  LogPatch.patchConsoleMethods(new StdoutLogger({ format, minLevel }, invokeStore));
  return () => {
    for (const [name, method] of saved) consoleMethods[name] = method;
  };
};
