import fc from 'fast-check';

/**
 * A random durable workflow, as data: the property test runs it on the real SDK (interpreter.ts) and
 * computes what it must write from this data alone (model.ts).
 */

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'critical';
/** `context`: the logger of the context the line is in (root, child, branch or step); `powertools`: the Powertools Logger called directly. */
export type LoggerKind = 'context' | 'powertools';

export interface LogNode {
  kind: 'log';
  id: number;
  via: LoggerKind;
  level: Level;
  /**
   * `format`: a console-style call, `context.logger.info('L%d', id)`, as the SDK's logger interface
   * allows (its default logger formats with `util.format`); `plain`: the message alone.
   */
  call: 'plain' | 'format';
}
export interface MetricNode {
  kind: 'metric';
  id: number;
  value: number;
}
/** A step whose first `failures` attempts throw; retried after 1 s each. */
export interface StepNode {
  kind: 'step';
  id: number;
  failures: number;
  body: Array<LogNode | MetricNode>;
}
export interface WaitNode {
  kind: 'wait';
  id: number;
}
export interface ChildNode {
  kind: 'child';
  id: number;
  body: ProgramNode[];
  /** Ends the child (and the execution) by calling the parent's `step` inside it: the SDK fails the execution. */
  misuse: boolean;
}
/**
 * Early completion: `fast` branches finish (after a step); `slow` ones write a prefix, then wait an
 * hour and never finish, because the batch completes first. `minSuccessful` completes at the fast branches'
 * count; `toleratedFailures` (`toleratedFailureCount: 0`) completes when the first fast branch fails.
 */
export interface EarlyCompletion {
  kind: 'minSuccessful' | 'toleratedFailures';
  fast: Array<{ body: Array<LogNode | MetricNode>; step: StepNode }>;
  slow: Array<{ prefix: Array<LogNode | MetricNode>; unreached: Array<LogNode | MetricNode> }>;
}
export interface BatchNode {
  kind: 'map' | 'parallel';
  id: number;
  nesting: 'NESTED' | 'FLAT';
  branches: ProgramNode[][];
  early?: EarlyCompletion;
  /** Each branch returns 40 KB, so the batch result (> 256 KB) is checkpointed as a summary. */
  bigResults: boolean;
}
export interface PromiseNode {
  kind: 'promise';
  id: number;
  combinator: 'all' | 'allSettled' | 'race' | 'any';
  entries: Array<StepNode | WaitNode>;
}
export type ProgramNode =
  | LogNode
  | MetricNode
  | StepNode
  | WaitNode
  | ChildNode
  | BatchNode
  | PromiseNode;

/** How the suite's middlewares are put on the workflow: the two middy shapes the READMEs show. */
export type MiddyShapeName = 'withDurableExecution(middy(handler))' | 'middy durable mode';

export interface Program {
  shape: MiddyShapeName;
  /** Order of `.use()`: durableLogger then durableMetrics, or the reverse. */
  loggerFirst: boolean;
  /** The workflow throws after its body (the execution FAILS through middy's onError) instead of returning. */
  throws: boolean;
  body: ProgramNode[];
}

/** Which features the generator may use (features still failing because of a known bug stay off). */
export interface GeneratorFeatures {
  /** SDK-terminated failures: a child calling its parent's `step` ends the execution as FAILED. */
  sdkTerminatedFailure: boolean;
  /** Metrics in programs that end in an SDK-terminated failure (issue 8 case 1); without it they have none. */
  metricsWithSdkTerminatedFailure: boolean;
  /** FLAT map/parallel whose result is summarised (> 256 KB), followed by a wait (issue 8 case 2). */
  flatSummarised: boolean;
  /**
   * FLAT map/parallel in which a branch suspends (wait or retry) while another has finished: the
   * finished one is a virtual context, re-run on the next invocation.
   */
  flatBatchesWithSuspendedBranches: boolean;
  /**
   * Logs after the last durable operation (or in a branch without any) of a FLAT branch that finishes
   * without suspending, beside a sibling that suspends; without it those branches write no such line.
   */
  trailingLogsOfFinishedFlatBranchesBesideSuspension: boolean;
  /** map/parallel completing early (minSuccessful / tolerated failures). */
  earlyCompletion: boolean;
  /** Metrics in the branches still running when a batch completes early (issue 8 case 3); without it they have none. */
  metricsInUnfinishedBranches: boolean;
}

export const MAX_SUSPENSIONS = 2;

