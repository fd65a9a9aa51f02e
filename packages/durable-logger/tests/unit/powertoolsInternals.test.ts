import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bufferConfigOf,
  missingPowertoolsMembers,
  POWERTOOLS_MEMBERS,
  printAsLambdaJsonLines,
} from '../../src/powertoolsInternals.js';

// Every Powertools private/protected member the package uses exists on the installed Powertools; if
// one is gone, the package warns once (DURABLE_POWERTOOLS_POWERTOOLS_DRIFT) and degrades.

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.AWS_LAMBDA_LOG_FORMAT;
});

/** The drift warnings emitted while `fn` runs. */
const driftWarnings = (fn: () => void): string[] => {
  const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  fn();
  return emit.mock.calls
    .filter(
      ([, options]) =>
        (options as { code?: string })?.code === 'DURABLE_POWERTOOLS_POWERTOOLS_DRIFT',
    )
    .map(([message]) => String(message));
};

/** A Logger whose `member` reads as undefined (what a Powertools release without it looks like). */
const loggerWithout = (
  member: string,
  options?: ConstructorParameters<typeof Logger>[0],
): Logger => {
  const logger = new Logger(options);
  Object.defineProperty(logger, member, { value: undefined, configurable: true, writable: true });
  return logger;
};

describe('Powertools internals', () => {
  it('are all present on the installed Powertools Logger', () => {
    // Act / Assess
    expect(missingPowertoolsMembers()).toEqual([]);
    expect(Object.keys(POWERTOOLS_MEMBERS)).toHaveLength(6);
  });

  it('reads logBufferOptions through createChild/createLogger without creating a child', () => {
    // Prepare
    const logger = new Logger({ logBufferOptions: { enabled: true, bufferAtVerbosity: 'INFO' } });

    // Act / Assess
    expect(bufferConfigOf(logger)).toEqual({ atVerbosity: 12, flushOnErrorLog: true });
    expect(bufferConfigOf(new Logger())).toBeUndefined();
  });

  it.each(['createLogger', 'printLog', 'createAndPopulateLogItem'])(
    'without %s: warns once naming what degrades, and leaves buffering to Powertools',
    (member) => {
      // Prepare
      const options = { logBufferOptions: { enabled: true } };

      // Act
      let configs: unknown[] = [];
      const warnings = driftWarnings(() => {
        configs = [
          bufferConfigOf(loggerWithout(member, options)),
          bufferConfigOf(loggerWithout(member, options)),
        ];
      });

      // Assess
      expect(configs).toEqual([undefined, undefined]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(member);
      expect(warnings[0]).toContain('logBufferOptions');
    },
  );

  it('without console or logIndentation: warns once each, and prints as Powertools does', () => {
    // Prepare
    process.env.AWS_LAMBDA_LOG_FORMAT = 'JSON';

    // Act
    const warnings = driftWarnings(() => {
      for (const member of ['console', 'console', 'logIndentation']) {
        expect(() => printAsLambdaJsonLines(loggerWithout(member))).not.toThrow();
      }
    });

    // Assess
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('console');
    expect(warnings[1]).toContain('logIndentation');
  });
});
