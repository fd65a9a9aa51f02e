import type { ReceivedSpan } from './otlpReceiver.js';

/** Spans of one trace, by span id. */
export const byId = (spans: readonly ReceivedSpan[]): Map<string, ReceivedSpan> =>
  new Map(spans.map((span) => [span.spanId, span]));

/** The children of `parent` (or the roots, for `undefined`), ordered by start time. */
export const childrenOf = (
  spans: readonly ReceivedSpan[],
  parent: ReceivedSpan | undefined,
): ReceivedSpan[] =>
  spans
    .filter((span) => span.parentSpanId === parent?.spanId)
    .sort((a, b) => a.start - b.start || a.end - b.end);

const ATTRIBUTE_LABELS: Record<string, string> = {
  'durable.invocation.status': 'status',
  'durable.execution.status': 'status',
  'durable.operation.type': 'type',
  'durable.operation.attempt': 'attempt',
  'durable.operation.outcome': 'outcome',
  'durable.invocation.first': 'first',
  'faas.coldstart': 'cold start',
  'durable.suspended': 'suspended',
};

/**
 * Renders a trace as an indented text tree with offsets from the root's start, the way the package
 * README shows one (for documentation; tests assert on the spans themselves).
 */
export const renderTree = (spans: readonly ReceivedSpan[]): string => {
  const roots = childrenOf(spans, undefined);
  const origin = Math.min(...spans.map((span) => span.start));
  const lines: string[] = [];
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;
  const visit = (span: ReceivedSpan, prefix: string, last: boolean, depth: number): void => {
    const labels = Object.entries(ATTRIBUTE_LABELS)
      .filter(([key]) => span.attributes[key] !== undefined)
      .map(([key, label]) => `${label}=${span.attributes[key]}`);
    if (span.statusCode === 2)
      labels.push(`error="${span.events[0]?.attributes['exception.message']}"`);
    const branch = depth === 0 ? '' : last ? '└─ ' : '├─ ';
    lines.push(
      `${prefix}${branch}${span.name}  [+${seconds(span.start - origin)} … +${seconds(span.end - origin)}]  ${labels.join(' ')}`.trimEnd(),
    );
    const children = childrenOf(spans, span);
    const nextPrefix = depth === 0 ? '' : `${prefix}${last ? '   ' : '│  '}`;
    children.forEach((child, i) => {
      visit(child, nextPrefix, i === children.length - 1, depth + 1);
    });
  };
  for (const root of roots) visit(root, '', true, 0);
  return lines.join('\n');
};