const levelOf = (via: LoggerKind) =>
  via === 'context'
    ? fc.constantFrom<Level>('debug', 'info', 'warn', 'error')
    : fc.constantFrom<Level>('debug', 'info', 'warn', 'error', 'critical');

const logArb: fc.Arbitrary<LogNode> = fc
  .constantFrom<LoggerKind>('context', 'powertools')
  .chain((via) =>
    fc.record({
      kind: fc.constant('log' as const),
      id: fc.constant(0),
      via: fc.constant(via),
      level: levelOf(via),
      // Powertools' own (message, ...extra) means something else: console style only on context.logger.
      call:
        via === 'context'
          ? fc.constantFrom('plain' as const, 'format' as const)
          : fc.constant('plain' as const),
    }),
  );
const metricArb: fc.Arbitrary<MetricNode> = fc
  .integer({ min: 1, max: 5 })
  .map((value): MetricNode => ({ kind: 'metric', id: 0, value }));
const leafArb = fc.oneof(logArb, metricArb);
const leavesArb = (maxLength: number) => fc.array(leafArb, { maxLength });
const stepArb = (maxFailures: number): fc.Arbitrary<StepNode> =>
  fc.record({
    kind: fc.constant('step' as const),
    id: fc.constant(0),
    failures: fc.integer({ min: 0, max: maxFailures }),
    body: leavesArb(3),
  });
const waitArb: fc.Arbitrary<WaitNode> = fc.constant({ kind: 'wait', id: 0 });

