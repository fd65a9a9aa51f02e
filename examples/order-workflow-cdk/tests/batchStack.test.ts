// Synthesizes the batch workflow's stack offline (esbuild on this machine, no Docker, no AWS account)
// and checks its template: the two durable functions, their queues and event source mappings.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWorkflowStack } from '../src/batchWorkflowStack.ts';

/** What the test expects, from the suite's documented requirements (not from the stack's code). */
const EXPECTED = {
  runtime: 'nodejs22.x',
  executionTimeoutSeconds: 900, // an SQS mapping invokes synchronously: 15 minutes at most
  retentionDays: 30,
  // [FIFO queue?, handler the mapping invokes]: examples/order-workflow/src/batchWorkflow.ts exports
  // `handler` (BatchProcessor, standard queue) and `fifoHandler` (SqsFifoPartialProcessor).
  mappings: [
    [false, 'index.handler'],
    [true, 'index.fifoHandler'],
  ],
};

let outdir: string;
let template: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'batch-workflow-cdk-'));
  template = Template.fromStack(new BatchWorkflowStack(new App({ outdir }), 'BatchWorkflow'));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The template's resources of `type`, by logical id (CloudFormation JSON, untyped). */
const resources = (type: string) => template.findResources(type);

describe('BatchWorkflowStack template', () => {
  it('deploys both handlers of one bundle as durable functions, with JSON logs and active tracing', () => {
    // Act
    const functions = Object.values(resources('AWS::Lambda::Function'));

    // Assess
    expect(functions.map((fn) => fn.Properties.Handler).sort()).toEqual(
      EXPECTED.mappings.map(([, handler]) => handler).sort(),
    );
    for (const { Properties: fn } of functions) {
      expect(fn).toMatchObject({
        Runtime: EXPECTED.runtime,
        DurableConfig: {
          ExecutionTimeout: EXPECTED.executionTimeoutSeconds,
          RetentionPeriodInDays: EXPECTED.retentionDays,
        },
        LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO' },
        TracingConfig: { Mode: 'Active' },
      });
      // The handlers register DurablePowertoolsPlugin in code: the variable would add a second one.
      expect(fn.Environment.Variables).not.toHaveProperty('DURABLE_EXECUTION_PLUGINS');
    }
    const keys = new Set(functions.map((fn) => JSON.stringify(fn.Properties.Code.S3Key)));
    expect(keys.size).toBe(1);
  });

  it('maps the standard queue to handler and the FIFO queue to fifoHandler, on live aliases, with ReportBatchItemFailures', () => {
    // Prepare
    const queues = resources('AWS::SQS::Queue');
    const aliases = resources('AWS::Lambda::Alias');
    const functions = resources('AWS::Lambda::Function');

    // Act: follow each mapping to its queue, and through its alias to the function it invokes.
    const mappings = Object.values(resources('AWS::Lambda::EventSourceMapping')).map(
      ({ Properties: mapping }) => {
        const queue = queues[mapping.EventSourceArn['Fn::GetAtt'][0]]?.Properties;
        // CDK names the alias as <function name from the alias ARN>:live
        const [select, suffix] = mapping.FunctionName['Fn::Join'][1];
        const alias = aliases[select['Fn::Select'][1]['Fn::Split'][1].Ref]?.Properties;
        const fn = functions[alias?.FunctionName.Ref]?.Properties;
        return { mapping, queue, alias: [alias?.Name, suffix], fn };
      },
    );

    // Assess
    expect(
      mappings.map(({ queue, fn }) => [queue?.FifoQueue === true, fn?.Handler]).sort(),
    ).toEqual([...EXPECTED.mappings].sort());
    for (const { mapping, queue, alias } of mappings) {
      expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping.BatchSize).toBe(10);
      expect(alias).toEqual(['live', ':live']);
      // A delivered message stays invisible while the execution it started can run; failures that
      // keep coming back end in a dead-letter queue of the same kind (FIFO for FIFO).
      expect(queue?.VisibilityTimeout).toBeGreaterThanOrEqual(EXPECTED.executionTimeoutSeconds);
      const deadLetter = queues[queue?.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]];
      expect(deadLetter?.Properties.FifoQueue).toBe(queue?.FifoQueue);
      expect(queue?.RedrivePolicy.maxReceiveCount).toBeGreaterThan(0);
    }
  });
});

describe('BatchWorkflowStack code asset', () => {
  it('exports both handlers from index.mjs, as plain Node loads it in the task root', () => {
    // Prepare
    const [asset] = readdirSync(outdir).filter((name) =>
      existsSync(join(outdir, name, 'index.mjs')),
    );
    const script = `const bundle = await import('./index.mjs');
      process.stdout.write(JSON.stringify([typeof bundle.handler, typeof bundle.fifoHandler]));`;

    // Act
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(outdir, asset as string),
      encoding: 'utf8',
    });

    // Assess
    expect(JSON.parse(output)).toEqual(['function', 'function']);
  });
});
