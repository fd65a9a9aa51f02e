/** A step retry strategy: retry after 1 s (a real invocation boundary), up to `attempts` attempts. */
export const retryEverySecond =
  (attempts: number) =>
  (_error: Error, attempt: number): { shouldRetry: boolean; delay?: { seconds: number } } =>
    attempt < attempts ? { shouldRetry: true, delay: { seconds: 1 } } : { shouldRetry: false };
