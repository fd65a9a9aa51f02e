import {
  type DurableContext,
  type DurablePromise,
  NestingType,
} from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { durableLogger } from '@durable-powertools/logger';
import { durableMetrics } from '@durable-powertools/metrics';
import type { DurableHandler } from '@durable-powertools/testing';
import { middyShapes } from '../../../../tests/support/middyShapes.js';
import { retryEverySecond } from '../../../../tests/support/retry.js';
import { messageOf, metricNameOf } from './model.js';
import type {
  BatchNode,
  LogNode,
  MetricNode,
  MiddyShapeName,
  Program,
  ProgramNode,
  PromiseNode,
  StepNode,
} from './program.js';

type Workflow = (event: unknown, context: DurableContext) => Promise<unknown>;

/**
 * The suite wired as the READMEs say: `durableLogger` and `durableMetrics` on the workflow in either
 * middy shape, with the suite's one plugin registered the way that shape allows
 * (`withDurableExecution(..., { plugins })`, or `DURABLE_EXECUTION_PLUGINS` for middy's durable
 * mode; tests/support/middyShapes.ts). The one place to change when the registration changes.
 */
export const wireSuite = (
  workflow: Workflow,
  { logger, metrics }: { logger: Logger; metrics: Metrics },
  shape: MiddyShapeName = 'withDurableExecution(middy(handler))',
  loggerFirst = true,
): DurableHandler => {
  const build =
    shape === 'middy durable mode'
      ? middyShapes['middy(handler, { executionMode: executionModeDurableContext })']
      : middyShapes['withDurableExecution(middy(handler))'];
  if (build === undefined)
    throw new Error(`tests/support/middyShapes.ts has no shape for ${shape}`);
  const middlewares = [durableLogger({ logger }), durableMetrics({ metrics })];
  return build(workflow, loggerFirst ? middlewares : middlewares.reverse());
};

const BIG_RESULT = 'x'.repeat(40_000);
const SLOW_BRANCH_WAIT_SECONDS = 3_600;

interface Writers {
  logger: Logger;
  metrics: Metrics;
}

/** The context's own logger (root, child, branch or step) has no `critical`. */
interface ContextLogger {
  debug(message: string, ...params: unknown[]): void;
  info(message: string, ...params: unknown[]): void;
  warn(message: string, ...params: unknown[]): void;
  error(message: string, ...params: unknown[]): void;
}

const writeLeaf = (
  node: LogNode | MetricNode,
  contextLogger: ContextLogger,
  writers: Writers,
  attempt?: number,
): void => {
  if (node.kind === 'metric') {
    writers.metrics.addMetric(metricNameOf(node), MetricUnit.Count, node.value);
    return;
  }
  const message = messageOf(node, attempt);
  if (node.via === 'powertools') writers.logger[node.level](message);
  else if (node.level === 'critical') return;
  else if (node.call === 'plain') contextLogger[node.level](message);
  else if (attempt === undefined) contextLogger[node.level]('L%d', node.id);
  else contextLogger[node.level]('L%d@%d', node.id, attempt);
};

const runStep = (context: DurableContext, node: StepNode, writers: Writers) =>
  context.step(
    `S${node.id}`,
    async (step) => {
      for (const item of node.body) writeLeaf(item, step.logger, writers, step.attempt);
      if ((step.attempt ?? 1) <= node.failures)
        throw new Error(`S${node.id} attempt ${step.attempt} fails`);
      return node.id;
    },
    { retryStrategy: retryEverySecond(node.failures + 1) },
  );

