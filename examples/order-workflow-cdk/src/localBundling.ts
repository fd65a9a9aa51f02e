import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ILocalBundling } from 'aws-cdk-lib';
import { buildSync } from 'esbuild';

/** A plugin module the durable SDK imports by name (`DURABLE_EXECUTION_PLUGINS`), and its source. */
export interface PluginModule {
  /** The specifier listed in `DURABLE_EXECUTION_PLUGINS`, e.g. `@durable-powertools/commons/plugin`. */
  readonly specifier: string;
  /** The module (as the bundler resolves it) that exports its `durableExecutionPluginProvider`. */
  readonly fromModule: string;
}

/**
 * The suite's one plugin, `DurablePowertoolsPlugin` (the lifecycle core every utility runs on), as
 * the function's `DURABLE_EXECUTION_PLUGINS` lists it. Every utility's `/plugin` subpath is the same
 * module: list one of them, once.
 */
export const SUITE_PLUGINS: readonly PluginModule[] = [
  {
    specifier: '@durable-powertools/commons/plugin',
    fromModule: '@durable-powertools/commons/plugin',
  },
];

/** Splits `@scope/name/sub/path` into the package name and the subpath (`.` for none). */
const splitSpecifier = (specifier: string): { name: string; subpath: string } => {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(nameLength).join('/');
  return { name: parts.slice(0, nameLength).join('/'), subpath: rest === '' ? '.' : `./${rest}` };
};

/**
 * Bundles a durable handler on this machine with esbuild (no Docker): one ESM file, `index.mjs`,
 * exporting `handler` (or the `handlers` given), plus for each plugin a two-file package under
 * `node_modules/` that the SDK can import by name (it resolves `DURABLE_EXECUTION_PLUGINS` from
 * `LAMBDA_TASK_ROOT`). Each such package re-exports the provider from `index.mjs`, so the handler
 * and the plugins share one copy of the SDK and of Powertools.
 *
 * @example
 * ```ts
 * Code.fromAsset(exampleDir, {
 *   assetHashType: AssetHashType.OUTPUT,
 *   bundling: { image: DockerImage.fromRegistry('unused'), local: new EsbuildLocalBundling({ ... }) },
 * });
 * ```
 */
export class EsbuildLocalBundling implements ILocalBundling {
  readonly #entry: string;
  readonly #tsconfig: string;
  readonly #plugins: readonly PluginModule[];
  readonly #handlers: readonly string[];

  /**
   * @param options.entry - absolute path of the module that exports `handler`
   * @param options.tsconfig - tsconfig whose `paths` resolve the workspace packages
   * @param options.plugins - plugin modules to make importable by name @default SUITE_PLUGINS
   * @param options.handlers - the entry's exports `index.mjs` re-exports, one per Lambda handler
   * (`index.<name>`) @default ['handler']
   */
  public constructor(options: {
    entry: string;
    tsconfig: string;
    plugins?: readonly PluginModule[];
    handlers?: readonly string[];
  }) {
    this.#entry = options.entry;
    this.#tsconfig = options.tsconfig;
    this.#plugins = options.plugins ?? SUITE_PLUGINS;
    this.#handlers = options.handlers ?? ['handler'];
  }

  /** Returns true when bundled; throws (never falls back to Docker) when esbuild fails. */
  public tryBundle(outputDir: string): boolean {
    mkdirSync(outputDir, { recursive: true }); // esbuild resolves the entry's imports from here
    const reexports = this.#plugins.map(
      (plugin, index) =>
        `export { durableExecutionPluginProvider as plugin${index} } from ${JSON.stringify(plugin.fromModule)};`,
    );
    buildSync({
      stdin: {
        contents: [
          `export { ${this.#handlers.join(', ')} } from ${JSON.stringify(this.#entry)};`,
          ...reexports,
        ].join('\n'),
        resolveDir: outputDir,
        sourcefile: 'lambda-entry.ts',
        loader: 'ts',
      },
      tsconfig: this.#tsconfig,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      outfile: join(outputDir, 'index.mjs'),
      // CommonJS dependencies (the AWS SDK, aws-xray-sdk-core) call require() on Node built-ins.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      sourcemap: 'linked',
      logLevel: 'error',
    });
    this.#plugins.forEach((plugin, index) => {
      const { name, subpath } = splitSpecifier(plugin.specifier);
      const file = subpath === '.' ? 'index.mjs' : `${subpath.slice(2).replaceAll('/', '-')}.mjs`;
      const packageDir = join(outputDir, 'node_modules', ...name.split('/'));
      mkdirSync(packageDir, { recursive: true });
      const depth = name.split('/').length + 1; // node_modules/<scope>/<name>
      const bundle = `${'../'.repeat(depth)}index.mjs`;
      writeFileSync(
        join(packageDir, 'package.json'),
        `${JSON.stringify({ name, type: 'module', exports: { [subpath]: `./${file}` } }, null, 2)}\n`,
      );
      writeFileSync(
        join(packageDir, file),
        `export { plugin${index} as durableExecutionPluginProvider } from '${bundle}';\n`,
      );
    });
    return true;
  }
}
