// Must come first (a side-effect import, which Biome never reorders): sets the Lambda environment
// before Powertools Tracer and aws-xray-sdk-core load.
import './support/simulatedLambda.js';
import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { expectInvocationCount, teardownDurableHarness } from '@durable-powertools/testing';
import { durableTracer } from '@durable-powertools/tracer';
import { afterAll, describe, expect, it } from 'vitest';
import { flatMapWorkflow } from '../../../tests/support/flatMap.js';
import { middyShapes } from '../../../tests/support/middyShapes.js';
import { operationPaths, runTraced } from './support/segments.js';
import { daemon } from './support/simulatedLambda.js';

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

/**
 * Child context `pack` annotates the active segment (where `captureMethod` opens its subsegments),
 * picks, waits 1 s (suspending the first invocation) and boxes; then child `gift` throws (caught),
 * and map `ship` labels 2 items, each item a child context with one step.
 */
const workflow = (tracer: Tracer) => async (_event: unknown, context: DurableContext) => {
  const packed = await context.runInChildContext('pack', async (child) => {
    tracer.putAnnotation('packer', 'robot');
    await child.step('pick', async () => 'picked');
    await child.wait({ seconds: 1 });
    return child.step('box', async () => 'boxed');
  });
  const gift = await context
    .runInChildContext('gift', async () => {
      throw new Error('no gift wrap');
    })
    .catch(() => 'none');
  const shipped = await context.map(
    'ship',
    ['a', 'b'],
    (item, sku) => item.step('label', async () => `label ${sku}`),
    { itemNamer: (sku) => `item:${sku}` },
  );
  return { packed, gift, shipped: shipped.getResults() };
};

/**
 * The test's model: per invocation, the `### <name>` subsegments it sends, each as its path of names
 * from the invocation's handler subsegment. A child context gets one subsegment per invocation it
 * runs live in (`pack` in both: it resumes in the second, where `pick` is only replayed); its
 * steps nest under it.
 */
const MODEL = [
  ['pack', 'pack/pick'],
  [
    'gift',
    'pack',
    'pack/box',
    'ship',
    'ship/item:a',
    'ship/item:a/label',
    'ship/item:b',
    'ship/item:b/label',
  ],
];

describe.each(Object.entries(middyShapes))(
  'child contexts with durableTracer() (%s)',
  (_shape, shape) => {
    it('nests each live step under one subsegment of its child context per invocation', async () => {
      // Prepare
      const tracer = new Tracer({ serviceName: 'orders', captureHTTPsRequests: false });
      const handler = shape(workflow(tracer), [durableTracer(tracer)]);
      const before = daemon.documents.length;

      // Act
      const { result, root, parents, handlers, documents } = await runTraced(handler, {});

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expectInvocationCount(result, { exactly: 2 });
      const sent = daemon.documents.slice(before);
      expect(sent.map((d) => d.trace_id)).toEqual(sent.map(() => root));
      expect(handlers.map((h) => h.parent_id)).toEqual(parents);
      expect(operationPaths(documents, handlers)).toEqual(MODEL);
      const operations = documents.filter((d) => d.name.startsWith('### '));
      // Every subsegment is closed and names its operation by id; the child that threw carries its error.
      const names = new Map(result.operations.map((o) => [o.getId(), o.getName()] as const));
      for (const subsegment of operations) {
        expect(subsegment.in_progress).toBeUndefined();
        expect(subsegment.end_time).toBeGreaterThanOrEqual(subsegment.start_time);
        expect(names.get(String(subsegment.annotations?.operation_id))).toBe(
          subsegment.name.slice(4),
        );
      }
      const packs = operations.filter((d) => d.name === '### pack');
      expect(packs.map((d) => d.annotations?.packer)).toEqual(['robot', 'robot']);
      const failed = operations.filter((d) => d.fault === true || d.error === true);
      expect(failed.map((d) => [d.name, d.cause?.exceptions?.[0]?.message])).toEqual([
        ['### gift', 'no gift wrap'],
      ]);
    });
  },
);

/**
 * The model for `flatMapWorkflow`: `b` only replays `b first` in invocation 2, so it gets no subsegment
 * there; `a` gets one with only `a second` under it.
 */
const FLAT_MODEL = [
  ['items', 'items/item:a', 'items/item:a/a first', 'items/item:b', 'items/item:b/b first'],
  ['items', 'items/item:a', 'items/item:a/a second'],
];

describe.each(Object.entries(middyShapes))(
  'a FLAT map with durableTracer() (%s)',
  (_shape, shape) => {
    it('gives an item a subsegment only in the invocations it does live work in', async () => {
      // Prepare
      const tracer = new Tracer({ serviceName: 'orders', captureHTTPsRequests: false });
      const handler = shape(flatMapWorkflow, [durableTracer(tracer)]);

      // Act
      const { result, handlers, documents } = await runTraced(handler, {});

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expectInvocationCount(result, { exactly: 2 });
      expect(operationPaths(documents, handlers)).toEqual(FLAT_MODEL);
      // An item's subsegment opens with its first live step, but is dated from the item's start.
      const byName = (name: string) => documents.filter((d) => d.name === `### ${name}`);
      const [firstItemA, secondItemA] = byName('item:a');
      const [firstStepA, secondStepA] = [...byName('a first'), ...byName('a second')];
      for (const [itemSubsegment, step] of [
        [firstItemA, firstStepA],
        [secondItemA, secondStepA],
      ]) {
        expect(itemSubsegment?.start_time).toBeLessThanOrEqual(step?.start_time ?? 0);
        expect(itemSubsegment?.end_time).toBeGreaterThanOrEqual(step?.end_time ?? Infinity);
        expect(itemSubsegment?.in_progress).toBeUndefined();
      }
    });
  },
);
