import { createHash } from 'node:crypto';
import type { XrayDocument } from '@durable-powertools/testing';
import type { ExecutionReport, ScenarioReport } from './scenario.ts';

/** Writes a line to stdout (the example's only output channel). */
export const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const pad = (text: string | number, width: number): string => String(text).padEnd(width);
const padStart = (text: string | number, width: number): string => String(text).padStart(width);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Metric name → sum of the values in `documents`. */
export const metricSums = (documents: ExecutionReport['run']['emf']): Record<string, number> => {
  const sums: Record<string, number> = {};
  for (const document of documents) {
    for (const directive of document._aws.CloudWatchMetrics) {
      for (const { Name } of directive.Metrics) {
        const values = [document[Name]].flat();
        for (const value of values)
          if (typeof value === 'number') sums[Name] = (sums[Name] ?? 0) + value;
      }
    }
  }
  return sums;
};

const describeMetrics = (sums: Record<string, number>): string => {
  const entries = Object.entries(sums);
  return entries.length === 0 ? '–' : entries.map(([name, value]) => `${name} ${value}`).join(', ');
};

const describeTrace = (documents: readonly XrayDocument[]): string => {
  const handler = documents.find((document) => document.name.startsWith('## '));
  const steps = documents
    .filter((document) => document.name.startsWith('### '))
    .map((document) => `${document.name.slice(4)}${document.fault || document.error ? ' ✗' : ''}`);
  const status = handler?.annotations?.invocation_status ?? 'not sent';
  return `${handler?.name ?? '## handler'} [${status}]${steps.length > 0 ? ` › ${steps.join(', ')}` : ''}`;
};

/** What idempotency did with each message of the execution, in words. */
const describeClaims = (execution: ExecutionReport): string[] => {
  const failures = new Set(
    (execution.run.result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier),
  );
  return Object.entries(execution.claims).map(([messageId, claim]) => {
    const returned = failures.has(messageId);
    if (claim === 'claimed') {
      return returned
        ? `${messageId}: claimed, processing failed → claim released, returned to the queue (batchItemFailures)`
        : `${messageId}: claimed by this execution → processed, result stored (COMPLETED)`;
    }
    if (claim.startsWith('rejected: IdempotencyAlreadyInProgressError')) {
      return `${messageId}: REJECTED, another execution holds it (IdempotencyAlreadyInProgressError) → not processed, returned to the queue (batchItemFailures)`;
    }
    if (claim === 'completed')
      return `${messageId}: already completed by another execution → skipped`;
    return `${messageId}: ${claim}${returned ? ' → returned to the queue (batchItemFailures)' : ''}`;
  });
};

/** Prints one execution: its invocations table, traces and idempotency outcome. */
export const printExecution = (execution: ExecutionReport): void => {
  const { run } = execution;
  const failures = run.result?.batchItemFailures ?? [];
  out();
  out(`${execution.label}  ${execution.description}`);
  out(
    `   ${run.status} in ${run.invocations.length} invocation${run.invocations.length === 1 ? '' : 's'}, ${seconds(run.durationMs)} · batchItemFailures: ${failures.length === 0 ? 'none' : failures.map((failure) => failure.itemIdentifier).join(', ')}`,
  );
  out(`   execution_arn ${execution.executionArn ?? '(no record)'}`);
  out(
    `   ${pad('inv', 4)}${pad('status', 11)}${padStart('log calls', 9)}${padStart('written', 9)}${padStart('suppressed', 12)}  metrics published (EMF)`,
  );
  for (const [position, invocation] of run.invocations.entries()) {
    const calls = execution.notes[position]?.logCalls ?? 0;
    const written = invocation.records.length;
    out(
      `   ${pad(invocation.index, 4)}${pad(invocation.status, 11)}${padStart(calls, 9)}${padStart(written, 9)}${padStart(Math.max(0, calls - written), 12)}  ${describeMetrics(metricSums(invocation.emf))}`,
    );
  }
  for (const [position, documents] of execution.segments.entries()) {
    out(`   trace ${position + 1}: ${describeTrace(documents)}`);
  }
  for (const line of describeClaims(execution)) out(`   idempotency ${line}`);
};

/** The idempotency key Powertools stores for an SQS message id (function name, md5 of the JSON key). */
export const idempotencyKeyOf = (functionName: string, messageId: string): string =>
  `${functionName}#${createHash('md5').update(JSON.stringify(messageId)).digest('base64')}`;

/** Prints the totals, the idempotency table and a Logs Insights query with what it returns. */
export const printSummary = (report: ScenarioReport, messageIds: readonly string[]): void => {
  const { executions } = report;
  let calls = 0;
  let written = 0;
  for (const execution of executions) {
    calls += execution.notes.reduce((sum, note) => sum + note.logCalls, 0);
    written += execution.run.records.length;
  }
  const invocations = executions.reduce(
    (sum, execution) => sum + execution.run.invocations.length,
    0,
  );
  const totals = metricSums(executions.flatMap((execution) => execution.run.emf));
  out();
  out(
    `Totals: ${executions.length} executions, ${invocations} invocations · log calls ${calls}, records written ${written}, suppressed ${calls - written} (a logger without replay awareness writes every call)`,
  );
  out(`   metrics: ${describeMetrics(totals)}`);
  const stored = new Map(report.idempotencyRecords.map((record) => [record.id, record.status]));
  const table = messageIds.map((messageId) => {
    const status = stored.get(idempotencyKeyOf('order-workflow', messageId));
    return `${messageId} ${status ?? 'no record (released)'}`;
  });
  out(
    `   idempotency table: ${table.join(' · ')} (${report.idempotencyRecords.length} item${report.idempotencyRecords.length === 1 ? '' : 's'}; each claim carries its owner)`,
  );

  const first = executions[0];
  if (first?.executionArn === undefined) return;
  const records = executions
    .flatMap((execution) => execution.run.records)
    .filter((record) => record.execution_arn === first.executionArn);
  out();
  out(
    `CloudWatch Logs Insights, execution ${first.label} (all three executions' records are in the log group):`,
  );
  out('   fields @timestamp, level, message, operation_name, attempt');
  out(`   | filter execution_arn = "${first.executionArn}"`);
  out('   | sort @timestamp asc');
  out(`returns ${records.length} records:`);
  for (const record of records) {
    const operation = record.operation_name
      ? `${record.operation_name}${record.attempt !== undefined ? ` #${record.attempt}` : ''}`
      : '';
    out(
      `   ${String(record.timestamp ?? '').slice(11, 23)}  ${pad(String(record.level ?? ''), 5)}  ${pad(String(record.message ?? ''), 24)}  ${operation}`,
    );
  }
};

/** `--json`: every line the executions wrote (log records and EMF documents), as written. */
export const printRawLines = (report: ScenarioReport): void => {
  for (const execution of report.executions) {
    for (const invocation of execution.run.invocations) {
      for (const line of invocation.lines) out(line);
    }
  }
};