// With tolerated failures the batch completes at the first failure, so one fast branch: a second
// one could still be mid-step when the batch completes.
const earlyArb = (features: GeneratorFeatures): fc.Arbitrary<EarlyCompletion> =>
  fc
    .record({
      kind: fc.constantFrom('minSuccessful' as const, 'toleratedFailures' as const),
      fast: fc.array(fc.record({ body: leavesArb(2), step: stepArb(0) }), {
        minLength: 1,
        maxLength: 2,
      }),
      slow: fc.array(
        fc.record({
          prefix: features.metricsInUnfinishedBranches
            ? leavesArb(2)
            : fc.array(logArb, { maxLength: 2 }),
          unreached: leavesArb(2),
        }),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
    })
    .map((early) =>
      early.kind === 'toleratedFailures' ? { ...early, fast: early.fast.slice(0, 1) } : early,
    );

/** Node arbitraries by depth: children and batches nest at most two levels. */
const nodeArb = (depth: number, features: GeneratorFeatures): fc.Arbitrary<ProgramNode> => {
  const simple: Array<fc.WeightedArbitrary<ProgramNode>> = [
    { arbitrary: logArb, weight: 4 },
    { arbitrary: metricArb, weight: 3 },
    { arbitrary: stepArb(2), weight: 3 },
    { arbitrary: waitArb, weight: 1 },
  ];
  if (depth >= 2) return fc.oneof(...simple);
  const body = fc.array(nodeArb(depth + 1, features), { maxLength: 4 });
  const child: fc.Arbitrary<ProgramNode> = fc.record({
    kind: fc.constant('child' as const),
    id: fc.constant(0),
    body,
    misuse: depth === 0 && features.sdkTerminatedFailure ? fc.boolean() : fc.constant(false),
  });
  const batch: fc.Arbitrary<ProgramNode> = fc
    .record(
      {
        kind: fc.constantFrom('map' as const, 'parallel' as const),
        id: fc.constant(0),
        nesting: fc.constantFrom('NESTED' as const, 'FLAT' as const),
        branches: fc.array(fc.array(nodeArb(depth + 1, features), { maxLength: 3 }), {
          minLength: 1,
          maxLength: 3,
        }),
        early: features.earlyCompletion
          ? fc.option(earlyArb(features), { nil: undefined })
          : fc.constant(undefined),
        bigResults: fc.constant(false),
      },
      { requiredKeys: ['kind', 'id', 'nesting', 'branches', 'bigResults'] },
    )
    .filter(
      (node) =>
        features.flatBatchesWithSuspendedBranches ||
        node.nesting !== 'FLAT' ||
        node.early !== undefined ||
        suspensionBounds(node.branches.flat()).max === 0,
    )
    .map((node) =>
      features.trailingLogsOfFinishedFlatBranchesBesideSuspension ||
      node.nesting !== 'FLAT' ||
      node.early !== undefined ||
      suspensionBounds(node.branches.flat()).max === 0
        ? node
        : { ...node, branches: node.branches.map(withoutTrailingLogsIfFinishing) },
    );
  const promise: fc.Arbitrary<ProgramNode> = fc
    .constantFrom('all' as const, 'allSettled' as const, 'race' as const, 'any' as const)
    .chain((combinator) =>
      fc.record({
        kind: fc.constant('promise' as const),
        id: fc.constant(0),
        combinator: fc.constant(combinator),
        // race/any settle on the first entry; the others run on in the background: steps that
        // succeed at once keep what they write deterministic.
        entries: fc.array(
          combinator === 'all' || combinator === 'allSettled'
            ? fc.oneof(stepArb(1), waitArb)
            : stepArb(0),
          { minLength: 1, maxLength: 3 },
        ),
      }),
    );
  const compound: Array<fc.WeightedArbitrary<ProgramNode>> = [
    { arbitrary: child, weight: 2 },
    { arbitrary: batch, weight: 2 },
    { arbitrary: promise, weight: 1 },
  ];
  return fc.oneof(...simple, ...compound);
};

/** A FLAT batch of 7-8 items returning 40 KB each (summarised), then a wait: items must not re-run. */
const flatSummarisedArb: fc.Arbitrary<ProgramNode[]> = fc
  .record({
    kind: fc.constantFrom('map' as const, 'parallel' as const),
    branches: fc.array(fc.array(leafArb, { minLength: 1, maxLength: 2 }), {
      minLength: 7,
      maxLength: 8,
    }),
  })
  .map(({ kind, branches }): ProgramNode[] => [
    { kind, id: 0, nesting: 'FLAT', branches, bigResults: true },
    { kind: 'wait', id: 0 },
  ]);

/** Programs of 1-5 root nodes with at most {@link MAX_SUSPENSIONS} suspensions. */
export const programArb = (features: GeneratorFeatures): fc.Arbitrary<Program> => {
  const root = fc.array(nodeArb(0, features), { minLength: 1, maxLength: 5 });
  // One program in six gets a summarised FLAT batch followed by a wait, at a random position.
  const withFlat = features.flatSummarised
    ? fc
        .tuple(
          root,
          fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 5 },
            { arbitrary: flatSummarisedArb, weight: 1 },
          ),
          fc.nat(),
        )
        .map(([body, flat, at]) => {
          if (flat === undefined) return body;
          const index = at % (body.length + 1);
          return [...body.slice(0, index), ...flat, ...body.slice(index)];
        })
    : root;
  return withFlat
    .map((body) => truncateAfterMisuse(body))
    .map((body) =>
      features.metricsWithSdkTerminatedFailure || !endsInMisuse(body) ? body : withoutMetrics(body),
    )
    .chain((body) =>
      fc
        .record({
          shape: fc.constantFrom<MiddyShapeName>(
            'withDurableExecution(middy(handler))',
            'middy durable mode',
          ),
          loggerFirst: fc.boolean(),
          throws: fc.oneof(
            { arbitrary: fc.constant(false), weight: 4 },
            { arbitrary: fc.constant(true), weight: 1 },
          ),
        })
        .map((wiring) => numbered({ ...wiring, body })),
    )
    .filter((program) => suspensionBounds(program.body).max <= MAX_SUSPENSIONS);
};

/** Nothing runs after a misusing child: the SDK fails the execution there. */
const truncateAfterMisuse = (body: ProgramNode[]): ProgramNode[] => {
  const index = body.findIndex((node) => node.kind === 'child' && node.misuse);
  return index === -1 ? body : body.slice(0, index + 1);
};

/** Whether the node starts a durable operation (anything but a log line or a metric). */
const startsOperation = (node: ProgramNode): boolean =>
  node.kind !== 'log' && node.kind !== 'metric';

/** A branch that never suspends loses the log lines after its last durable operation. */
const withoutTrailingLogsIfFinishing = (branch: ProgramNode[]): ProgramNode[] => {
  if (suspensionBounds(branch).max > 0) return branch;
  const lastOperation = branch.findLastIndex(startsOperation);
  return branch.filter((node, index) => index <= lastOperation || node.kind !== 'log');
};

const endsInMisuse = (body: readonly ProgramNode[]): boolean =>
  body.some((node) => node.kind === 'child' && node.misuse);

const leavesWithoutMetrics = <T extends LogNode | MetricNode>(leaves: T[]): T[] =>
  leaves.filter((leaf) => leaf.kind !== 'metric');

