import type { DurableLogger } from '@aws/durable-execution-sdk-js';
import type { DurableLogInvocation } from './durableLogInvocation.js';
import type { LogMethodName } from './powertoolsMethods.js';

const SDK_LEVELS: Readonly<Record<string, LogMethodName>> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The `customLogger` given to `context.configureLogger()` for one invocation. The SDK calls it from
 * `context.logger` in the root, steps, child contexts and map/parallel branches (after its own
 * replay check) with console-style arguments; it formats them as the SDK's default logger would
 * (see `toPowertoolsArguments`) and prints through the invocation, which adds the keys and drops
 * the lines the SDK misses (a child context resumed after a suspension).
 */
export class DurableLoggerAdapter implements DurableLogger {
  readonly #invocation: DurableLogInvocation;

  public constructor(invocation: DurableLogInvocation) {
    this.#invocation = invocation;
  }

  public debug(...args: unknown[]): void {
    this.#write('debug', args);
  }

  public info(...args: unknown[]): void {
    this.#write('info', args);
  }

  public warn(...args: unknown[]): void {
    this.#write('warn', args);
  }

  public error(...args: unknown[]): void {
    this.#write('error', args);
  }

  public log(level: string, ...args: unknown[]): void {
    this.#write(SDK_LEVELS[level] ?? 'info', args);
  }

  #write(method: LogMethodName, args: unknown[]): void {
    this.#invocation.writeConsole(method, args);
  }
}
