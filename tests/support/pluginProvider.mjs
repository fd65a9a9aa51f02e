// The SDK imports the modules named in DURABLE_EXECUTION_PLUGINS with Node's own `import()`, outside
// vitest's module graph, where the TypeScript sources cannot be loaded. `withPluginFromEnvironment`
// leaves the provider of the sources under test here, so the SDK's real environment loader (import,
// validate, createPlugin, instanceof check) runs against the code under test without a build.
export const durableExecutionPluginProvider =
  globalThis[Symbol.for('@durable-powertools/tests.pluginProvider')];
