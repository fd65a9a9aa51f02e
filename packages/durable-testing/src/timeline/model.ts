import type { DurableOperation } from '@aws/durable-execution-sdk-js-testing';
import type { DurableRunResult, EmfDocument } from '../types.js';

/** One operation as one invocation saw it: run (an attempt), finished after a suspension, or replayed. */
export interface OperationMark {
  readonly kind: 'executed' | 'failed' | 'resumed' | 'replayed';
  readonly name: string;
  /** `Step`, `Wait`, `Callback`, `RunInChildContext`, `WaitForCallback`, ... */
  readonly subType: string;
  /** 1-based attempt of a step, when it ran. */
  readonly attempt?: number;
  /** Nesting depth: 0 for operations of the handler itself. */
  readonly depth: number;
}

/** One invocation of an execution, ready to draw. */
export interface InvocationLane {
  readonly index: number;
  readonly status: string;
  /** Milliseconds from the timeline's origin. */
  readonly start: number;
  readonly end: number;
  readonly marks: readonly OperationMark[];
  /** What the execution waited for after this invocation suspended. */
  readonly suspendedOn: readonly string[];
  readonly logMessages: readonly string[];
  /** Metric name → sum of the values this invocation published. */
  readonly metrics: Readonly<Record<string, number>>;
}

const ATTEMPT_END = /^Step(Succeeded|Failed)$/;
const TERMINAL_EVENT = /(Succeeded|Failed|TimedOut|Stopped|Cancelled)$/;
const SUSPENDING = new Set(['Wait', 'Callback', 'WaitForCallback']);
const CONTEXTS = new Set(['RunInChildContext', 'Map', 'Parallel']);

type OperationView = ReturnType<typeof viewOf>;

/** An operation's timing: its start and end, and a step's attempts (when each started, how it ended). */
const viewOf = (operation: DurableOperation) => {
  const attempts: Array<{ start: number; failed: boolean }> = [];
  for (const event of operation.getEvents() ?? []) {
    const type = String(event.EventType ?? '');
    const at = toMs(event.EventTimestamp);
    if (type === 'StepStarted' && at !== undefined) attempts.push({ start: at, failed: false });
    const ended = ATTEMPT_END.exec(type);
    const last = attempts.at(-1);
    if (ended !== null && last !== undefined) last.failed = ended[1] === 'Failed';
  }
  const subType = String(operation.getSubType() ?? operation.getType() ?? 'Operation');
  // A wait's end is only in its events (the runner leaves its end timestamp unset).
  const endEvent = (operation.getEvents() ?? []).findLast((event) =>
    TERMINAL_EVENT.test(String(event.EventType ?? '')),
  );
  return {
    id: operation.getId() ?? '',
    parentId: operation.getParentId(),
    name: operation.getName() ?? subType,
    subType,
    start: toMs(operation.getStartTimestamp()),
    end: toMs(operation.getEndTimestamp()) ?? toMs(endEvent?.EventTimestamp),
    status: String(operation.getStatus() ?? ''),
    attempts,
  };
};

const toMs = (value: Date | string | number | undefined): number | undefined => {
  const ms = value === undefined ? Number.NaN : new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
};

/** Internal operations of `waitForCallback` (its callback and submitter step) draw as the parent. */
const isInternal = (view: OperationView, byId: ReadonlyMap<string, OperationView>): boolean =>
  view.parentId !== undefined && byId.get(view.parentId)?.subType === 'WaitForCallback';

const depthOf = (view: OperationView, byId: ReadonlyMap<string, OperationView>): number => {
  let depth = 0;
  for (let parent = view.parentId; parent !== undefined; parent = byId.get(parent)?.parentId) {
    depth++;
  }
  return depth;
};

/**
 * Places each operation of a run in the invocations that saw it. Invocation `i` ran what started (or
 * finished, for a wait or callback) between its start and the next invocation's start; it replayed
 * what had finished before it started, if the code that contains it ran again (its parent context was
 * still unfinished). The runner's timestamps have millisecond resolution.
 */
