// Bundles a handler exactly as the CDK app does (EsbuildLocalBundling, no Docker) and runs the bundle
// in a separate plain Node process on the SDK's local runner, with Lambda's task root pointing at the
// bundle, to check that the SDK really loads the plugins listed in DURABLE_EXECUTION_PLUGINS from it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsbuildLocalBundling, SUITE_PLUGINS } from '../src/localBundling.ts';

const RUNNER_URL = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('@aws/durable-execution-sdk-js-testing')
    .replace(/dist-cjs\/index\.js$/, 'dist/index.mjs'),
).href;

/** What the child process reports about one run of the bundled handler. */
interface BundleRun {
  status: string;
  result: unknown;
  /** The execution's error (type and message), when it failed. */
  error: { errorType?: string; errorMessage?: string } | undefined;
  invocations: number;
  emf: { [key: string]: unknown }[];
  warnings: string[];
}

// Runs in the child: imports the bundle (its withDurableExecution reads the plugin variable then),
// runs one execution with real waits, and prints a JSON summary.
const CHILD_SCRIPT = `
  const warnings = [];
  process.on('warning', (warning) => warnings.push(warning.code ?? warning.name));
  const { LocalDurableTestRunner } = await import(process.env.RUNNER_URL);
  const { handler } = await import('./index.mjs');
  const lines = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk) => (lines.push(String(chunk)), true);
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: false });
  const runner = new LocalDurableTestRunner({ handlerFunction: handler });
  const result = await runner.run({ payload: {} });
  await LocalDurableTestRunner.teardownTestEnvironment();
  process.stdout.write = write;
  const emf = lines.join('').split('\\n').filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
  const status = result.getStatus();
  const failure = status === 'SUCCEEDED' ? undefined : result.getError();
  write(JSON.stringify({
    status, result: failure ? undefined : result.getResult(),
    error: failure && { errorType: failure.errorType, errorMessage: failure.errorMessage },
    invocations: result.getInvocations().length, emf, warnings,
  }));
  process.exit(0); // middy's per-invocation timers would keep the process alive
`;

let bundleDir: string;

beforeAll(() => {
  bundleDir = mkdtempSync(join(tmpdir(), 'order-workflow-bundle-'));
  new EsbuildLocalBundling({
    entry: fileURLToPath(new URL('./fixtures/pluginProbe.ts', import.meta.url)),
    tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)),
  }).tryBundle(bundleDir);
  writeFileSync(join(bundleDir, 'probe.mjs'), CHILD_SCRIPT);
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

const runBundle = (environment: Record<string, string>): BundleRun => {
  const { DURABLE_EXECUTION_PLUGINS: _inherited, ...parent } = process.env;
  const output = execFileSync(process.execPath, [join(bundleDir, 'probe.mjs')], {
    cwd: bundleDir,
    encoding: 'utf8',
    env: { ...parent, LAMBDA_TASK_ROOT: bundleDir, RUNNER_URL, ...environment },
    timeout: 30_000,
  });
  return JSON.parse(output) as BundleRun;
};

/** The EMF documents holding `name`. */
const documentsWith = (run: BundleRun, name: string) =>
  run.emf.filter((document) => name in document);

describe('the bundled handler, run as Lambda would load it', () => {
  it('gets DurablePowertoolsPlugin from DURABLE_EXECUTION_PLUGINS: the child context publishes its metrics itself', () => {
    // Act
    const run = runBundle({
      DURABLE_EXECUTION_PLUGINS: SUITE_PLUGINS.map((plugin) => plugin.specifier).join(','),
    });

    // Assess: the child finished in invocation 2 and published from its own scope.
    expect(run.status).toBe('SUCCEEDED');
    expect(run.result).toBe('shipped');
    expect(run.error).toBeUndefined();
    expect(run.invocations).toBe(2);
    expect(run.warnings).toEqual([]);
    // A document of its own (child-context documents carry execution_arn; operation keys are opt-in).
    expect(documentsWith(run, 'itemsPacked')).toEqual([
      expect.objectContaining({ itemsPacked: 1, execution_arn: expect.any(String) }),
    ]);
    expect(documentsWith(run, 'itemsPacked')[0]).not.toHaveProperty('ordersShipped');
    expect(documentsWith(run, 'ordersShipped')).toHaveLength(1);
  });

  it('control: without the variable, the first invocation fails with DurablePluginNotRegisteredError naming the variable', () => {
    // Act
    const run = runBundle({});

    // Assess: the utility refuses to run without the plugin rather than miscount; nothing ran
    // past the first invocation and no metric was published.
    expect(run.status).toBe('FAILED');
    expect(run.invocations).toBe(1);
    expect(run.error?.errorType).toBe('DurablePluginNotRegisteredError');
    expect(run.error?.errorMessage).toContain('durableMetrics()');
    expect(run.error?.errorMessage).toContain(
      'DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin',
    );
    expect(run.emf).toEqual([]);
  });
});
