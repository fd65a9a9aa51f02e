export { DurableMetricsPlugin, durableExecutionPluginProvider } from './DurableMetricsPlugin.js';
