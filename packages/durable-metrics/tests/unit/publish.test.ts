import { MetricResolution, Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { classifyLines } from '@durable-powertools/testing';
import { describe, expect, it } from 'vitest';
import { MetricBuffer } from '../../src/buffer/MetricBuffer.js';
import { planDocuments, publishBuffer } from '../../src/buffer/publish.js';
import { interceptMetrics } from '../../src/interceptMetrics.js';

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
  it('fits 100 names and 99 values per name in a document, in as few documents as that allows', () => {
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

    // Assess
    expect(byNames.map((document) => document.length)).toEqual([100, 50]);
    expect(byValues.map((document) => document.map(({ from, to }) => to - from))).toEqual([
      [99],
      [99],
      [52],
    ]);
  });
});

describe('publishBuffer', () => {
  it('writes through Powertools documents that carry dimensions and metadata, and no auto-publish splits', () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'unit', serviceName: 'svc' });
    const writer = interceptMetrics(metrics);
    const buffer = new MetricBuffer();
    buffer.addDimension('region', 'eu');
    buffer.addMetadata('batch', '7');
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
    interceptMetrics(metrics);

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