/** The program without any metric node. */
const withoutMetrics = (body: readonly ProgramNode[]): ProgramNode[] =>
  body.flatMap(nodeWithoutMetrics);

const nodeWithoutMetrics = (node: ProgramNode): ProgramNode[] => {
  switch (node.kind) {
    case 'metric':
      return [];
    case 'log':
    case 'wait':
      return [node];
    case 'step':
      return [{ ...node, body: leavesWithoutMetrics(node.body) }];
    case 'child':
      return [{ ...node, body: withoutMetrics(node.body) }];
    case 'map':
    case 'parallel':
      return [
        {
          ...node,
          branches: node.branches.map(withoutMetrics),
          ...(node.early && {
            early: {
              ...node.early,
              fast: node.early.fast.map((fast) => ({
                body: leavesWithoutMetrics(fast.body),
                step: { ...fast.step, body: leavesWithoutMetrics(fast.step.body) },
              })),
              slow: node.early.slow.map((slow) => ({
                prefix: leavesWithoutMetrics(slow.prefix),
                unreached: leavesWithoutMetrics(slow.unreached),
              })),
            },
          }),
        },
      ];
    case 'promise':
      return [
        {
          ...node,
          entries: node.entries.map((entry) =>
            entry.kind === 'step' ? { ...entry, body: leavesWithoutMetrics(entry.body) } : entry,
          ),
        },
      ];
  }
};

/** Gives every node a unique id, in program order (log messages and metric names derive from it). */
export const numbered = (program: Program): Program => {
  let next = 1;
  const leaf = <T extends LogNode | MetricNode>(node: T): T => ({ ...node, id: next++ });
  const step = (node: StepNode): StepNode => {
    const id = next++;
    return { ...node, id, body: node.body.map(leaf) };
  };
  const visit = (node: ProgramNode): ProgramNode => {
    switch (node.kind) {
      case 'log':
      case 'metric':
        return leaf(node);
      case 'wait':
        return { ...node, id: next++ };
      case 'step':
        return step(node);
      case 'child': {
        const id = next++;
        return { ...node, id, body: node.body.map(visit) };
      }
      case 'map':
      case 'parallel': {
        const id = next++;
        const branches = node.branches.map((branch) => branch.map(visit));
        const early = node.early && {
          ...node.early,
          fast: node.early.fast.map((fast) => ({
            body: fast.body.map(leaf),
            step: step(fast.step),
          })),
          slow: node.early.slow.map((slow) => ({
            prefix: slow.prefix.map(leaf),
            unreached: slow.unreached.map(leaf),
          })),
        };
        return early ? { ...node, id, branches: [], early } : { ...node, id, branches };
      }
      case 'promise': {
        const id = next++;
        return {
          ...node,
          id,
          entries: node.entries.map((entry) =>
            entry.kind === 'step' ? step(entry) : { ...entry, id: next++ },
          ),
        };
      }
    }
  };
  return { ...program, body: program.body.map(visit) };
};

/**
 * How many suspensions (1 s waits and retry delays) the program goes through, at least and at most:
 * sequential ones add up; concurrent ones (branches, combinator entries) may resume together.
 */
export const suspensionBounds = (nodes: readonly ProgramNode[]): { min: number; max: number } => {
  let min = 0;
  let max = 0;
  for (const node of nodes) {
    const bounds = nodeSuspensions(node);
    min += bounds.min;
    max += bounds.max;
    if (node.kind === 'child' && node.misuse) break;
  }
  return { min, max };
};

const concurrent = (parts: Array<{ min: number; max: number }>) => ({
  min: Math.max(0, ...parts.map((part) => part.min)),
  max: parts.reduce((sum, part) => sum + part.max, 0),
});

const nodeSuspensions = (node: ProgramNode): { min: number; max: number } => {
  switch (node.kind) {
    case 'log':
    case 'metric':
      return { min: 0, max: 0 };
    case 'wait':
      return { min: 1, max: 1 };
    case 'step':
      return { min: node.failures, max: node.failures };
    case 'child':
      return suspensionBounds(node.body);
    case 'map':
    case 'parallel':
      // Slow branches wait an hour: the execution is over before any of them resumes.
      if (node.early) return { min: 0, max: 0 };
      return concurrent(node.branches.map(suspensionBounds));
    case 'promise':
      return concurrent(node.entries.map(nodeSuspensions));
  }
};
