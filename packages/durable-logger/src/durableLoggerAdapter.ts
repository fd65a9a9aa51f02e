import type { DurableLogger, DurableLoggingContext } from '@aws/durable-execution-sdk-js';
import type { DurableLogInvocation } from './durableLogInvocation.js';
import type { LogMethodName } from './powertoolsMethods.js';
import { logScope } from './scope.js';

const SDK_LEVELS: Readonly<Record<string, LogMethodName>> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The `customLogger` given to `context.configureLogger()` for one invocation. The SDK calls it from
 * `context.logger` in the root, steps, child contexts and map/parallel branches (after its own
 * replay check) and hands it its durable log data; it prints through the invocation, which adds the
 * keys and drops the lines the SDK misses (a child context resumed after a suspension).
 */
export class DurableLoggerAdapter implements DurableLogger {
  readonly #invocation: DurableLogInvocation;

  public constructor(invocation: DurableLogInvocation) {
    this.#invocation = invocation;
  }

  public configureDurableLoggingContext(loggingContext: DurableLoggingContext): void {
    this.#invocation.useLoggingContext(loggingContext);
  }

  public debug(input?: unknown, ...extraInput: unknown[]): void {
    this.#write('debug', input, extraInput);
  }

  public info(input?: unknown, ...extraInput: unknown[]): void {
    this.#write('info', input, extraInput);
  }

  public warn(input?: unknown, ...extraInput: unknown[]): void {
    this.#write('warn', input, extraInput);
  }

  public error(input?: unknown, ...extraInput: unknown[]): void {
    this.#write('error', input, extraInput);
  }

  public log(level: string, input?: unknown, ...extraInput: unknown[]): void {
    this.#write(SDK_LEVELS[level] ?? 'info', input, extraInput);
  }

  #write(method: LogMethodName, input: unknown, extraInput: unknown[]): void {
    const scope = logScope.getStore();
    const frame = scope?.invocation === this.#invocation ? scope.frame : undefined;
    this.#invocation.write(method, input ?? '', extraInput, frame);
  }
}
