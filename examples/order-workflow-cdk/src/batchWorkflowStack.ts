import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Alias, type Code, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { bundledCode, durableFunctionSettings, repositoryPath } from './orderWorkflowStack.ts';

/** Settings of the batch workflow's deployment. */
export interface BatchWorkflowStackProps extends StackProps {
  /**
   * Directory of the example whose module `handlerModule` exports `handler` and `fifoHandler`.
   * @default examples/order-workflow
   */
  readonly exampleDir?: string;
  /**
   * Module exporting the durable `handler` (standard queue) and `fifoHandler` (FIFO queue),
   * relative to `exampleDir`.
   * @default src/batchWorkflow.ts
   */
  readonly handlerModule?: string;
  /**
   * How long one durable execution may run: an SQS event source mapping invokes synchronously, so
   * the whole batch must finish within 15 minutes.
   * @default Duration.minutes(15)
   */
  readonly executionTimeout?: Duration;
}

/** One durable function of the stack, its published alias, and the queue mapped to the alias. */
export interface QueueConsumer {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly function: LambdaFunction;
  readonly alias: Alias;
}

/**
 * The batch variant of the order workflow (`examples/order-workflow/src/batchWorkflow.ts`,
 * `@durable-powertools/batch` over Powertools' batch processors) as two durable functions from one
 * bundle: `index.handler` consuming a standard queue, `index.fifoHandler` a FIFO queue. Each has the
 * app's durable settings, a dead-letter queue, and an event source mapping on its `live` alias
 * (durable functions cannot be invoked unqualified) with `ReportBatchItemFailures`, which
 * `processDurablePartialResponse`'s `batchItemFailures` needs. The handlers register
 * `DurablePowertoolsPlugin` in code: no `DURABLE_EXECUTION_PLUGINS`.
 *
 * @example
 * ```ts
 * new BatchWorkflowStack(new App(), 'BatchWorkflow', { executionTimeout: Duration.minutes(10) });
 * ```
 */
export class BatchWorkflowStack extends Stack {
  public readonly standard: QueueConsumer;
  public readonly fifo: QueueConsumer;

  public constructor(scope: Construct, id: string, props: BatchWorkflowStackProps = {}) {
    super(scope, id, props);
    const executionTimeout = props.executionTimeout ?? Duration.minutes(15);
    const exampleDir = props.exampleDir ?? repositoryPath('examples/order-workflow');
    const code = bundledCode(
      exampleDir,
      props.handlerModule ?? 'src/batchWorkflow.ts',
      [],
      ['handler', 'fifoHandler'],
    );
    const consumer = (name: string, handler: string, fifo: boolean): QueueConsumer => {
      const deadLetterQueue = new Queue(this, `${name}DeadLetterQueue`, {
        fifo: fifo || undefined,
        retentionPeriod: Duration.days(14),
      });
      const queue = new Queue(this, `${name}Queue`, {
        fifo: fifo || undefined,
        contentBasedDeduplication: fifo || undefined,
        // A message stays invisible while the execution it started can still be running.
        visibilityTimeout: executionTimeout.plus(Duration.minutes(1)),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 },
      });
      const fn = this.#durableFunction(name, handler, code, executionTimeout);
      const alias = new Alias(this, `${name}LiveAlias`, {
        aliasName: 'live',
        version: fn.currentVersion,
      });
      alias.addEventSource(
        new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }),
      );
      return { queue, deadLetterQueue, function: fn, alias };
    };
    this.standard = consumer('Orders', 'index.handler', false);
    this.fifo = consumer('FifoOrders', 'index.fifoHandler', true);
  }

  #durableFunction(name: string, handler: string, code: Code, executionTimeout: Duration) {
    return new LambdaFunction(this, `${name}BatchFunction`, {
      ...durableFunctionSettings(executionTimeout),
      handler,
      code,
      logGroup: new LogGroup(this, `${name}BatchLogs`, {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'orders',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
  }
}
