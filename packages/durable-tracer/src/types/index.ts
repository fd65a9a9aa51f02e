export type { DurableTracerOptions, DurableTracerPluginOptions } from './options.js';