const runBatch = async (context: DurableContext, node: BatchNode, writers: Writers) => {
  const nesting = node.nesting === 'FLAT' ? NestingType.FLAT : NestingType.NESTED;
  type Branch = (branch: DurableContext) => Promise<unknown>;
  let branches: Branch[];
  let completionConfig: { minSuccessful?: number; toleratedFailureCount?: number } | undefined;
  if (node.early) {
    const { kind, fast, slow } = node.early;
    // Slow branches first, so they have started when the fast ones end the batch.
    branches = [
      ...slow.map(
        (branch): Branch =>
          async (ctx) => {
            for (const item of branch.prefix) writeLeaf(item, ctx.logger, writers);
            // Long enough never to end during the run: a 1 s wait here would fire after the batch
            // completed and make the local runner start an extra invocation at a random moment.
            await ctx.wait({ seconds: SLOW_BRANCH_WAIT_SECONDS });
            for (const item of branch.unreached) writeLeaf(item, ctx.logger, writers);
            return 'slow';
          },
      ),
      ...fast.map(
        (branch): Branch =>
          async (ctx) => {
            for (const item of branch.body) writeLeaf(item, ctx.logger, writers);
            await runStep(ctx, branch.step, writers);
            if (kind === 'toleratedFailures') throw new Error(`B${node.id} fails`);
            return 'fast';
          },
      ),
    ];
    completionConfig =
      kind === 'minSuccessful' ? { minSuccessful: fast.length } : { toleratedFailureCount: 0 };
  } else {
    branches = node.branches.map(
      (body): Branch =>
        async (ctx) => {
          await runNodes(ctx, body, writers);
          return node.bigResults ? BIG_RESULT : 'done';
        },
    );
  }
  const config = { nesting, ...(completionConfig && { completionConfig }) };
  if (node.kind === 'parallel') return context.parallel(`P${node.id}`, branches, config);
  return context.map(
    `P${node.id}`,
    branches.map((_, index) => index),
    (ctx, index) => (branches[index] as Branch)(ctx),
    config,
  );
};

const runPromise = (context: DurableContext, node: PromiseNode, writers: Writers) => {
  const entries = node.entries.map(
    (entry): DurablePromise<unknown> =>
      entry.kind === 'step'
        ? runStep(context, entry, writers)
        : (context.wait(`W${entry.id}`, { seconds: 1 }) as DurablePromise<unknown>),
  );
  const name = `C${node.id}`;
  switch (node.combinator) {
    case 'all':
      return context.promise.all(name, entries);
    case 'allSettled':
      return context.promise.allSettled(name, entries);
    case 'race':
      return context.promise.race(name, entries);
    case 'any':
      return context.promise.any(name, entries);
  }
};

/** Runs `nodes` in order in `context`; `root` is the execution's root context (for the misuse). */
const runNodes = async (
  context: DurableContext,
  nodes: readonly ProgramNode[],
  writers: Writers,
  root?: DurableContext,
): Promise<void> => {
  for (const node of nodes) {
    switch (node.kind) {
      case 'log':
      case 'metric':
        writeLeaf(node, context.logger, writers);
        break;
      case 'wait':
        await context.wait(`W${node.id}`, { seconds: 1 });
        break;
      case 'step':
        await runStep(context, node, writers);
        break;
      case 'child':
        await context.runInChildContext(`C${node.id}`, async (child) => {
          await runNodes(child, node.body, writers);
          // Context misuse: the parent's step inside a child; the SDK fails the execution.
          if (node.misuse && root) await root.step(`X${node.id}`, async () => 'never');
        });
        break;
      case 'map':
      case 'parallel':
        await runBatch(context, node, writers);
        break;
      case 'promise':
        await runPromise(context, node, writers);
        break;
    }
  }
};

/** A handler running `program`, with its own Powertools Logger and Metrics (runs may overlap). */
export const handlerFor = (program: Program): DurableHandler => {
  const writers: Writers = {
    logger: new Logger({ serviceName: 'property', logLevel: 'DEBUG' }),
    metrics: new Metrics({ namespace: 'property', serviceName: 'property' }),
  };
  return wireSuite(
    async (_event, context) => {
      await runNodes(context, program.body, writers, context);
      if (program.throws) throw new Error('the workflow fails');
      return 'done';
    },
    writers,
    program.shape,
    program.loggerFirst,
  );
};
