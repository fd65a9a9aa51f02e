// CommonJS twin of src/run.ts.
'use strict';
const { runDurable, teardownDurableHarness } = require('@durable-powertools/testing');
const { handler, loaded } = require('./handler.cjs');

(async () => {
  const result = await runDurable(handler, { payload: { orderId: 'cjs-1' } });
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
})();
