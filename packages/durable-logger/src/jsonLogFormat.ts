import { Console } from 'node:console';
import type { Logger } from '@aws-lambda-powertools/logger';
import { LAMBDA_LOG_FORMAT_ENV_VAR } from './constants.js';

/** Private (TS) but plain runtime fields of Powertools' `Logger` that decide how a record is printed. */
interface PrintInternals {
  console?: unknown;
  logIndentation?: unknown;
}

/** Whether the Lambda runtime writes `console` output as JSON (the format durable functions require). */
export const isLambdaJsonLogFormat = (): boolean =>
  process.env[LAMBDA_LOG_FORMAT_ENV_VAR]?.toUpperCase() === 'JSON';

/**
 * Under Lambda's JSON log format, makes `logger` print each record as one compact JSON line on the
 * process streams. With `POWERTOOLS_DEV` set, Powertools prints through the global `console`, which
 * the Lambda runtime patches to wrap each call in its own JSON record, and indents the JSON over
 * several lines: the record ends up as a string inside another record's `message`
 * (aws-durable-execution-sdk-js#470). Without `POWERTOOLS_DEV` Powertools already does this itself.
 */
export const printAsLambdaJsonLines = (logger: Logger): void => {
  if (!isLambdaJsonLogFormat()) return;
  const internals = logger as unknown as PrintInternals;
  if (internals.console === globalThis.console) {
    const ownConsole = new Console({ stdout: process.stdout, stderr: process.stderr });
    // Same as Powertools' own console: `trace` prints like `log`, without a stack (Powertools #2902).
    ownConsole.trace = (message?: unknown, ...params: unknown[]) =>
      ownConsole.log(message, ...params);
    internals.console = ownConsole;
  }
  if (internals.logIndentation !== 0) internals.logIndentation = 0;
};
