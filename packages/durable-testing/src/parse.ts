import type { CapturedLine, EmfDocument, LogRecord, OutputStream } from './types.js';

const streams = new WeakMap<object, OutputStream>();

const isEmfDocument = (value: Record<string, unknown>): value is EmfDocument =>
  Array.isArray((value._aws as { CloudWatchMetrics?: unknown } | null)?.CloudWatchMetrics);

/**
 * Sorts output lines into log records, EMF documents and plain text; for captured lines, remembers
 * each parsed object's stream for {@link streamOf}.
 * @example
 * ```ts
 * const { records, emf, text } = classifyLines(['{"message":"hi"}', 'plain']);
 * ```
 */
export const classifyLines = (
  lines: readonly (string | CapturedLine)[],
): { records: LogRecord[]; emf: EmfDocument[]; text: string[] } => {
  const classified = { records: [] as LogRecord[], emf: [] as EmfDocument[], text: [] as string[] };
  for (const line of lines) {
    const text = typeof line === 'string' ? line : line.text;
    const parsed = parseJsonObject(text);
    if (parsed === undefined) classified.text.push(text);
    else if (isEmfDocument(parsed)) classified.emf.push(parsed);
    else classified.records.push(parsed);
    if (parsed !== undefined && typeof line !== 'string') streams.set(parsed, line.stream);
  }
  return classified;
};

/**
 * The stream a log record or EMF document of a run result was written to (`undefined` for an object
 * the harness did not parse).
 * @example
 * ```ts
 * const onStderr = result.records.filter((record) => streamOf(record) === 'stderr');
 * ```
 */
export const streamOf = (parsed: LogRecord | EmfDocument): OutputStream | undefined =>
  streams.get(parsed);

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
