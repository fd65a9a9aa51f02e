import type { EmfDocument, LogRecord } from './types/capture.js';

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
 * Sorts stdout lines into log records, EMF documents and plain text.
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
