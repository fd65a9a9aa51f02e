/**
 * The `trace` option of {@link runDurable}: start every invocation with an X-Ray trace header as the
 * Lambda runtime does for a durable execution (one `Root` for the execution, a new `Parent` per
 * invocation, the execution's `Sampled`). `trace: true` is `trace: {}`.
 *
 * @example
 * ```ts
 * const result = await runDurable(handler, { payload: {}, trace: { sampled: false } });
 * ```
 */
export interface RunTraceOptions {
  /**
   * The execution's sampling decision: `Sampled=1` when `true`, `Sampled=0` when `false`.
   * @default true
   */
  readonly sampled?: boolean;
  /**
   * The execution's X-Ray trace id (`Root`), `1-<8 hex: epoch seconds>-<24 hex>`.
   * @default a fresh id per run
   */
  readonly root?: string;
}

/**
 * The X-Ray trace of a durable execution as the harness started it (`result.trace`): the same `Root`
 * and `Sampled` on every invocation.
 *
 * @example
 * ```ts
 * const { trace } = await runDurable(handler, { payload: {}, trace: true });
 * expect(daemon.ofTrace(trace!.root)).not.toHaveLength(0);
 * ```
 */
export interface ExecutionTrace {
  /** The execution's trace id, e.g. `1-6740a1b2-0123456789abcdef01234567`. */
  readonly root: string;
  /** The execution's sampling decision. */
  readonly sampled: boolean;
  /** `Root=<root>;Sampled=<0|1>`: the execution's header without an invocation's `Parent`. */
  readonly header: string;
}

/**
 * The X-Ray trace header one invocation started with (`result.invocations[i].trace`).
 *
 * @example
 * ```ts
 * const parents = result.invocations.map((invocation) => invocation.trace?.parent);
 * ```
 */
export interface InvocationTrace extends ExecutionTrace {
  /** This invocation's `Parent`: the id of its Lambda segment, 16 hex digits, new per invocation. */
  readonly parent: string;
  /** The whole header: `Root=<root>;Parent=<parent>;Sampled=<0|1>`. */
  readonly header: string;
}
