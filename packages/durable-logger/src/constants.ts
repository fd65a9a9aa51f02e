/**
 * Environment variable that turns on the replay debug switch: replayed lines are written tagged
 * `"replayed": true` instead of being dropped. Read when each invocation starts.
 *
 * @example
 * ```ts
 * process.env[LOG_REPLAYED_ENV_VAR] = 'true'; // DURABLE_POWERTOOLS_LOG_REPLAYED=true
 * ```
 */
export const LOG_REPLAYED_ENV_VAR = 'DURABLE_POWERTOOLS_LOG_REPLAYED';

/** The Lambda runtime's log format variable; `JSON` is required by durable functions. */
export const LAMBDA_LOG_FORMAT_ENV_VAR = 'AWS_LAMBDA_LOG_FORMAT';

/** Values Powertools accepts as "on" for its boolean environment variables. */
const TRUTHY_VALUES: ReadonlySet<string> = new Set(['1', 'y', 'yes', 't', 'true', 'on']);

/** Reads a boolean switch from the environment the way Powertools reads `POWERTOOLS_DEV`. */
export const isEnvSwitchOn = (name: string): boolean =>
  TRUTHY_VALUES.has((process.env[name] ?? '').trim().toLowerCase());
