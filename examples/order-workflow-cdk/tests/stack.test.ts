// Synthesizes the order workflow's CDK app offline (bundling with esbuild on this machine, no Docker,
// no network, no AWS account) and checks the CloudFormation template and the bundled code asset.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderWorkflowStack } from '../src/orderWorkflowStack.ts';

/** What the test expects, from the suite's documented requirements (not from the stack's code). */
const EXPECTED = {
  runtime: 'nodejs22.x',
  // An SQS mapping invokes synchronously: the execution must fit 15 minutes, which is also
  // @durable-powertools/idempotency's default claim length (executionTimeoutSeconds: 900).
  executionTimeoutSeconds: 900,
  retentionDays: 30,
  // The suite's one plugin module (every utility's /plugin subpath is the same module), listed once.
  plugins: ['@durable-powertools/commons/plugin'],
};

let outdir: string;
let template: Template;
let stack: OrderWorkflowStack;
let environmentOutdir: string;
let environmentTemplate: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'order-workflow-cdk-'));
  stack = new OrderWorkflowStack(new App({ outdir }), 'OrderWorkflow');
  template = Template.fromStack(stack);
  // A handler in middy's durable mode, which cannot register the plugin in code.
  environmentOutdir = mkdtempSync(join(tmpdir(), 'order-workflow-cdk-'));
  environmentTemplate = Template.fromStack(
    new OrderWorkflowStack(new App({ outdir: environmentOutdir }), 'EnvironmentRegistered', {
      exampleDir: fileURLToPath(new URL('..', import.meta.url)),
      handlerModule: 'tests/fixtures/pluginProbe.ts',
      pluginsFromEnvironment: true,
    }),
  );
});
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(environmentOutdir, { recursive: true, force: true });
});

const logicalId = (type: string, props: Record<string, unknown> = {}): string => {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids, `${type} resources`).toHaveLength(1);
  return ids[0] as string;
};

describe('OrderWorkflowStack template', () => {
  it('makes the function durable, with JSON logs, active tracing and nodejs22.x', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: EXPECTED.runtime,
      Handler: 'index.handler',
      DurableConfig: {
        ExecutionTimeout: EXPECTED.executionTimeoutSeconds,
        RetentionPeriodInDays: EXPECTED.retentionDays,
      },
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO' }),
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('creates the idempotency table with partition key id and TTL on expiration', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('gives the function its service name and the table name, and no plugin variable: the handler registers the plugin in code', () => {
    const tableId = logicalId('AWS::DynamoDB::Table');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'orders',
          IDEMPOTENCY_TABLE_NAME: { Ref: tableId },
        }),
      },
    });
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(fn?.Properties.Environment.Variables).not.toHaveProperty('DURABLE_EXECUTION_PLUGINS');
  });

  it('deploys a handler module that registers the suite plugin in code, once', async () => {
    // examples/order-workflow/src/workflow.ts passes its durableExecutionConfig to
    // withDurableExecution; the variable as well would register a second instance.
    const { durableExecutionConfig } = await import('../../order-workflow/src/workflow.ts');
    const { DurablePowertoolsPlugin } = await import('@durable-powertools/commons');
    const suitePlugins = (durableExecutionConfig.plugins ?? []).filter(
      (plugin) => plugin instanceof DurablePowertoolsPlugin,
    );
    expect(suitePlugins).toHaveLength(1);
  });

  it('lists the suite plugin once in DURABLE_EXECUTION_PLUGINS with pluginsFromEnvironment: true', () => {
    environmentTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'orders',
          DURABLE_EXECUTION_PLUGINS: EXPECTED.plugins.join(','),
        }),
      },
    });
  });

  it('maps the SQS queue to a published alias (durable functions are invoked qualified) with ReportBatchItemFailures', () => {
    const queueId = logicalId('AWS::SQS::Queue', { RedrivePolicy: Match.anyValue() });
    const functionId = logicalId('AWS::Lambda::Function');
    const aliasId = logicalId('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionName: { Ref: functionId },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      // CDK names the alias as <function name from the alias ARN>:live
      FunctionName: {
        'Fn::Join': [
          '',
          [{ 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: aliasId }] }] }, ':live'],
        ],
      },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // A delivered message stays invisible for as long as the execution it started can run.
    const queue = template.findResources('AWS::SQS::Queue')[queueId];
    expect(queue?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
      EXPECTED.executionTimeoutSeconds,
    );
    expect(queue?.Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThan(0);
  });

  it('lets the role checkpoint, trace, use the table and read the queue', () => {
    const roleId = logicalId('AWS::IAM::Role');
    const role = template.findResources('AWS::IAM::Role')[roleId];
    // AWS's managed policy for durable functions: lambda:CheckpointDurableExecution,
    // lambda:GetDurableExecutionState and CloudWatch Logs.
    expect(JSON.stringify(role?.Properties.ManagedPolicyArns)).toContain(
      'service-role/AWSLambdaBasicDurableExecutionRolePolicy',
    );
    const actions = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .flatMap((statement: { Action: string | string[] }) => [statement.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'xray:PutTraceSegments',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:GetItem',
        'dynamodb:DeleteItem',
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
      ]),
    );
  });
});

