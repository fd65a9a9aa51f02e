import {
  DurableOpenTelemetry,
  DurableOpenTelemetryOptionError,
  durableOpenTelemetry,
  durableOpenTelemetryHandler,
  withDurableOpenTelemetry,
} from '@durable-powertools/opentelemetry';
import { describe, expect, it } from 'vitest';
import { parseTraceparent, parseXRayHeader } from '../../src/ids/incoming.js';

describe('durableOpenTelemetry() options', () => {
  it('rejects an unknown option at construction, naming it', () => {
    // Act / Assess
    expect(() => durableOpenTelemetry({ sampleRatoi: 0.5 } as never)).toThrow(
      DurableOpenTelemetryOptionError,
    );
    expect(() => durableOpenTelemetry({ sampleRatoi: 0.5 } as never)).toThrow(
      /unknown option `sampleRatoi`.*Did you mean `sampleRatio`\?/,
    );
  });

  it('rejects values of the wrong kind, naming the option', () => {
    // Act / Assess
    for (const [options, option] of [
      [{ traceIdFormat: 'uuid' }, 'traceIdFormat'],
      [{ flush: 'yes' }, 'flush'],
      [{ tracerProvider: {} }, 'tracerProvider'],
      ['fast', 'options'],
    ] as const) {
      expect(() => durableOpenTelemetry(options as never), option).toThrow(
        expect.objectContaining({ name: 'DurableOpenTelemetryOptionError', option }),
      );
    }
  });

  it('keeps durableOpenTelemetry() as the same entry point', () => {
    // Act
    const tracing = new DurableOpenTelemetry({ sampleRatio: 1 });

    // Assess: the one active tracing, refused a second time until disposed.
    expect(() => durableOpenTelemetry()).toThrow(/Create it once at module scope/);
    tracing.dispose();
    durableOpenTelemetry().dispose();
  });
});

describe('the wrapper and the decorator', () => {
  it('check the same options where they are built, naming themselves', () => {
    // Prepare
    const workflow = async () => 'done';

    // Act / Assess
    expect(() => withDurableOpenTelemetry(workflow, { sampleRatoi: 0.5 } as never)).toThrow(
      /^withDurableOpenTelemetry\(\): unknown option `sampleRatoi`.*Did you mean `sampleRatio`\?/,
    );
    expect(() => durableOpenTelemetryHandler({ sampleRatoi: 0.5 } as never)).toThrow(
      /^durableOpenTelemetryHandler\(\): unknown option `sampleRatoi`.*Did you mean `sampleRatio`\?/,
    );
    expect(() => durableOpenTelemetryHandler({ traceIdFormat: 'uuid' } as never)).toThrow(
      expect.objectContaining({ name: 'DurableOpenTelemetryOptionError', option: 'traceIdFormat' }),
    );
    expect(() => withDurableOpenTelemetry({} as never)).toThrow(
      expect.objectContaining({ name: 'DurableOpenTelemetryOptionError', option: 'handler' }),
    );
  });
});

describe('incoming trace context', () => {
  it('reads Root, Parent and Sampled of an X-Ray header, each independently', () => {
    // Act / Assess
    expect(
      parseXRayHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'),
    ).toEqual({
      traceId: '5759e988bd862e3fe1be46a994272793',
      parentSpanId: '53995c3f42cd8ad8',
      sampled: true,
    });
    expect(parseXRayHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0')).toEqual({
      traceId: '5759e988bd862e3fe1be46a994272793',
      parentSpanId: undefined,
      sampled: false,
    });
    expect(
      parseXRayHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000;Sampled=?'),
    ).toMatchObject({ parentSpanId: undefined, sampled: undefined });
    expect(parseXRayHeader('Root=1-00000000-000000000000000000000000;Sampled=1')).toBeUndefined();
    expect(parseXRayHeader('Parent=53995c3f42cd8ad8;Sampled=1')).toBeUndefined();
    expect(parseXRayHeader(undefined)).toBeUndefined();
  });

  it('reads a W3C traceparent, rejecting malformed or all-zero ids', () => {
    // Act / Assess
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      sampled: false,
    });
    expect(
      parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01'),
    ).toBeUndefined();
    expect(
      parseTraceparent('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
    ).toBeUndefined();
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-01')).toBeUndefined();
  });
});
