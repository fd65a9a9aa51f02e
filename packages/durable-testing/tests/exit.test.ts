import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// Inside the repository's node_modules, so the bundle's external imports resolve as in a user's project.
const outDir = `${root}node_modules/.cache/durable-testing-exit`;
// Far below the 900 s middy's timer would keep the process alive, far above the ~2 s the run takes.
const EXIT_BOUND_MS = 30_000;

/** Bundles the fixture with the harness's TypeScript sources (node_modules stay external). */
const bundleFixture = async (): Promise<string> => {
  mkdirSync(outDir, { recursive: true });
  const outfile = `${outDir}/exitingScript.mjs`;
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/exitingScript.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    alias: {
      '@durable-powertools/testing': `${root}packages/durable-testing/src/index.ts`,
    },
    logLevel: 'silent',
  });
  return outfile;
};

/** Runs `script` in a child Node process; resolves with its exit code and stdout, or `timedOut`. */
const runScript = (
  script: string,
): Promise<{ code: number | null; stdout: string; timedOut: boolean }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, stdout, timedOut: true });
    }, EXIT_BOUND_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, timedOut: false });
    });
  });

describe('a plain script using the harness', () => {
  it('exits by itself after teardownDurableHarness, although middy armed a 900 s early-timeout timer', async () => {
    // Prepare
    const script = await bundleFixture();

    // Act
    const { code, stdout, timedOut } = await runScript(script);

    // Assess
    expect(timedOut).toBe(false);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim())).toEqual({ status: 'SUCCEEDED', invocations: 2 });
  });
});
