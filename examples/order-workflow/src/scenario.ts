import { randomUUID } from 'node:crypto';
import type {
  DurableOperation,
  LocalDurableTestRunner,
} from '@aws/durable-execution-sdk-js-testing';
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import {
  type DurableRunResult,
  runDurable,
  teardownDurableHarness,
  XrayDaemon,
  type XrayDocument,
} from '@durable-powertools/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import {
  asLambdaInvocations,
  type InvocationNotes,
  invocationsSettled,
  setLambdaEnvironment,
} from './lambdaSimulation.ts';
import { type StoredIdempotencyRecord, startLocalDynamoDb } from './localDynamoDb.ts';
import type { Order } from './services.ts';

/** One SQS delivery of a message: a redelivery keeps the message id, with a new receipt handle. */
export const sqsRecord = (messageId: string, body: object | string, delivery = 1): SQSRecord => ({
  messageId,
  receiptHandle: `${messageId}#${delivery}#${randomUUID()}`,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attributes: {
    ApproximateReceiveCount: String(delivery),
    SentTimestamp: String(Date.now()),
    SenderId: 'orders-api',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:orders',
  awsRegion: 'eu-west-1',
});

/** The orders the example sends, by message id. */
export const ORDERS = {
  'msg-1001': { orderId: 'o-1001', sku: 'KB-01', quantity: 2, amountCents: 12_900 },
  'msg-1002': { orderId: 'o-1002', sku: 'MS-02', quantity: 1, amountCents: 4_500 },
  'msg-1003': { orderId: 'o-1003', sku: 'MS-02', quantity: 0, amountCents: 4_500 },
} as const satisfies Record<string, Order>;

/** One durable execution the example started: an SQS delivery, and everything it produced. */
/**
 * The documents of one invocation within its execution's trace: those under the invocation's Lambda
 * segment (its handler subsegment), and any sent separately under them.
 */
const underSegment = (trace: readonly XrayDocument[], parent: string): XrayDocument[] => {
  const ids = new Set([parent]);
  const mine = new Set<XrayDocument>();
  // A subsegment may arrive before the one it is under (closed first): repeat until nothing joins.
  for (let added = true; added; ) {
    added = false;
    for (const document of trace) {
      if (mine.has(document) || document.parent_id === undefined) continue;
      if (!ids.has(document.parent_id)) continue;
      ids.add(document.id);
      mine.add(document);
      added = true;
    }
  }
  return trace.filter((document) => mine.has(document));
};

export interface ExecutionReport {
  /** `A`, `B`, `C`: the order the executions started in. */
  readonly label: string;
  readonly description: string;
  readonly event: SQSEvent;
  readonly run: DurableRunResult<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;
  /** Per invocation, in order: its trace id and the log calls its code made. */
  readonly notes: readonly InvocationNotes[];
  /** Per invocation, in order: the X-Ray documents of its trace. */
  readonly segments: readonly (readonly XrayDocument[])[];
  /** Per message id: what the idempotency claim step decided, as checkpointed. */
  readonly claims: Readonly<Record<string, string>>;
  readonly executionArn: string | undefined;
}

/** What the whole example run produced. */
export interface ScenarioReport {
  readonly executions: readonly ExecutionReport[];
  /** The idempotency table after the run. */
  readonly idempotencyRecords: readonly StoredIdempotencyRecord[];
  readonly dynamoDbEndpoint: string;
  readonly xrayDaemonAddress: string;
}

/**
 * Runs the example: starts dynalite and an X-Ray receiver on loopback, sets the Lambda environment,
 * loads the function, and drives three SQS deliveries through the local durable runner with real time:
 *
 * - **A**: message msg-1001 (order o-1001). The stock service times out once (a step retry: the
 *   invocation ends), then the workflow waits for the warehouse's shipment callback (it ends again).
 * - **B**: while A is suspended, SQS delivers msg-1001 again. Idempotency rejects it: A holds it.
 *   Then the warehouse heartbeats and completes A's callback.
 * - **C**: a batch of msg-1002 (valid) and msg-1003 (quantity 0): msg-1003 is reported in
 *   `batchItemFailures`, msg-1002 completes.
 */
export const runOrderScenario = async (
  onExecution: (execution: ExecutionReport) => void = () => {},
): Promise<ScenarioReport> => {
  const [dynamoDb, xray] = await Promise.all([
    startLocalDynamoDb('idempotency'),
    XrayDaemon.start({ unexpectedPackets: 'ignore' }),
  ]);
  try {
    setLambdaEnvironment({
      xrayDaemonAddress: xray.address,
      dynamoDbEndpoint: dynamoDb.endpoint,
      idempotencyTable: dynamoDb.tableName,
    });
    // Loaded only now: Powertools Tracer and the X-Ray SDK read the environment when they load.
    const { handler, SHIPMENT_CALLBACK } = await import('./workflow.ts');
    const executions: ExecutionReport[] = [];
    const finish = async (
      execution: Omit<ExecutionReport, 'segments' | 'claims' | 'executionArn'>,
    ) => {
      await xray.settle();
      const report: ExecutionReport = {
        ...execution,
        segments: execution.notes.map((note) =>
          underSegment(xray.ofTrace(note.traceId), note.parent),
        ),
        claims: claimsOf(execution.run, execution.event),
        executionArn: executionArnOf(execution.run),
      };
      executions.push(report);
      onExecution(report);
      return report;
    };

    const run = async (
      label: string,
      description: string,
      event: SQSEvent,
      drive?: (runner: LocalDurableTestRunner) => Promise<void>,
    ) => {
      const notes: InvocationNotes[] = [];
      const result = await runDurable<ExecutionReport['run']['result']>(
        asLambdaInvocations(handler, notes),
        { payload: event, ...(drive && { drive }), timeoutMs: 60_000 },
      );
      return { label, description, event, run: result as ExecutionReport['run'], notes };
    };

    let duplicate: Awaited<ReturnType<typeof run>> | undefined;
    const first = await run(
      'A',
      'msg-1001 (order o-1001), first delivery',
      { Records: [sqsRecord('msg-1001', ORDERS['msg-1001'])] },
      async (runner) => {
        const shipment = runner.getOperation(SHIPMENT_CALLBACK);
        await shipment.waitForData(WaitingOperationStatus.SUBMITTED);
        await invocationsSettled(); // A's invocation has returned PENDING: A is suspended
        duplicate = await run(
          'B',
          'msg-1001 again (SQS redelivery) while A waits for its shipment',
          { Records: [sqsRecord('msg-1001', ORDERS['msg-1001'], 2)] },
        );
        await shipment.sendCallbackHeartbeat(); // the warehouse: still packing
        await shipment.sendCallbackSuccess(JSON.stringify('TRK-1001'));
      },
    );
    // B finished first, but is reported after A, which it interrupted.
    await finish(first);
    if (duplicate !== undefined) await finish(duplicate);

    const batch = await run(
      'C',
      'batch of msg-1002 (order o-1002) and msg-1003 (quantity 0)',
      {
        Records: [
          sqsRecord('msg-1002', ORDERS['msg-1002']),
          sqsRecord('msg-1003', ORDERS['msg-1003']),
        ],
      },
      async (runner) => {
        const shipment = runner.getOperation(SHIPMENT_CALLBACK);
        await shipment.waitForData(WaitingOperationStatus.SUBMITTED);
        await shipment.sendCallbackSuccess(JSON.stringify('TRK-1002'));
      },
    );
    await finish(batch);

    return {
      executions,
      idempotencyRecords: await dynamoDb.scan(),
      dynamoDbEndpoint: dynamoDb.endpoint,
      xrayDaemonAddress: xray.address,
    };
  } finally {
    await teardownDurableHarness();
    await Promise.all([dynamoDb.close(), xray.stop()]);
  }
};

const CLAIM_STEP = 'idempotency: claim records';

/**
 * The claim step's checkpointed result, as `makeDurableBatchIdempotent()` writes it: one verdict per
 * record, in batch order, or why the claims failed.
 */
interface ClaimStepResult {
  readonly verdicts?: ReadonlyArray<{ status: string; errorName?: string; of?: number }>;
  readonly failed?: string;
}

/** The claim step's checkpointed verdicts, per message id. */
const claimsOf = (run: DurableRunResult, event: SQSEvent): Record<string, string> => {
  const claim = findOperation(run.operations, CLAIM_STEP);
  const result = claim?.getStepDetails()?.result as ClaimStepResult | undefined;
  return Object.fromEntries(
    event.Records.map((record, index) => {
      const verdict = result?.verdicts?.[index];
      let text = verdict?.status ?? (result?.failed ? `claim failed: ${result.failed}` : 'none');
      if (verdict?.errorName) text = `${verdict.status}: ${verdict.errorName}`;
      else if (verdict?.of !== undefined) {
        text = `${verdict.status} of ${event.Records[verdict.of]?.messageId ?? verdict.of}`;
      }
      return [record.messageId, text];
    }),
  );
};

const findOperation = (
  operations: readonly DurableOperation[],
  name: string,
): DurableOperation | undefined => {
  for (const operation of operations) {
    if (operation.getName() === name) return operation;
    const found = findOperation(operation.getChildOperations() ?? [], name);
    if (found !== undefined) return found;
  }
  return undefined;
};

const executionArnOf = (run: DurableRunResult): string | undefined => {
  const arn = run.records.find((record) => typeof record.execution_arn === 'string')?.execution_arn;
  return arn as string | undefined;
};
