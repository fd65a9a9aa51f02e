// Module resolution hooks (Node's `module.register`) that run the example straight from the workspace's
// TypeScript sources, with no build: `@durable-powertools/*` resolves to `packages/<dir>/src`, and the
// sources' `./file.js` imports to the `./file.ts` next to them. Node 22 transforms the types itself
// (`--experimental-transform-types` in the `start` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ResolveContext {
  parentURL?: string;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;

const packages = new URL('../../../packages/', import.meta.url);

/** Package name (and subpath) → its source entry, as `tsconfig.json` `paths` and vitest aliases map them. */
const SOURCES: Readonly<Record<string, string>> = {
  '@durable-powertools/batch': 'durable-batch/src/index.ts',
  '@durable-powertools/commons': 'durable-commons/src/index.ts',
  '@durable-powertools/commons/plugin': 'durable-commons/src/plugin.ts',
  '@durable-powertools/logger': 'durable-logger/src/index.ts',
  '@durable-powertools/logger/plugin': 'durable-logger/src/plugin.ts',
  '@durable-powertools/metrics': 'durable-metrics/src/index.ts',
  '@durable-powertools/metrics/plugin': 'durable-metrics/src/plugin.ts',
  '@durable-powertools/idempotency': 'durable-idempotency/src/index.ts',
  '@durable-powertools/tracer': 'durable-tracer/src/index.ts',
  '@durable-powertools/tracer/plugin': 'durable-tracer/src/plugin.ts',
  '@durable-powertools/testing': 'durable-testing/src/index.ts',
  '@durable-powertools/testing/matchers': 'durable-testing/src/matchers.ts',
};

export const resolve = async (
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> => {
  const source = SOURCES[specifier];
  if (source !== undefined) return nextResolve(new URL(source, packages).href, context);
  const parent = context.parentURL;
  if (
    parent?.startsWith(packages.href) === true &&
    specifier.startsWith('.') &&
    specifier.endsWith('.js')
  ) {
    const typescript = new URL(`${specifier.slice(0, -'.js'.length)}.ts`, parent);
    if (existsSync(fileURLToPath(typescript))) return nextResolve(typescript.href, context);
  }
  return nextResolve(specifier, context);
};
