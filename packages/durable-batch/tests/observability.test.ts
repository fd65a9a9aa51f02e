import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { durableLogger } from '@durable-powertools/logger';
import { durableMetrics } from '@durable-powertools/metrics';
import {
  expectEachMessageOnce,
  expectInvocationCount,
  expectMetricSum,
  runDurable,
} from '@durable-powertools/testing';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { middyShapes } from '../../../tests/support/middyShapes.js';
import { processDurablePartialResponse } from '../src/index.js';
import { sqsEvent, sqsRecord } from './helpers/events.js';

/**
 * With the suite's logger and metrics utilities, a record's log lines and metrics count once, also
 * those a waiting record writes before its wait (its body runs again up to the wait in the next
 * invocation), and each line of a record carries its id.
 */
describe('processDurablePartialResponse with durableLogger() and durableMetrics()', () => {
  it.each(Object.entries(middyShapes))(
    'each record’s lines and metrics once (%s)',
    async (_shape, shape) => {
      // Prepare: every record counts itself first; o2 then waits 1 s, o3 fails
      const metrics = new Metrics({ namespace: 'batch', serviceName: 'orders' });
      const logger = new Logger({ serviceName: 'orders' });
      const recordHandler = async (record: SQSRecord, context: DurableContext) => {
        context.logger.info(`started ${record.messageId}`);
        metrics.addMetric('recordStarted', MetricUnit.Count, 1);
        if (record.messageId === 'o2') await context.wait({ seconds: 1 });
        if (record.messageId === 'o3') throw new Error('o3 failed');
        metrics.addMetric('recordDone', MetricUnit.Count, 1);
      };
      const handler = shape(
        async (event, context) =>
          processDurablePartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
            context,
          }),
        [durableLogger({ logger }), durableMetrics({ metrics })],
      );
      const event = sqsEvent(sqsRecord('o1', 'a'), sqsRecord('o2', 'b'), sqsRecord('o3', 'c'));

      // Act
      const result = await runDurable(handler, { payload: event });

      // Assess: the model of one execution: three records started, two done
      expect(result.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'o3' }] });
      expectInvocationCount(result, { exactly: 2 });
      expectMetricSum(result, 'recordStarted', 3);
      expectMetricSum(result, 'recordDone', 2);
      expectEachMessageOnce(result);
      const started = result.records.filter((r) => String(r.message).startsWith('started'));
      expect(started.map((r) => [r.message, r.correlation_id])).toEqual([
        ['started o1', 'o1'],
        ['started o2', 'o2'],
        ['started o3', 'o3'],
      ]);
    },
  );
});
