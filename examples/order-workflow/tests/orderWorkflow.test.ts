import { createHash } from 'node:crypto';
import type { LogRecord } from '@durable-powertools/testing';
import { expectInvocationCount } from '@durable-powertools/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { printExecution, printSummary } from '../src/report.ts';
import {
  type ExecutionReport,
  ORDERS,
  runOrderScenario,
  type ScenarioReport,
} from '../src/scenario.ts';

// The example, run once for the whole file: three SQS deliveries on the real SDK (local runner,
// real time), dynalite on loopback, X-Ray documents received over UDP on loopback.
let report: ScenarioReport;
beforeAll(async () => {
  report = await runOrderScenario();
}, 60_000);

const execution = (label: string): ExecutionReport => {
  const found = report.executions.find((candidate) => candidate.label === label);
  if (found === undefined) throw new Error(`no execution ${label}`);
  return found;
};

const messages = (records: readonly LogRecord[]): string[] =>
  records.map((record) => String(record.message)).sort();

const sumOf = (executions: readonly ExecutionReport[], name: string): number =>
  executions
    .flatMap((candidate) => candidate.run.emf)
    .reduce(
      (sum, document) =>
        sum + (typeof document[name] === 'number' ? (document[name] as number) : 0),
      0,
    );

/** The test's own model of the workflow: what each execution writes, once. */
const MODEL = {
  A: {
    invocations: 3, // stock-service retry, shipment callback
    failures: [],
    messages: [
      'batch received',
      'order message received',
      'reserving stock',
      'reserving stock',
      'charging payment',
      'order shipped',
      'batch processed',
    ],
    // Replays re-run the handler body ('batch received') and re-enter the order's child context
    // ('order message received'), in invocations 2 and 3.
    suppressed: [0, 2, 2],
    // Metrics each suspended invocation publishes: only what its steps added (invocation 2 charges).
    suspendedMetrics: [[], ['paymentsCharged']],
  },
  B: {
    invocations: 1,
    failures: ['msg-1001'],
    messages: ['batch received', 'batch processed'],
    suppressed: [0],
    suspendedMetrics: [],
  },
  C: {
    invocations: 2,
    failures: ['msg-1003'],
    messages: [
      'batch received',
      'order message received',
      'reserving stock',
      'charging payment',
      'order shipped',
      'order message received',
      'order rejected',
      'batch processed',
    ],
    suppressed: [0, 2],
    // msg-1002 is charged in invocation 1; msg-1003 is validated (and rejected) in invocation 2.
    suspendedMetrics: [['paymentsCharged']],
  },
} as const;