describe('OrderWorkflowStack code asset (bundled locally with esbuild)', () => {
  const assetDir = (directory: string): string => {
    const dirs = readdirSync(directory).filter((name) => name.startsWith('asset.'));
    const withHandler = dirs.filter((name) => existsSync(join(directory, name, 'index.mjs')));
    expect(withHandler).toHaveLength(1);
    return join(directory, withHandler[0] as string);
  };

  it('bundles no plugin module for the handler that registers the plugin in code', () => {
    expect(existsSync(join(assetDir(outdir), 'index.mjs'))).toBe(true);
    expect(existsSync(join(assetDir(outdir), 'node_modules', '@durable-powertools'))).toBe(false);
  });

  it('lets plain Node import every DURABLE_EXECUTION_PLUGINS entry by name from the task root, to one copy of the code', () => {
    // The SDK imports each specifier from index.mjs, i.e. resolving from the task root's
    // node_modules. A separate Node process (no test runner in between) does the same from there.
    const script = `
      const bundle = await import('./index.mjs');
      const found = [];
      for (const specifier of ${JSON.stringify(EXPECTED.plugins)}) {
        const { durableExecutionPluginProvider: provider } = await import(specifier);
        found.push({
          specifier,
          pluginApiVersion: provider?.pluginApiVersion,
          createPlugin: typeof provider?.createPlugin,
          sameCopyAsHandler: Object.values(bundle).includes(provider),
        });
      }
      process.stdout.write(JSON.stringify({ handler: typeof bundle.handler, found }));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: assetDir(environmentOutdir),
      encoding: 'utf8',
    });

    const { handler, found } = JSON.parse(output) as {
      handler: string;
      found: {
        specifier: string;
        pluginApiVersion: unknown;
        createPlugin: string;
        sameCopyAsHandler: boolean;
      }[];
    };
    expect(handler).toBe('function');
    expect(found.map((plugin) => plugin.specifier)).toEqual(EXPECTED.plugins);
    for (const plugin of found) {
      expect(plugin).toMatchObject({ createPlugin: 'function', sameCopyAsHandler: true });
      expect(plugin.pluginApiVersion).toEqual(expect.any(Number));
    }
  });
});

describe('OrderWorkflowStack with pluginsFromEnvironment: false', () => {
  it('sets no DURABLE_EXECUTION_PLUGINS, for a handler that registers the plugins in code', () => {
    // Prepare
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'order-workflow-cdk-')) });

    // Act
    const codeRegistered = Template.fromStack(
      new OrderWorkflowStack(app, 'CodeRegistered', { pluginsFromEnvironment: false }),
    );

    // Assess
    const [fn] = Object.values(codeRegistered.findResources('AWS::Lambda::Function'));
    expect(fn?.Properties.Environment.Variables).not.toHaveProperty('DURABLE_EXECUTION_PLUGINS');
    expect(fn?.Properties.Environment.Variables).toHaveProperty('IDEMPOTENCY_TABLE_NAME');
    rmSync(app.outdir, { recursive: true, force: true });
  });
});
