import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One span as it reached the receiver, decoded from OTLP/HTTP JSON. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: number;
  /** Milliseconds since the epoch (from `startTimeUnixNano`). */
  readonly start: number;
  readonly end: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  /** 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
  readonly events: readonly {
    name: string;
    attributes: Record<string, string | number | boolean>;
  }[];
  readonly scope: string;
  /** Span ids this span links to. */
  readonly links: readonly string[];
}

interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpKeyValue[];
  status?: { code?: number };
  events?: { name: string; attributes?: OtlpKeyValue[] }[];
  links?: { traceId: string; spanId: string }[];
}
interface OtlpExportRequest {
  resourceSpans?: { scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[] }[];
}

/**
 * A stand-in OpenTelemetry collector on loopback: accepts `POST /v1/traces` with OTLP/HTTP JSON (what
 * `@opentelemetry/exporter-trace-otlp-http` sends, gzip or not), decodes every span and answers 200.
 * It decodes the wire format itself, independently of the exporter's own serializer.
 */
export class OtlpReceiver {
  readonly #spans: ReceivedSpan[] = [];
  readonly #server: Server;
  #requests = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  public static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (request, response) => {
      void receiver.#accept(request).then(
        () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
        (error: unknown) => response.writeHead(400).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The URL to give `OTLPTraceExporter({ url })`. */
  public get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1/traces`;
  }

  /** Export requests received so far. */
  public get requests(): number {
    return this.#requests;
  }

  /** Every span received so far, in arrival order. */
  public spans(): readonly ReceivedSpan[] {
    return [...this.#spans];
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #accept(request: IncomingMessage): Promise<void> {
    if (request.method !== 'POST' || request.url !== '/v1/traces') {
      throw new Error(`unexpected ${request.method} ${request.url}`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    if (!String(request.headers['content-type']).includes('json')) {
      throw new Error(`expected OTLP/HTTP JSON, got ${request.headers['content-type']}`);
    }
    const payload = JSON.parse(body.toString('utf8')) as OtlpExportRequest;
    this.#requests++;
    for (const resourceSpans of payload.resourceSpans ?? []) {
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          this.#spans.push(decodeSpan(span, scopeSpans.scope?.name ?? ''));
        }
      }
    }
  }
}

const decodeSpan = (span: OtlpSpan, scope: string): ReceivedSpan => ({
  traceId: span.traceId,
  spanId: span.spanId,
  parentSpanId:
    span.parentSpanId === undefined || span.parentSpanId === '' ? undefined : span.parentSpanId,
  name: span.name,
  kind: span.kind,
  start: nanosToMillis(span.startTimeUnixNano),
  end: nanosToMillis(span.endTimeUnixNano),
  attributes: decodeAttributes(span.attributes),
  statusCode: span.status?.code ?? 0,
  events: (span.events ?? []).map((event) => ({
    name: event.name,
    attributes: decodeAttributes(event.attributes),
  })),
  scope,
  links: (span.links ?? []).map((link) => link.spanId),
});

const nanosToMillis = (nanos: string | number): number => Number(BigInt(nanos) / 1_000_000n);

const decodeAttributes = (
  attributes: OtlpKeyValue[] | undefined,
): Record<string, string | number | boolean> => {
  const decoded: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes ?? []) {
    if (value.stringValue !== undefined) decoded[key] = value.stringValue;
    else if (value.intValue !== undefined) decoded[key] = Number(value.intValue);
    else if (value.doubleValue !== undefined) decoded[key] = value.doubleValue;
    else if (value.boolValue !== undefined) decoded[key] = value.boolValue;
  }
  return decoded;
};
