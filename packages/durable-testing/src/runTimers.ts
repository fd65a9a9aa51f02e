import { createHook } from 'node:async_hooks';

/** A timer handle as Node creates it (`setTimeout`/`setInterval` from `node:timers` or the globals). */
interface TimerHandle {
  unref(): unknown;
  hasRef(): boolean;
}

/**
 * The timers a run's code armed. Middy arms an early-timeout timer from each invocation's remaining
 * time (a constant 900 000 ms under the local runner) and clears it when the handler settles; a
 * suspended invocation's handler never settles, so the timer would keep a plain Node process alive for
 * 15 minutes after the run. The harness unrefs a run's timers when the run ends (they can still fire
 * while something else keeps the process alive, so `lateLines` still see them) and clears them all in
 * `teardownDurableHarness`.
 */
export interface RunTimers {
  readonly handles: Set<TimerHandle>;
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
    for (const handle of timers.handles) clearTimeout(handle as unknown as NodeJS.Timeout);
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
      const handle = resource as TimerHandle;
      if (timers.finished) {
        handle.unref();
        return;
      }
      timers.handles.add(handle);
    },
  });
