import { MetricResolution, Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { classifyLines } from '@durable-powertools/testing';
import { describe, expect, it } from 'vitest';
import { MetricBuffer } from '../../src/emf/buffer.js';
import { planDocuments, publishBuffer } from '../../src/emf/documents.js';
import { interceptMetrics } from '../../src/powertoolsInternals.js';

/** Outside a durable invocation: every call goes to Powertools. */
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

describe('planDocuments', () => {
  it("fits EMF's 100 names and 100 values per name in a document, in as few documents as that allows", () => {
    // Prepare
    const metric = (name: string, count: number) => ({
      name,
      unit: MetricUnit.Count,
      resolution: MetricResolution.Standard,
      values: new Array<number>(count).fill(1),
    });
    const many = Array.from({ length: 150 }, (_, index) => metric(`m${index}`, 1));

    // Act
    const byNames = planDocuments(many);
    const byValues = planDocuments([metric('scans', 250)]);
    const byValuesWithoutInternals = planDocuments([metric('scans', 250)], 99, 99);

    // Assess
    expect(byNames.map((document) => document.length)).toEqual([100, 50]);
    const counts = (documents: typeof byValues) =>
      documents.map((document) => document.map(({ from, to }) => to - from));
    expect(counts(byValues)).toEqual([[100], [100], [50]]);
    expect(counts(byValuesWithoutInternals)).toEqual([[99], [99], [52]]);
  });
});

describe('publishBuffer', () => {
  it('writes through Powertools documents that carry dimensions and metadata, and no auto-publish splits', () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'unit', serviceName: 'svc' });
    const writer = interceptMetrics(metrics, noRoute);
    const buffer = new MetricBuffer();
    buffer.dimensions.set('region', 'eu');
    buffer.metadata.set('batch', '7');
    for (let index = 0; index < 120; index++) {
      buffer.addMetric(`n${index}`, MetricUnit.Count, index, MetricResolution.Standard);
    }
    for (let index = 0; index < 200; index++) {
      buffer.addMetric('n0', MetricUnit.Count, 1, MetricResolution.Standard);
    }

    // Act
    let written = 0;
    const lines = captureStdout(() => {
      written = publishBuffer(writer, buffer, { execution_arn: 'arn:test' });
    });

    // Assess
    const { emf } = classifyLines(lines);
    expect(emf).toHaveLength(written);
    expect(written).toBe(3);
    for (const document of emf) {
      expect(document.region).toBe('eu');
      expect(document.batch).toBe('7');
      expect(document.execution_arn).toBe('arn:test');
    }
    const n0 = emf.flatMap((document) => [document.n0].flat()).filter((v) => v !== undefined);
    expect(n0).toHaveLength(201);
  });

  it('leaves Powertools untouched outside a durable invocation', () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'unit', serviceName: 'svc' });
    interceptMetrics(metrics, noRoute);

    // Act
    const lines = captureStdout(() => {
      metrics.addMetric('plain', MetricUnit.Count, 2);
      metrics.publishStoredMetrics();
    });

    // Assess
    const { emf } = classifyLines(lines);
    expect(emf).toHaveLength(1);
    expect(emf[0]?.plain).toBe(2);
  });
});

describe('publishBuffer without the Powertools internals (the public path)', () => {
  it('keeps every document whole at 100 names of several values each', () => {
    // Prepare: Powertools publishes on its own when a value is stored after 100 names
    const metrics = new Metrics({ namespace: 'unit', serviceName: 'svc' });
    const { publishValues: _dropped, ...publicWriter } = interceptMetrics(metrics, noRoute);
    const buffer = new MetricBuffer();
    buffer.dimensions.set('region', 'eu');
    for (let index = 0; index < 100; index++) {
      buffer.addMetric(`n${index}`, MetricUnit.Count, 1, MetricResolution.Standard);
      buffer.addMetric(`n${index}`, MetricUnit.Count, 2, MetricResolution.Standard);
    }

    // Act
    let written = 0;
    const lines = captureStdout(() => {
      written = publishBuffer(publicWriter, buffer, { execution_arn: 'arn:test' });
    });

    // Assess: 99 names, then 1, each document with its dimension and metadata
    const { emf } = classifyLines(lines);
    expect(emf).toHaveLength(written);
    expect(written).toBe(2);
    for (const document of emf) {
      expect(document.region).toBe('eu');
      expect(document.execution_arn).toBe('arn:test');
    }
    expect(emf.map((document) => document._aws.CloudWatchMetrics[0]?.Metrics.length)).toEqual([
      99, 1,
    ]);
  });
});
