// Runs the order workflow on the durable SDK's local runner with real waits and prints, per
// invocation, the log records it wrote. Run with `npm run example` from the repository root.
import { runDurable, teardownDurableHarness } from '@durable-powertools/testing';
import { handler } from './workflow.ts';

const result = await runDurable(handler, { payload: { orderId: 'o-1001', amount: 42 } });
const out = (line: string) => process.stdout.write(`${line}\n`);

out(
  `execution ${result.status} after ${result.invocations.length} invocations (${Math.round(result.durationMs)} ms)`,
);
for (const invocation of result.invocations) {
  out(
    `\n--- invocation ${invocation.index}: ${invocation.status}, ${invocation.operationsAtStart} operation(s) in history`,
  );
  for (const line of invocation.lines) out(line);
}
out(`\nresult: ${JSON.stringify(result.result)}`);
await teardownDurableHarness();
