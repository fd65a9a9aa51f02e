import { MetricResolution, Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { classifyLines } from '@durable-powertools/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MetricBuffer } from '../../src/emf/buffer.js';
import { publishBuffer } from '../../src/emf/documents.js';
import {
  captureColdStart,
  interceptMetrics,
  missingPowertoolsMembers,
  POWERTOOLS_MEMBERS,
} from '../../src/powertoolsInternals.js';

const noRoute = () => undefined;

const captureStdout = (fn: () => void): string[] => {
  const chunks: string[] = [];
  const realWrite = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = realWrite;
  }
  return chunks.join('').split('\n').filter(Boolean);
};

/** A Metrics instance that sees a Lambda cold start (Powertools reads the variable at construction). */
const coldMetrics = (): Metrics => {
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  try {
    return new Metrics({ namespace: 'unit', serviceName: 'svc' });
  } finally {
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  }
};

const driftWarnings = (spy: { mock: { calls: unknown[][] } }): string[] =>
  spy.mock.calls
    .filter(
      ([, options]) =>
        (options as { code?: string })?.code === 'DURABLE_POWERTOOLS_POWERTOOLS_DRIFT',
    )
    .map(([message]) => String(message));

afterEach(() => vi.restoreAllMocks());

describe('the Powertools members this package reads', () => {
  it('all exist on the installed @aws-lambda-powertools/metrics', () => {
    // Act / Assess
    expect(missingPowertoolsMembers()).toEqual([]);
  });

  it('tag the ColdStart document Powertools builds through this.singleMetric()', () => {
    // Prepare
    const warn = vi.spyOn(process, 'emitWarning');
    const metrics = coldMetrics();
    interceptMetrics(metrics, noRoute);

    // Act
    const lines = captureStdout(() =>
      captureColdStart(metrics, 'orders', { execution_arn: 'arn:x' }),
    );

    // Assess
    const { emf } = classifyLines(lines);
    expect(emf).toHaveLength(1);
    expect(emf[0]?.ColdStart).toBe(1);
    expect(emf[0]?.function_name).toBe('orders');
    expect(emf[0]?.execution_arn).toBe('arn:x');
    expect(driftWarnings(warn)).toEqual([]);
  });
});

describe('a member that is gone', () => {
  it('warns once naming what degrades, and documents fall back to 99 values', () => {
    // Prepare: two instances without the protected isDisabled() (as if a release renamed it)
    const warn = vi.spyOn(process, 'emitWarning');
    const [first, second] = [
      new Metrics({ namespace: 'unit' }),
      new Metrics({ namespace: 'unit' }),
    ];
    for (const metrics of [first, second]) {
      Object.defineProperty(metrics, 'isDisabled', { value: undefined });
    }
    const writers = [first, second].map((metrics) => interceptMetrics(metrics, noRoute));
    const buffer = new MetricBuffer();
    for (let index = 0; index < 100; index++) {
      buffer.addMetric('scans', MetricUnit.Count, index, MetricResolution.Standard);
    }

    // Act
    const lines = captureStdout(() =>
      publishBuffer(writers[0]!, buffer, { execution_arn: 'arn:x' }),
    );

    // Assess
    expect(missingPowertoolsMembers(first)).toEqual(['isDisabled']);
    expect(writers.map((writer) => writer.publishValues)).toEqual([undefined, undefined]);
    expect(driftWarnings(warn)).toHaveLength(1);
    expect(driftWarnings(warn)[0]).toContain(POWERTOOLS_MEMBERS.isDisabled);
    const { emf } = classifyLines(lines);
    expect(emf.map((document) => [document.scans].flat().length)).toEqual([99, 1]);
  });

  it('publishes ColdStart untagged and warns once when Powertools stops using this.singleMetric()', () => {
    // Prepare: a Powertools that builds its ColdStart document some other way
    const warn = vi.spyOn(process, 'emitWarning');
    const metrics = coldMetrics();
    interceptMetrics(metrics, noRoute);
    const powertools = metrics as unknown as { getColdStart(): boolean };
    metrics.captureColdStartMetric = () => {
      if (!powertools.getColdStart()) return;
      const single = new Metrics({ namespace: 'unit', singleMetric: true });
      single.addMetric('ColdStart', MetricUnit.Count, 1);
    };

    // Act
    const lines = captureStdout(() =>
      captureColdStart(metrics, 'orders', { execution_arn: 'arn:x' }),
    );

    // Assess
    const { emf } = classifyLines(lines);
    expect(emf).toHaveLength(1);
    expect(emf[0]?.execution_arn).toBeUndefined();
    expect(driftWarnings(warn)).toEqual([
      expect.stringContaining(
        POWERTOOLS_MEMBERS['captureColdStartMetric() -> this.singleMetric()'],
      ),
    ]);
  });
});
