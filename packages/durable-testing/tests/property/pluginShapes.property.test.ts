import type { DurableInstrumentationPlugin } from '@aws/durable-execution-sdk-js';
import { DurablePowertoolsPlugin } from '@durable-powertools/commons';
import { setupDurableHarness, teardownDurableHarness } from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NoopPlugin, PerInvocationPlugin } from '../../../durable-commons/tests/support.js';
import { describeProgram } from './describe.js';
import { forEachSeed, problemsOf, programFor, runProgram } from './support.js';

/**
 * The randomized replay property (replay.property.test.ts) through other plugin registrations:
 * plugins carry no state and no settings, so every program must write what one non-replaying
 * execution writes whether the SDK is given a fresh `DurablePowertoolsPlugin` per invocation (the
 * factory shape the SDK's open change proposes), two instances, or an unrelated plugin first.
 *
 * The harness registers its plugin in tests/support/plugin.ts (`pluginConfig()` for
 * `withDurableExecution(middy(handler), { plugins })`, `withPluginFromEnvironment()` for middy's
 * durable mode); this file replaces that one module with vi.mock so that both middy shapes get
 * the plugin list of the shape under test, the second one still through the SDK's real
 * `DURABLE_EXECUTION_PLUGINS` loader.
 *
 * Reproduce one program: `PROPERTY_SEED=<seed> PLUGIN_SHAPES_RUNS=1 npx vitest run <this file>`.
 */
const RUNS = Number(process.env.PLUGIN_SHAPES_RUNS ?? 30);

type PluginClass = new () => DurableInstrumentationPlugin;

/** The plugin lists under test, as classes (the environment loader needs one provider per entry). */
const SHAPES: Record<string, readonly PluginClass[]> = {
  'a fresh DurablePowertoolsPlugin per invocation': [PerInvocationPlugin],
  '[new DurablePowertoolsPlugin(), new DurablePowertoolsPlugin()]': [
    DurablePowertoolsPlugin,
    DurablePowertoolsPlugin,
  ],
  'a no-op plugin first, then two DurablePowertoolsPlugin': [
    NoopPlugin,
    DurablePowertoolsPlugin,
    DurablePowertoolsPlugin,
  ],
};

const registration = vi.hoisted(() => ({
  /** The shape every handler built now gets. */
  shape: '',
  classes: [] as readonly (new () => unknown)[],
  /** Every plugin created, to count the per-invocation instances. */
  created: [] as unknown[],
  /** Plugin lists handed out, by registration form. */
  lists: { config: 0, environment: 0 },
  /** Provider reads per shape: module `?shape=S&position=i` is evaluated once, in order of i. */
  reads: new Map<string, number>(),
}));

vi.mock('../../../../tests/support/plugin.js', async () => {
  const PROVIDER_SYMBOL = Symbol.for('@durable-powertools/tests.pluginProvider');
  const PROVIDER_MODULE = new URL('../../../../tests/support/pluginProvider.mjs', import.meta.url)
    .pathname;
  const create = (Plugin: new () => unknown): unknown => {
    const plugin = new Plugin();
    registration.created.push(plugin);
    return plugin;
  };
  // tests/support/pluginProvider.mjs exports this global as the provider when it is evaluated; one
  // module URL per shape and position, evaluated in position order by the SDK's loader.
  Object.defineProperty(globalThis, PROVIDER_SYMBOL, {
    configurable: true,
    get: () => {
      const position = registration.reads.get(registration.shape) ?? 0;
      registration.reads.set(registration.shape, position + 1);
      const Plugin = registration.classes[position] as new () => unknown;
      const createPlugin = () => {
        if (position === 0) registration.lists.environment++;
        return create(Plugin);
      };
      return { pluginApiVersion: 1, pluginType: Plugin, createPlugin };
    },
  });
  return {
    pluginConfig: () => {
      registration.lists.config++;
      return { plugins: registration.classes.map(create) };
    },
    withPluginFromEnvironment: <T>(build: () => T): T => {
      const shape = encodeURIComponent(registration.shape);
      const previous = process.env.DURABLE_EXECUTION_PLUGINS;
      process.env.DURABLE_EXECUTION_PLUGINS = registration.classes
        .map((_, position) => `${PROVIDER_MODULE}?shape=${shape}&position=${position}`)
        .join(',');
      try {
        return build();
      } finally {
        if (previous === undefined) delete process.env.DURABLE_EXECUTION_PLUGINS;
        else process.env.DURABLE_EXECUTION_PLUGINS = previous;
      }
    },
  };
});

beforeAll(() => setupDurableHarness());
afterAll(() => teardownDurableHarness());

describe.each(Object.entries(SHAPES))('the replay property with %s', (shape, classes) => {
  it(`${RUNS} random programs write what one non-replaying execution writes`, async () => {
    // Prepare
    registration.shape = shape;
    registration.classes = classes;
    registration.created = [];
    registration.lists = { config: 0, environment: 0 };
    const shapes = { config: 0, environment: 0 };
    const failures: string[] = [];
    let replayed = 0;
    let invocations = 0;
    const startedAt = performance.now();

    // Act
    await forEachSeed(RUNS, async (seed) => {
      const program = programFor(seed);
      shapes[program.shape === 'middy durable mode' ? 'environment' : 'config']++;
      const result = await runProgram(program);
      invocations += result.invocations.length;
      if (result.invocations.length > 1) replayed++;
      const problems = problemsOf(program, result);
      if (problems.length > 0) {
        failures.push(`seed ${seed}:\n${describeProgram(program)}\n  ${problems.join('\n  ')}`);
      }
    });
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    process.stdout.write(
      `plugin shape "${shape}": ${RUNS} programs, ${invocations} invocations, ${seconds} s\n`,
    );

    // Assess
    expect(failures, failures.join('\n\n')).toEqual([]);
    if (RUNS >= 20) expect(replayed).toBeGreaterThan(RUNS / 3);
    // Every handler got the shape's plugins, in code or through DURABLE_EXECUTION_PLUGINS.
    expect(registration.lists).toEqual(shapes);
    const adapters = registration.created.filter((plugin) => plugin instanceof PerInvocationPlugin);
    const perInvocation = adapters.reduce((sum, adapter) => sum + adapter.created, 0);
    // One fresh DurablePowertoolsPlugin for each invocation of every program, or none at all.
    expect(perInvocation).toBe(classes.includes(PerInvocationPlugin) ? invocations : 0);
  }, 600_000);
});
