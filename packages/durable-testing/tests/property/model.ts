import type { Level, LogNode, MetricNode, Program, ProgramNode, StepNode } from './program.js';
import { suspensionBounds } from './program.js';

/**
 * The oracle: what ONE execution of the program that never replays writes, computed from the program
 * alone (no code of the suite): each log line once, with its level and stream; each metric's sum;
 * a retried step's lines and metrics once per attempt.
 */
export interface ExpectedWrites {
  /** `message|LEVEL|stream`, one entry per line written. */
  lines: string[];
  /** Metric name -> sum. */
  metrics: Map<string, number>;
  status: 'SUCCEEDED' | 'FAILED';
  invocations: { min: number; max: number };
}

/** Powertools writes WARN, ERROR and CRITICAL to stderr, DEBUG and INFO to stdout. */
export const streamOfLevel = (level: Level): 'stdout' | 'stderr' =>
  level === 'debug' || level === 'info' ? 'stdout' : 'stderr';

export const messageOf = (node: LogNode, attempt?: number): string =>
  attempt === undefined ? `L${node.id}` : `L${node.id}@${attempt}`;
export const metricNameOf = (node: MetricNode): string => `M${node.id}`;
export const lineKey = (message: string, level: string, stream: string | undefined): string =>
  `${message}|${level.toUpperCase()}|${stream}`;

export const expectedWrites = (program: Program): ExpectedWrites => {
  const lines: string[] = [];
  const metrics = new Map<string, number>();
  let status: ExpectedWrites['status'] = 'SUCCEEDED';

  const leaf = (node: LogNode | MetricNode, attempt?: number): void => {
    if (node.kind === 'log') {
      lines.push(lineKey(messageOf(node, attempt), node.level, streamOfLevel(node.level)));
    } else {
      metrics.set(metricNameOf(node), (metrics.get(metricNameOf(node)) ?? 0) + node.value);
    }
  };
  const step = (node: StepNode): void => {
    for (let attempt = 1; attempt <= node.failures + 1; attempt++) {
      for (const item of node.body) leaf(item, attempt);
    }
  };
  /** Returns false when the execution ended (SDK-terminated failure). */
  const walk = (nodes: readonly ProgramNode[]): boolean => {
    for (const node of nodes) {
      switch (node.kind) {
        case 'log':
        case 'metric':
          leaf(node);
          break;
        case 'wait':
          break;
        case 'step':
          step(node);
          break;
        case 'child':
          walk(node.body);
          if (node.misuse) {
            status = 'FAILED';
            return false;
          }
          break;
        case 'map':
        case 'parallel':
          if (node.early) {
            for (const fast of node.early.fast) {
              for (const item of fast.body) leaf(item);
              step(fast.step);
            }
            for (const slow of node.early.slow) for (const item of slow.prefix) leaf(item);
          } else {
            for (const branch of node.branches) walk(branch);
          }
          break;
        case 'promise':
          for (const entry of node.entries) if (entry.kind === 'step') step(entry);
          break;
      }
    }
    return true;
  };
  if (walk(program.body) && program.throws) status = 'FAILED';
  const bounds = suspensionBounds(program.body);
  return {
    lines: lines.sort(),
    metrics,
    status,
    invocations: { min: 1 + bounds.min, max: 1 + bounds.max },
  };
};
