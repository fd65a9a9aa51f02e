import {
  DurableIdGenerator,
  DurableOpenTelemetryAlreadyActiveError,
  durableOpenTelemetry,
  executionRootSpanId,
  executionTraceId,
  InvalidSampleRatioError,
  isExecutionSampled,
} from '@durable-powertools/opentelemetry';
import { afterEach, describe, expect, it } from 'vitest';

const ARN =
  'arn:aws:lambda:eu-west-1:123456789012:function:orders:$LATEST/durable-execution/order-42/1f2e3d4c';
const STARTED = new Date('2026-11-20T10:00:00.000Z');

describe('execution trace ids', () => {
  it('are the same for every invocation of an execution and differ between executions', () => {
    // Act
    const first = executionTraceId(ARN, STARTED, 'xray');
    const again = executionTraceId(ARN, new Date(STARTED), 'xray');
    const other = executionTraceId(`${ARN}x`, STARTED, 'xray');

    // Assess
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(executionRootSpanId(ARN)).toMatch(/^[0-9a-f]{16}$/);
    expect(executionRootSpanId(ARN)).toBe(executionRootSpanId(ARN));
    expect(executionRootSpanId(`${ARN}x`)).not.toBe(executionRootSpanId(ARN));
  });

  it('start with the execution start in epoch seconds in the X-Ray format, not in W3C', () => {
    // Prepare: 2026-11-20T10:00:00Z is 1 795 168 800 s = 0x6b001a20
    const seconds = (1_795_168_800).toString(16);

    // Act
    const xray = executionTraceId(ARN, STARTED, 'xray');
    const w3c = executionTraceId(ARN, STARTED, 'w3c');

    // Assess
    expect(xray.slice(0, 8)).toBe(seconds);
    expect(w3c.slice(0, 8)).not.toBe(seconds);
    expect(xray.slice(8)).toBe(w3c.slice(0, 24));
  });
});

describe('sampling', () => {
  it('samples about the ratio of executions, and each execution always the same way', () => {
    // Prepare
    const arns = Array.from({ length: 2000 }, (_, i) => `${ARN}-${i}`);

    // Act
    const sampled = arns.filter((arn) => isExecutionSampled(arn, 0.25));
    const again = arns.filter((arn) => isExecutionSampled(arn, 0.25));

    // Assess: 500 expected; 4 standard deviations (±78) of a fair binomial
    expect(sampled.length).toBeGreaterThan(420);
    expect(sampled.length).toBeLessThan(580);
    expect(again).toEqual(sampled);
    expect(arns.every((arn) => isExecutionSampled(arn, 1))).toBe(true);
    expect(arns.some((arn) => isExecutionSampled(arn, 0))).toBe(false);
  });

  describe('ratio validation', () => {
    afterEach(() => {
      delete process.env.DURABLE_TRACE_SAMPLE_RATIO;
    });

    it('rejects a ratio outside 0..1 with InvalidSampleRatioError naming the option', () => {
      // Act / Assess
      expect(() => durableOpenTelemetry({ sampleRatio: 1.5 })).toThrow(InvalidSampleRatioError);
      expect(() => durableOpenTelemetry({ sampleRatio: Number.NaN })).toThrow(
        /sampleRatio must be a number from 0 to 1/,
      );
    });

    it('rejects a bad DURABLE_TRACE_SAMPLE_RATIO, naming the variable and the value', () => {
      // Prepare
      process.env.DURABLE_TRACE_SAMPLE_RATIO = 'half';

      // Act / Assess
      expect(() => durableOpenTelemetry()).toThrow(
        /DURABLE_TRACE_SAMPLE_RATIO must be a number from 0 to 1 .* but was "half"/,
      );
    });
  });
});

describe('DurableIdGenerator', () => {
  it('generates random ids, or those of the fallback generator', () => {
    // Prepare
    const plain = new DurableIdGenerator();
    const fallback = new DurableIdGenerator({
      fallback: { generateTraceId: () => 'a'.repeat(32), generateSpanId: () => 'b'.repeat(16) },
    });

    // Act
    const traceIds = new Set(Array.from({ length: 50 }, () => plain.generateTraceId()));
    const spanIds = new Set(Array.from({ length: 50 }, () => plain.generateSpanId()));

    // Assess
    expect(traceIds.size).toBe(50);
    expect(spanIds.size).toBe(50);
    for (const id of traceIds) expect(id).toMatch(/^[0-9a-f]{32}$/);
    for (const id of spanIds) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(fallback.generateTraceId()).toBe('a'.repeat(32));
    expect(fallback.generateSpanId()).toBe('b'.repeat(16));
  });
});

describe('durableOpenTelemetry() calls', () => {
  it('refuses a second active instance, naming the fix, and accepts one after dispose()', () => {
    // Prepare
    const first = durableOpenTelemetry();

    // Act / Assess
    expect(() => durableOpenTelemetry()).toThrow(DurableOpenTelemetryAlreadyActiveError);
    expect(() => durableOpenTelemetry()).toThrow(/Create it once at module scope/);
    first.dispose();
    const second = durableOpenTelemetry();
    second.dispose();
  });
});
