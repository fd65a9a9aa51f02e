import { fileURLToPath } from 'node:url';
import {
  AssetHashType,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import {
  Alias,
  ApplicationLogLevel,
  Architecture,
  Code,
  type FunctionProps,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EsbuildLocalBundling, type PluginModule, SUITE_PLUGINS } from './localBundling.ts';

/** An absolute path in this repository. */
export const repositoryPath = (path: string): string =>
  fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/**
 * The code asset of `entry`, bundled on this machine with esbuild into `index.mjs` exporting
 * `handlers` (each deployed as `index.<name>`), and the `plugins` the SDK imports by name.
 */
export const bundledCode = (
  exampleDir: string,
  entry: string,
  plugins: readonly PluginModule[] = [],
  handlers: readonly string[] = ['handler'],
): Code =>
  Code.fromAsset(exampleDir, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      local: new EsbuildLocalBundling({
        entry: `${exampleDir}/${entry}`,
        tsconfig: repositoryPath('tsconfig.json'),
        plugins,
        handlers,
      }),
    },
  });

/**
 * What every durable function of the app has: Node 22 on arm64, the durable configuration, one
 * minute per invocation (the execution has its own timeout), Lambda's JSON logs, active tracing.
 */
export const durableFunctionSettings = (
  executionTimeout: Duration,
  retentionPeriod = Duration.days(30),
) =>
  ({
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    timeout: Duration.minutes(1),
    memorySize: 512,
    durableConfig: { executionTimeout, retentionPeriod },
    loggingFormat: LoggingFormat.JSON,
    applicationLogLevelV2: ApplicationLogLevel.INFO,
    systemLogLevelV2: SystemLogLevel.WARN,
    tracing: Tracing.ACTIVE,
  }) satisfies Partial<FunctionProps>;

/** Settings of the order workflow's deployment. */
export interface OrderWorkflowStackProps extends StackProps {
  /**
   * Directory of the example whose module `handlerModule` exports `handler`.
   * @default examples/order-workflow
   */
  readonly exampleDir?: string;
  /**
   * Module exporting the durable `handler`, relative to `exampleDir`.
   * @default src/workflow.ts
   */
  readonly handlerModule?: string;
  /**
   * How long one durable execution may run. An SQS event source mapping invokes the function
   * synchronously, so the whole execution must fit the 15-minute synchronous limit.
   * @default Duration.minutes(15)
   */
  readonly executionTimeout?: Duration;
  /**
   * How long Lambda keeps a closed execution's history.
   * @default Duration.days(30)
   */
  readonly retentionPeriod?: Duration;
  /**
   * Register the suite's one SDK plugin, `DurablePowertoolsPlugin`, with
   * `DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin` (and bundle the module where the
   * SDK looks it up). Set `true` for a handler that cannot pass it in `withDurableExecution`'s
   * `plugins` config (middy's durable mode passes the SDK no config). The default handler,
   * `examples/order-workflow/src/workflow.ts`, registers it in code (`durableExecutionConfig`):
   * registered both ways, the SDK would hold two instances.
   * @default false
   */
  readonly pluginsFromEnvironment?: boolean;
}

/**
 * The SQS-triggered order workflow as a Lambda durable function, with what the suite needs: durable
 * configuration, Lambda's JSON log format, X-Ray tracing, the idempotency table (partition key `id`,
 * TTL on `expiration`), the suite's SDK plugin registered through `DURABLE_EXECUTION_PLUGINS` when the
 * handler cannot register it in code (`pluginsFromEnvironment`), and an SQS event source mapping on
 * a published alias (durable functions cannot be invoked unqualified) that reports batch item
 * failures.
 *
 * A handler module that passes `new DurablePowertoolsPlugin()` in `withDurableExecution`'s config
 * (the default one does) is deployed as it is; one in middy's durable mode needs
 * `pluginsFromEnvironment: true`.
 *
 * @example
 * ```ts
 * const app = new App();
 * new OrderWorkflowStack(app, 'OrderWorkflow', { executionTimeout: Duration.minutes(10) });
 * // a handler in middy's durable mode, which registers no plugin in code:
 * new OrderWorkflowStack(app, 'MiddyDurableMode', {
 *   handlerModule: 'src/middyWorkflow.ts',
 *   pluginsFromEnvironment: true,
 * });
 * ```
 */
export class OrderWorkflowStack extends Stack {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly idempotencyTable: Table;
  public readonly function: LambdaFunction;
  public readonly alias: Alias;

  public constructor(scope: Construct, id: string, props: OrderWorkflowStackProps = {}) {
    super(scope, id, props);
    const executionTimeout = props.executionTimeout ?? Duration.minutes(15);
    const exampleDir = props.exampleDir ?? repositoryPath('examples/order-workflow');
    const plugins = props.pluginsFromEnvironment === true ? SUITE_PLUGINS : [];

    this.idempotencyTable = new Table(this, 'IdempotencyTable', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      billingMode: BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.deadLetterQueue = new Queue(this, 'OrdersDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'OrdersQueue', {
      // A message stays invisible while the execution it started can still be running.
      visibilityTimeout: executionTimeout.plus(Duration.minutes(1)),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    this.function = new LambdaFunction(this, 'OrderWorkflowFunction', {
      ...durableFunctionSettings(executionTimeout, props.retentionPeriod),
      handler: 'index.handler',
      code: bundledCode(exampleDir, props.handlerModule ?? 'src/workflow.ts', plugins),
      logGroup: new LogGroup(this, 'OrderWorkflowLogs', {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'orders',
        POWERTOOLS_METRICS_NAMESPACE: 'durable-powertools-example',
        IDEMPOTENCY_TABLE_NAME: this.idempotencyTable.tableName,
        NODE_OPTIONS: '--enable-source-maps',
        ...(plugins.length === 0
          ? {}
          : { DURABLE_EXECUTION_PLUGINS: plugins.map((plugin) => plugin.specifier).join(',') }),
      },
    });
    this.idempotencyTable.grantReadWriteData(this.function);

    this.alias = new Alias(this, 'LiveAlias', {
      aliasName: 'live',
      version: this.function.currentVersion,
    });
    this.alias.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
  }
}
