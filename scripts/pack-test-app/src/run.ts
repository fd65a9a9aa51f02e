// Runs the handler on the local durable runner and prints what it wrote, for scripts/pack-test.mjs.
import { runDurable, teardownDurableHarness } from '@durable-powertools/testing';
import { handler, loaded } from './handler.js';

const result = await runDurable(handler, { payload: { orderId: 'esm-1' } });
await teardownDurableHarness();
process.stdout.write(
  JSON.stringify({
    status: result.status,
    result: result.result,
    invocations: result.invocations.length,
    lines: result.invocations.flatMap((invocation) => invocation.lines),
    exports: loaded,
  }),
);
process.exit(0);
