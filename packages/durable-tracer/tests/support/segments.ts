import type { XrayDaemon, XrayDocument } from '@durable-powertools/testing';

export const HANDLER_SUBSEGMENT = '## index.handler';

/** The documents of one run: those whose trace is one of the run's invocation traces. */
export const documentsOf = (daemon: XrayDaemon, traceIds: readonly string[]): XrayDocument[] =>
  daemon.documents.filter((document) => traceIds.includes(document.trace_id));

/** The handler subsegments of one run, ordered like its invocations. */
export const handlerSubsegmentsOf = (
  daemon: XrayDaemon,
  traceIds: readonly string[],
): XrayDocument[] => {
  const handlers = documentsOf(daemon, traceIds).filter((d) => d.name === HANDLER_SUBSEGMENT);
  return handlers.sort((a, b) => traceIds.indexOf(a.trace_id) - traceIds.indexOf(b.trace_id));
};
