import { createSocket, type Socket } from 'node:dgram';

/** One document the X-Ray SDK sent to the daemon: a segment or subsegment, as JSON. */
export interface TraceDocument {
  id: string;
  name: string;
  trace_id: string;
  parent_id?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  fault?: boolean;
  error?: boolean;
  annotations?: Record<string, string | number | boolean>;
}

const HEADER = '{"format":"json","version":1}\n';

/**
 * Stands in for the X-Ray daemon, which forwards to AWS: a UDP socket on 127.0.0.1 that keeps every
 * document the real `aws-xray-sdk-core` (under Powertools Tracer) sends. What it receives is exactly
 * what would leave the Lambda sandbox.
 */
export class XrayReceiver {
  readonly #socket: Socket;
  readonly documents: TraceDocument[] = [];

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('message', (message) => {
      const text = message.toString('utf8');
      if (text.startsWith(HEADER)) {
        this.documents.push(JSON.parse(text.slice(HEADER.length)) as TraceDocument);
      }
    });
  }

  static async start(): Promise<XrayReceiver> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new XrayReceiver(socket);
  }

  /** `127.0.0.1:<port>`, for `AWS_XRAY_DAEMON_ADDRESS`. */
  get address(): string {
    const { address, port } = this.#socket.address();
    return `${address}:${port}`;
  }

  /** Waits until the datagrams sent so far have arrived (loopback: milliseconds). */
  async settle(): Promise<void> {
    let count = -1;
    while (count !== this.documents.length) {
      count = this.documents.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The documents of one trace, in the order they arrived. */
  ofTrace(traceId: string): TraceDocument[] {
    return this.documents.filter((document) => document.trace_id === traceId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }
}
