import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { expectInvocationCount, runDurable } from '@durable-powertools/testing';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type DurableBatchIdempotency, processDurablePartialResponse } from '../src/index.js';
import { sqsEvent, sqsRecord } from './helpers/events.js';
import { Journal } from './helpers/journal.js';
import { type Plan, plannedHandler } from './helpers/records.js';

type Claim = { status: 'held' | 'done'; owner: string };

/** An in-memory claim store keyed by the order id in the body; it counts every call. */
class MemoryClaims implements DurableBatchIdempotency<SQSRecord> {
  public readonly claims = new Map<string, Claim>();
  public readonly calls: string[] = [];

  public keyOf(record: SQSRecord): string | undefined {
    return (JSON.parse(record.body) as { order?: string }).order;
  }

  public async claim(key: string, _record: SQSRecord, owner: string) {
    this.calls.push(`claim ${key}`);
    const claim = this.claims.get(key);
    if (claim?.status === 'done') return 'completed' as const;
    if (claim !== undefined && claim.owner !== owner) throw new Error(`${key} is held`);
    this.claims.set(key, { status: 'held', owner });
    return 'claimed' as const;
  }

  public async complete(key: string) {
    this.calls.push(`complete ${key}`);
    this.claims.set(key, { status: 'done', owner: this.claims.get(key)?.owner ?? '' });
  }

  public async release(key: string) {
    this.calls.push(`release ${key}`);
    this.claims.delete(key);
  }
}

const order = (id: string) => JSON.stringify({ order: id });

describe('processDurablePartialResponse with idempotency', () => {
  it('claims once per key, runs duplicates once, skips completed keys, never releases after a run', async () => {
    // Prepare: d2 repeats d1's order; B was completed by an earlier delivery; C is held by another
    // execution; D fails in its handler; d1 waits 1 s, so the batch spans two invocations
    const journal = new Journal();
    const store = new MemoryClaims();
    store.claims.set('B', { status: 'done', owner: 'earlier' });
    store.claims.set('C', { status: 'held', owner: 'another execution' });
    const plan: Plan = { d1: 'wait', d2: 'ok', d3: 'ok', d4: 'ok', d5: 'fail' };
    const event = sqsEvent(
      sqsRecord('d1', order('A')),
      sqsRecord('d2', order('A')),
      sqsRecord('d3', order('B')),
      sqsRecord('d4', order('C')),
      sqsRecord('d5', order('D')),
    );
    const handler = journal.handler(async (batch, context: DurableContext) =>
      processDurablePartialResponse(
        batch,
        plannedHandler(journal, plan),
        new BatchProcessor(EventType.SQS),
        {
          context,
          idempotency: store,
        },
      ),
    );

    // Act
    const result = await runDurable(handler, { payload: event });

    // Assess: the model: A runs once (d1), B is done already, C is rejected, D fails and is released
    expect(result.result).toEqual({
      batchItemFailures: [{ itemIdentifier: 'd4' }, { itemIdentifier: 'd5' }],
    });
    expectInvocationCount(result, { exactly: 2 });
    expect([...store.calls].sort()).toEqual(
      ['claim A', 'claim B', 'claim C', 'claim D', 'complete A', 'release D'].sort(),
    );
    expect(journal.invocationsOf('effect d1')).toEqual([2]);
    for (const id of ['d2', 'd3', 'd4']) expect(journal.count(`enter ${id}`)).toBe(0);
    expect(journal.invocationsOf('enter d5')).toEqual([1]);
    expect(store.claims.get('A')?.status).toBe('done');
    expect(store.claims.get('C')?.owner).toBe('another execution');
    expect(store.claims.has('D')).toBe(false);
  });
});
