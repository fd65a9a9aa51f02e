import { createHash } from 'node:crypto';

/** How a trace id is laid out. */
export type TraceIdFormat = 'xray' | 'w3c';

const digest = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex');

/** An all-zero id is invalid in OpenTelemetry; a digest prefix of zeros is astronomically rare. */
const nonZero = (hex: string): string => (/^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex);

/**
 * The trace id of a durable execution, the same on every invocation: derived from the execution ARN.
 * In the X-Ray format (the default) the first 8 hex digits are the execution's start in epoch seconds,
 * as X-Ray requires of the ids it accepts over OTLP; the other 24 come from the ARN.
 */
export const executionTraceId = (
  executionArn: string,
  startedAt: Date | undefined,
  format: TraceIdFormat,
): string => {
  const hash = digest('trace', executionArn);
  if (format === 'w3c' || startedAt === undefined) return nonZero(hash.slice(0, 32));
  const seconds = Math.floor(startedAt.getTime() / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return nonZero(`${seconds}${hash.slice(0, 24)}`);
};

/** The span id of a durable execution's root span: known to every invocation before the span exists. */
export const executionRootSpanId = (executionArn: string): string =>
  nonZero(digest('root', executionArn).slice(0, 16));

/**
 * Whether an execution is traced: decided from the ARN alone, so every invocation of it decides the
 * same and a trace is never half sampled.
 */
export const isExecutionSampled = (executionArn: string, ratio: number): boolean => {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  // 52 bits of the digest as a fraction in [0, 1).
  const fraction = Number.parseInt(digest('sample', executionArn).slice(0, 13), 16) / 2 ** 52;
  return fraction < ratio;
};

/**
 * `length` random hex digits. `Math.random`, as the OpenTelemetry SDK's own `RandomIdGenerator`:
 * ids need to be unique, not unpredictable, and a synchronous CSPRNG call per span costs more than
 * the span.
 */
const randomHex = (length: number): string => {
  let hex = '';
  for (let i = 0; i < length; i += 8) {
    hex += ((Math.random() * 2 ** 32) >>> 0).toString(16).padStart(8, '0');
  }
  return hex.slice(0, length);
};

/** A random span id (16 hex digits, never all zero). */
export const randomSpanId = (): string => nonZero(randomHex(16));

/** A random trace id (32 hex digits, never all zero). */
export const randomTraceId = (): string => nonZero(randomHex(32));