export const lanesOf = (result: DurableRunResult, origin: number): InvocationLane[] => {
  const views = result.operations.map(viewOf);
  const byId = new Map(views.map((view) => [view.id, view]));
  const starts = result.invocations.map((invocation) => invocation.startedAt);
  /** The invocation running at `at`: the last one started at or before it. */
  const invocationAt = (at: number): number =>
    Math.max(
      0,
      starts.findLastIndex((start) => start <= at),
    );
  /** Whether the code of `view` ran again in an invocation starting at `at`. */
  const reached = (view: OperationView, at: number): boolean => {
    const parent = view.parentId === undefined ? undefined : byId.get(view.parentId);
    return parent === undefined || ((parent.end ?? at) >= at && reached(parent, at));
  };
  const ordered = views
    .filter((view) => !isInternal(view, byId))
    .sort((a, b) => (a.start ?? 0) - (b.start ?? 0));

  return result.invocations.map((invocation, position) => {
    const start = invocation.startedAt;
    const marks: OperationMark[] = [];
    const mark = (view: OperationView, kind: OperationMark['kind'], attempt?: number) =>
      marks.push({
        kind,
        name: view.name,
        subType: view.subType,
        depth: depthOf(view, byId),
        ...(attempt !== undefined && { attempt }),
      });
    const previous = result.invocations[position - 1];
    const previousEnd = previous === undefined ? start : previous.startedAt + previous.durationMs;
    for (const view of ordered) {
      if (view.end !== undefined && view.end < start && reached(view, start)) {
        // What the previous invocation suspended on, finished during the suspension: this
        // invocation resumes there. Anything else finished earlier is replayed.
        const resumed = SUSPENDING.has(view.subType) && view.end >= previousEnd;
        mark(view, resumed ? 'resumed' : 'replayed');
        continue;
      }
      if (view.attempts.length > 0) {
        for (const [number, attempt] of view.attempts.entries()) {
          if (invocationAt(attempt.start) === position) {
            mark(view, attempt.failed ? 'failed' : 'executed', number + 1);
          }
        }
        continue;
      }
      const began = view.start !== undefined && invocationAt(view.start) === position;
      const finished = view.end !== undefined && invocationAt(view.end) === position;
      const failed = view.status === 'FAILED' && finished;
      if (began) mark(view, failed ? 'failed' : 'executed');
      else if (finished) mark(view, failed ? 'failed' : 'resumed');
      else if (
        view.start !== undefined &&
        view.start < start &&
        CONTEXTS.has(view.subType) &&
        reached(view, start)
      ) {
        // A child context still running when the invocation started: its code ran again, up to
        // where its checkpoints end.
        mark(view, 'replayed');
      }
    }
    const end = start + invocation.durationMs;
    const next = starts[position + 1] ?? Number.POSITIVE_INFINITY;
    const suspendedOn =
      invocation.status === 'PENDING'
        ? ordered.filter((view) => isSuspending(view, end, next)).map(describeSuspension)
        : [];
    return {
      index: invocation.index,
      status: invocation.status,
      start: start - origin,
      end: end - origin,
      marks,
      suspendedOn,
      logMessages: invocation.records.map((record) => String(record.message ?? '')),
      metrics: metricsOf(invocation.emf),
    };
  });
};

/**
 * Whether `view` is what the execution waited on between the invocation that returned at `end` and
 * the one starting at `next`: it began before `next` and was still going, or retried, after `end`.
 * The bounds allow for the runner's stamps: an invocation's last checkpoint can be stamped after its
 * return was measured, and the next invocation start some ms after a wait's end on a loaded machine.
 */
const isSuspending = (view: OperationView, end: number, next: number): boolean => {
  if (view.start === undefined || view.start >= next) return false;
  if (view.subType === 'Step') {
    const retried = view.attempts.some((attempt) => attempt.start > end);
    return retried && view.attempts.some((attempt) => attempt.failed && attempt.start < next);
  }
  return (view.end === undefined || view.end > end) && SUSPENDING.has(view.subType);
};

const describeSuspension = (view: OperationView): string => {
  if (view.subType === 'Step') return `retry of ${view.name}`;
  if (view.subType === 'Wait') return view.name === view.subType ? 'wait' : `wait ${view.name}`;
  return `callback ${view.name}`;
};

/** The numbers an EMF document holds for metric `name` (a value, or an array of values). */
export const valuesOf = (document: EmfDocument, name: string): number[] =>
  [document[name]].flat().filter((item): item is number => typeof item === 'number');

const metricsOf = (documents: DurableRunResult['emf']): Record<string, number> => {
  const sums: Record<string, number> = {};
  for (const document of documents) {
    for (const { Metrics } of document._aws.CloudWatchMetrics) {
      for (const { Name } of Metrics) {
        for (const value of valuesOf(document, Name)) sums[Name] = (sums[Name] ?? 0) + value;
      }
    }
  }
  return sums;
};
