// The CDK app: `npx cdk synth` (with the AWS CDK CLI installed) or `npm run synth` in this folder
// writes the CloudFormation template to cdk.out/. Bundling runs esbuild locally; no Docker.
import { App } from 'aws-cdk-lib';
import { BatchWorkflowStack } from './batchWorkflowStack.ts';
import { OrderWorkflowStack } from './orderWorkflowStack.ts';

// The CDK CLI passes its output directory in CDK_OUTDIR; run directly, write to ./cdk.out.
const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
new OrderWorkflowStack(app, 'DurablePowertoolsOrderWorkflow');
new BatchWorkflowStack(app, 'DurablePowertoolsBatchWorkflow');
app.synth();
