// `npm run example`: runs the SQS order workflow (workflow.ts) on the durable SDK's local runner with
// real replays and prints, for a person, what each execution and invocation wrote. `--json` prints
// the raw log records and EMF documents instead.
import { out, printExecution, printRawLines, printSummary } from './report.ts';

const json = process.argv.includes('--json');
const started = performance.now();
if (!json) {
  out('Order workflow: SQS-triggered durable function, on the local runner with real replays');
  out(
    '   A: message msg-1001 · B: msg-1001 again while A waits for its shipment · C: a batch with a bad record',
  );
}

// Loaded after the first line: the SDK, Powertools and the AWS SDK take a moment to load.
const { runOrderScenario, ORDERS } = await import('./scenario.ts');
const { writeTimeline } = await import('./timelineFile.ts');
const report = await runOrderScenario(json ? undefined : printExecution);

if (json) {
  printRawLines(report);
} else {
  printSummary(report, Object.keys(ORDERS));
  const file = await writeTimeline(report);
  out();
  out(`Timeline (open in a browser): ${file}`);
  out(
    `   dynalite ${report.dynamoDbEndpoint} · X-Ray receiver ${report.xrayDaemonAddress} · ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
  );
}

// middy arms a timer from each invocation's remaining time (900 s under the local runner); the handler
// of a suspended invocation never settles, so those timers would keep the process alive for 15
// minutes. Lambda freezes the sandbox instead. Exit once the run is reported.
process.exit(0);