describe('the order workflow example', () => {
  it('runs each execution through the invocations the model predicts, with real replays', () => {
    // Assess
    expect(report.executions.map((candidate) => candidate.label)).toEqual(['A', 'B', 'C']);
    for (const [label, model] of Object.entries(MODEL)) {
      const { run } = execution(label);
      expect(run.status).toBe('SUCCEEDED');
      expectInvocationCount(run, { exactly: model.invocations });
      expect(run.invocations.at(-1)?.status).toBe('SUCCEEDED');
      expect(
        run.invocations.slice(0, -1).every((invocation) => invocation.status === 'PENDING'),
      ).toBe(true);
    }
  });

  it('rejects the duplicate delivered while the first execution is suspended, and reports it', () => {
    // Assess
    const duplicate = execution('B');
    expect(duplicate.run.result?.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1001' }]);
    expect(duplicate.claims).toEqual({ 'msg-1001': 'rejected: IdempotencyAlreadyInProgressError' });
    // It started after A's first invocations and ended before A's last one: A was suspended.
    const first = execution('A').run.invocations;
    const [only] = duplicate.run.invocations;
    expect(only?.startedAt).toBeGreaterThan(first[1]?.startedAt ?? Number.POSITIVE_INFINITY);
    expect(only?.startedAt).toBeLessThan(first[2]?.startedAt ?? 0);
    expect(messages(duplicate.run.records)).toEqual([...MODEL.B.messages].sort());
  });

  it('reports the failing record of a batch in batchItemFailures and completes the other', () => {
    // Assess
    const batch = execution('C');
    expect(batch.run.result?.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1003' }]);
    expect(execution('A').run.result?.batchItemFailures).toEqual([]);
    const stored = new Map(report.idempotencyRecords.map((record) => [record.id, record.status]));
    // Powertools' key: <function name>#<base64 md5 of the JSON-encoded key (the message id)>.
    const key = (messageId: string) =>
      `order-workflow#${createHash('md5').update(JSON.stringify(messageId)).digest('base64')}`;
    expect(stored.get(key('msg-1001'))).toBe('COMPLETED');
    expect(stored.get(key('msg-1002'))).toBe('COMPLETED');
    expect(stored.has(key('msg-1003'))).toBe(false); // released: a redelivery may try again
    // One item per completed message: the claim's owner travels in the claim record itself.
    expect(report.idempotencyRecords).toHaveLength(2);
  });

  it('writes each log record once, and suppresses exactly what replays repeat', () => {
    // Assess
    for (const [label, model] of Object.entries(MODEL)) {
      const { run, notes } = execution(label);
      expect(messages(run.records)).toEqual([...model.messages].sort());
      const suppressed = run.invocations.map(
        (invocation, position) => (notes[position]?.logCalls ?? 0) - invocation.records.length,
      );
      expect(suppressed).toEqual(model.suppressed);
      const arns = new Set(run.records.map((record) => record.execution_arn));
      expect(arns).toEqual(new Set([execution(label).executionArn]));
    }
  });

  it('charges each valid order once and publishes the business metrics once', () => {
    // Prepare
    const valid = Object.values(ORDERS).filter((order) => order.quantity > 0);

    // Assess
    const charges = report.executions
      .flatMap((candidate) => candidate.run.records)
      .filter((record) => record.message === 'charging payment')
      .map((record) => record.amountCents);
    expect(charges.sort()).toEqual(valid.map((order) => order.amountCents).sort());
    const all = report.executions;
    expect(sumOf(all, 'paymentsCharged')).toBe(valid.length);
    expect(sumOf(all, 'ordersCompleted')).toBe(valid.length);
    expect(sumOf(all, 'revenueCents')).toBe(
      valid.reduce((sum, order) => sum + order.amountCents, 0),
    );
    expect(sumOf(all, 'invalidOrders')).toBe(1);
    expect(sumOf(all, 'workflowSucceeded')).toBe(3);
    for (const [label, model] of Object.entries(MODEL)) {
      expect(sumOf([execution(label)], 'workflowInvocations')).toBe(model.invocations);
    }
    // Nothing from a suspended invocation but the metrics its steps added, published when it ends
    // (durableMetrics' default `attribution: 'invocation'`: one shared document, with execution_arn
    // but no operation_name). Body metrics and built-ins wait for the completing invocation.
    for (const [label, model] of Object.entries(MODEL)) {
      const candidate = execution(label);
      const suspended = candidate.run.invocations.filter((i) => i.status === 'PENDING');
      const published = suspended.map((invocation) =>
        invocation.emf.flatMap((document) =>
          document._aws.CloudWatchMetrics.flatMap((directive) =>
            directive.Metrics.map((metric) => metric.Name),
          ),
        ),
      );
      expect(published).toEqual(model.suspendedMetrics);
      for (const invocation of suspended) {
        for (const document of invocation.emf) {
          expect(document.execution_arn).toBe(candidate.executionArn);
        }
      }
    }
  });

  it('sends one closed handler subsegment per invocation, with its status, to X-Ray', () => {
    // Assess
    for (const candidate of report.executions) {
      const statuses = candidate.segments.map((documents) =>
        documents
          .filter((document) => document.name === '## index.handler')
          .map((document) => document.annotations?.invocation_status),
      );
      expect(statuses).toEqual(candidate.run.invocations.map((invocation) => [invocation.status]));
    }
    const [firstTrace = []] = execution('A').segments;
    const failedAttempt = firstTrace.find((document) => document.name === '### reserve stock');
    expect(failedAttempt?.fault === true || failedAttempt?.error === true).toBe(true);
    const duplicateNames = execution('B')
      .segments.flat()
      .map((document) => document.name);
    expect(duplicateNames).not.toContain('### validate order');
  });

  it('prints the outcomes for a person', () => {
    // Act
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      printed.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      for (const candidate of report.executions) printExecution(candidate);
      printSummary(report, Object.keys(ORDERS));
    } finally {
      process.stdout.write = write;
    }
    const text = printed.join('');

    // Assess
    expect(text).toContain(
      'msg-1001: REJECTED, another execution holds it (IdempotencyAlreadyInProgressError)',
    );
    expect(text).toContain('batchItemFailures: msg-1003');
    expect(text).toMatch(
      /Totals: 3 executions, 6 invocations · log calls 23, records written 17, suppressed 6/,
    );
    expect(text).toContain(`| filter execution_arn = "${execution('A').executionArn}"`);
    expect(text).toContain(`returns ${execution('A').run.records.length} records:`);
    expect(text).toContain('msg-1003 no record (released)');
  });
});
