export * from './assertions.js';
export * from './environment.js';
export * from './errors.js';
export * from './lambdaSimulation.js';
export * from './parse.js';
export * from './runDurable.js';
export { renderTimeline } from './timeline/render.js';
export type * from './types.js';
export * from './xrayDaemon.js';
