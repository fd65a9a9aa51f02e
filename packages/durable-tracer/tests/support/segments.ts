import type { DurableRunResult, XrayDocument } from '@durable-powertools/testing';
import { runDurable } from '@durable-powertools/testing';
import { daemon } from './simulatedLambda.js';

export const HANDLER_SUBSEGMENT = '## index.handler';

/** What reached the X-Ray daemon for one traced run. */
export interface TracedRun {
  readonly result: DurableRunResult;
  /** The execution's trace id (`Root`), the same on every invocation. */
  readonly root: string;
  /** Each invocation's `Parent` (its Lambda segment id), in invocation order. */
  readonly parents: readonly string[];
  /** Every document of the execution's trace, in arrival order. */
  readonly documents: readonly XrayDocument[];
  /** The handler subsegments, ordered like the invocations whose Lambda segment they parent to. */
  readonly handlers: readonly XrayDocument[];
}

/** The handler subsegments among `documents`, ordered like `parents` (then by start time). */
export const handlersByInvocation = (
  documents: readonly XrayDocument[],
  parents: readonly string[],
): XrayDocument[] =>
  documents
    .filter((document) => document.name === HANDLER_SUBSEGMENT)
    .sort(
      (a, b) =>
        parents.indexOf(a.parent_id ?? '') - parents.indexOf(b.parent_id ?? '') ||
        a.start_time - b.start_time,
    );

/**
 * Per handler subsegment, the `### <name>` subsegments sent under it at any depth, each as its path
 * of names from the handler subsegment (`pack/pick` for step `pick` under child context `pack`), sorted.
 */
export const operationPaths = (
  documents: readonly XrayDocument[],
  handlers: readonly XrayDocument[],
): string[][] => {
  const byId = new Map(documents.map((document) => [document.id, document] as const));
  const isOperation = (document: XrayDocument | undefined): document is XrayDocument =>
    document?.name.startsWith('### ') === true;
  const pathOf = (document: XrayDocument | undefined): string[] =>
    isOperation(document)
      ? [...pathOf(byId.get(document.parent_id ?? '')), document.name.slice(4)]
      : [];
  const handlerOf = (document: XrayDocument | undefined): XrayDocument | undefined =>
    isOperation(document) ? handlerOf(byId.get(document.parent_id ?? '')) : document;
  const operations = documents.filter(isOperation);
  return handlers.map((handler) =>
    operations
      .filter((operation) => handlerOf(operation) === handler)
      .map((operation) => pathOf(operation).join('/'))
      .sort(),
  );
};

/**
 * Runs one execution the way Lambda starts its invocations (the harness's `trace` option: one
 * `Root`, a new `Parent` per invocation) and collects what reached the X-Ray daemon in its trace.
 */
export const runTraced = async (
  handler: (...args: never[]) => Promise<unknown>,
  payload: object,
  sampled = true,
): Promise<TracedRun> => {
  const result = await runDurable(handler, { payload, trace: { sampled } });
  await daemon.settle();
  const root = result.trace?.root ?? '';
  const parents = result.invocations.map((invocation) => invocation.trace?.parent ?? '');
  const documents = daemon.ofTrace(root);
  return { result, root, parents, documents, handlers: handlersByInvocation(documents, parents) };
};

// Still used by examples/powertools-parity/tests/tracer.test.ts (a trace per invocation, the old
// simulation): to be removed once that test runs with `runDurable(handler, { trace: true })`.
