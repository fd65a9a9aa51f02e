import type { CapturedLine, EmfDocument, LogRecord, OutputStream } from './types/capture.js';

const streams = new WeakMap<object, OutputStream>();

/**
 * Whether a parsed JSON object is an Embedded Metric Format document.
 *
 * @example
 * ```ts
 * isEmfDocument(JSON.parse(line)); // true for what Metrics.publishStoredMetrics() writes
 * ```
 */
export const isEmfDocument = (value: Record<string, unknown>): value is EmfDocument => {
  const aws = value._aws;
  return (
    typeof aws === 'object' &&
    aws !== null &&
    Array.isArray((aws as { CloudWatchMetrics?: unknown }).CloudWatchMetrics)
  );
};

/**
 * Sorts output lines into log records, EMF documents and plain text.
 *
 * @example
 * ```ts
 * const { records, emf, text } = classifyLines(['{"message":"hi"}', 'plain']);
 * ```
 */
export const classifyLines = (
  lines: readonly string[],
): { records: LogRecord[]; emf: EmfDocument[]; text: string[] } => {
  const records: LogRecord[] = [];
  const emf: EmfDocument[] = [];
  const text: string[] = [];
  for (const line of lines) {
    const parsed = parseJsonObject(line);
    if (parsed === undefined) text.push(line);
    else if (isEmfDocument(parsed)) emf.push(parsed);
    else records.push(parsed);
  }
  return { records, emf, text };
};

/**
 * The stream a log record or EMF document of a run result was written to (`undefined` for an object
 * the harness did not parse).
 *
 * @example
 * ```ts
 * const onStderr = result.records.filter((record) => streamOf(record) === 'stderr');
 * ```
 */
export const streamOf = (parsed: LogRecord | EmfDocument): OutputStream | undefined =>
  streams.get(parsed);

/** {@link classifyLines} for captured lines, remembering each parsed object's stream for `streamOf`. */
export const classifyOutput = (
  lines: readonly CapturedLine[],
): { records: LogRecord[]; emf: EmfDocument[]; text: string[] } => {
  const records: LogRecord[] = [];
  const emf: EmfDocument[] = [];
  const text: string[] = [];
  for (const { stream, text: line } of lines) {
    const parsed = parseJsonObject(line);
    if (parsed === undefined) {
      text.push(line);
      continue;
    }
    streams.set(parsed, stream);
    if (isEmfDocument(parsed)) emf.push(parsed);
    else records.push(parsed);
  }
  return { records, emf, text };
};

const parseJsonObject = (line: string): Record<string, unknown> | undefined => {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};
