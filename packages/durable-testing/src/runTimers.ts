import { createHook } from 'node:async_hooks';

/**
 * The timers a run's code armed. Middy's early-timeout timer (from the remaining time, 900 000 ms under
 * the local runner) is cleared when the handler settles, which a suspended invocation's never does:
 * it would keep a plain Node process alive for 15 minutes. The harness unrefs a run's timers when the
 * run ends (they still fire, into `lateLines`, if the process lives on) and clears them at teardown.
 */
export interface RunTimers {
  readonly handles: Set<NodeJS.Timeout>;
  /** Set when the run has returned: timers armed later by its leftovers are unref'd at once. */
  finished: boolean;
}

const liveRuns = new Set<RunTimers>();

/** A new timer set for a run, remembered until {@link clearRunTimers}. */
export const newRunTimers = (): RunTimers => {
  const timers: RunTimers = { handles: new Set(), finished: false };
  liveRuns.add(timers);
  return timers;
};

/** The run has returned: none of its timers may keep the process alive any more. */
export const releaseRunTimers = (timers: RunTimers): void => {
  timers.finished = true;
  for (const handle of timers.handles) handle.unref();
};

/** Clears every timer of every run (teardown): nothing armed by a handler fires after this. */
export const clearRunTimers = (): void => {
  for (const timers of liveRuns) {
    releaseRunTimers(timers);
    for (const handle of timers.handles) clearTimeout(handle);
    timers.handles.clear();
  }
  liveRuns.clear();
};

/**
 * An async hook that sees every `Timeout` created while it is enabled; one created in a run's async
 * context (`timersOfContext` returns its set) joins that run's timers. (An async hook, not a patched
 * `setTimeout`: middy imports `setTimeout` from `node:timers`, which a patched global would miss.)
 */
export const createTimerTracker = (timersOfContext: () => RunTimers | undefined) =>
  createHook({
    init(_asyncId, type, _triggerAsyncId, resource) {
      if (type !== 'Timeout') return;
      const timers = timersOfContext();
      if (timers === undefined) return;
      const handle = resource as NodeJS.Timeout;
      if (timers.finished) handle.unref();
      else timers.handles.add(handle);
    },
  });
