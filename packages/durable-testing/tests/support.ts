import {
  classifyLines,
  type DurableRunResult,
  type InvocationCapture,
} from '@durable-powertools/testing';

/** One EMF line as Powertools Metrics writes it, declaring each of `values` as a metric. */
export const emfLine = (values: Record<string, number | number[]>): string =>
  JSON.stringify({
    _aws: {
      Timestamp: 0,
      CloudWatchMetrics: [
        {
          Namespace: 'shop',
          Dimensions: [['service']],
          Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    service: 'orders',
    ...values,
  });

/** A log record line as Powertools Logger writes it. */
export const logLine = (message: string, level = 'INFO'): string =>
  JSON.stringify({ level, message, service: 'orders' });

/** Builds a run result from raw stdout lines per invocation, as runDurable would. */
export const resultFrom = (linesPerInvocation: string[][]): DurableRunResult => {
  const invocations: InvocationCapture[] = linesPerInvocation.map((lines, index) => ({
    index: index + 1,
    operationsAtStart: 1,
    status: 'PENDING',
    lines,
    output: lines.map((text) => ({ stream: 'stdout' as const, text })),
    stdout: lines,
    stderr: [],
    lateLines: [],
    durationMs: 0,
    ...classifyLines(lines),
  }));
  return {
    status: 'SUCCEEDED',
    result: undefined,
    error: undefined,
    operations: [],
    invocations,
    output: invocations.flatMap((invocation) => invocation.output),
    records: invocations.flatMap((invocation) => invocation.records),
    emf: invocations.flatMap((invocation) => invocation.emf),
    text: invocations.flatMap((invocation) => invocation.text),
    testResult: undefined as never,
    durationMs: 0,
  };
};
