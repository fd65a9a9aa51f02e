// Runs the order workflow on the durable SDK's local runner with real waits and prints, per
// invocation, the log records and EMF documents it wrote. Run with `npm run example` from the root.
import {
  countMessages,
  runDurable,
  sumMetric,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { handler } from './workflow.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const result = await runDurable(handler, { payload: { orderId: 'o-1001', amount: 42 } });

out(
  `execution ${result.status} after ${result.invocations.length} invocations (${Math.round(result.durationMs)} ms)`,
);
for (const invocation of result.invocations) {
  out(
    `\n--- invocation ${invocation.index}: ${invocation.status}, ${invocation.operationsAtStart} operation(s) in its history`,
  );
  for (const line of invocation.lines) out(line);
}
const repeated = [...countMessages(result)].filter(([, count]) => count !== 1);
out(`\nresult: ${JSON.stringify(result.result)}`);
out(
  `log messages written more than once: ${repeated.length === 0 ? 'none' : JSON.stringify(repeated)}`,
);
for (const name of ['ordersReceived', 'amountCharged', 'ordersShipped']) {
  out(`metric ${name}: ${sumMetric(result, name)}`);
}
await teardownDurableHarness();
// middy arms a timer from each invocation's remaining time (900 s under the local runner); the
// handler of a suspended invocation never settles, so those timers would keep this process alive for
// 15 minutes. Lambda freezes the sandbox instead. Exit once the run is reported.
process.exit(0);
