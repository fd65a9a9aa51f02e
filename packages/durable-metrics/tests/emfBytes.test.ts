import { teardownDurableHarness } from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { measureEmfBytes, TARGET_RATIO } from '../bench/emfBytes.bench.js';

afterAll(() => teardownDurableHarness());

describe('EMF bytes (issue 18), the benchmark run on the sources', () => {
  it(`keeps a 100-step workflow's documents with a Lambda-length ARN within ${TARGET_RATIO}x plain Powertools`, async () => {
    // Act
    const { baseline, shared, perOperation } = await measureEmfBytes();

    // Assess: fewer documents than Powertools (EMF's 100 values per metric), execution_arn on each
    expect(shared.documents).toBeLessThan(baseline.documents);
    expect(shared.lambdaArnBytes / baseline.bytes).toBeLessThanOrEqual(TARGET_RATIO);
    expect(perOperation.documents).toBe(100);
  });
});
