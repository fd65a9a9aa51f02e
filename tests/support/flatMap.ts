import type { DurableContext } from '@aws/durable-execution-sdk-js';

/**
 * A FLAT map `items` of `a` (step `a first`, wait 1 s, step `a second`) and `b` (step `b first`),
 * named `item:a` and `item:b`. FLAT items have no checkpoint of their own, so the SDK re-runs both
 * from their top in invocation 2, where `b` only replays. Returns each item's first step's result.
 */
export const flatMapWorkflow = async (_event: unknown, context: DurableContext) =>
  context.map(
    'items',
    ['a', 'b'],
    async (item, value) => {
      const first = await item.step(`${value} first`, async () => value);
      if (value === 'a') {
        await item.wait(`${value} wait`, { seconds: 1 });
        await item.step(`${value} second`, async () => value);
      }
      return first;
    },
    { nesting: 'FLAT' as never, itemNamer: (value) => `item:${value}` },
  );
