import { createSocket, type Socket } from 'node:dgram';

/** One document `aws-xray-sdk-core` sent to the daemon: a segment or subsegment, as JSON. */
export interface XrayDocument {
  id: string;
  name: string;
  trace_id: string;
  parent_id?: string;
  type?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  fault?: boolean;
  error?: boolean;
  annotations?: Record<string, string | number | boolean>;
  metadata?: Record<string, Record<string, unknown>>;
  cause?: { exceptions?: { message?: string; type?: string }[] };
  subsegments?: XrayDocument[];
}

/** Options of {@link XrayDaemon.start}. */
export interface XrayDaemonOptions {
  /**
   * A datagram that is not an X-Ray JSON document: `'throw'` fails loudly (from the socket's listener,
   * so the test process reports it), `'ignore'` drops it. @default 'throw'
   */
  unexpectedPackets?: 'throw' | 'ignore';
}

const HEADER = '{"format":"json","version":1}\n';

/**
 * A stand-in for the X-Ray daemon, which forwards to AWS: a UDP socket on 127.0.0.1 (ephemeral port)
 * that keeps every document the real `aws-xray-sdk-core` (under Powertools Tracer) sends. What it
 * receives is exactly what would leave the Lambda sandbox; only the daemon is replaced.
 * @example
 * ```ts
 * const daemon = await XrayDaemon.start();
 * process.env.AWS_XRAY_DAEMON_ADDRESS = daemon.address; // before aws-xray-sdk-core loads
 * // ... run the traced handler ...
 * await daemon.settle();
 * const handlers = daemon.named('## index.handler');
 * await daemon.stop();
 * ```
 */
export class XrayDaemon {
  readonly #socket: Socket;
  /** Every document received so far, in arrival order. */
  readonly documents: XrayDocument[] = [];

  private constructor(socket: Socket, options: XrayDaemonOptions) {
    this.#socket = socket;
    socket.on('message', (message) => {
      const text = message.toString('utf8');
      if (text.startsWith(HEADER)) {
        this.documents.push(JSON.parse(text.slice(HEADER.length)) as XrayDocument);
      } else if (options.unexpectedPackets !== 'ignore') {
        throw new Error(`unexpected X-Ray daemon packet: ${text}`);
      }
    });
  }

  /** Binds a UDP socket on 127.0.0.1 at an ephemeral port. */
  static async start(options: XrayDaemonOptions = {}): Promise<XrayDaemon> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new XrayDaemon(socket, options);
  }

  /** `127.0.0.1:<port>`, for `AWS_XRAY_DAEMON_ADDRESS`. */
  get address(): string {
    const { address, port } = this.#socket.address();
    return `${address}:${port}`;
  }

  /** Waits until the datagrams sent so far have arrived (loopback: a few ms). */
  async settle(): Promise<void> {
    let count = -1;
    while (count !== this.documents.length) {
      count = this.documents.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The documents named `name`, in the order they arrived. */
  named(name: string): XrayDocument[] {
    return this.documents.filter((document) => document.name === name);
  }

  /** The documents of one trace, in the order they arrived. */
  ofTrace(traceId: string): XrayDocument[] {
    return this.documents.filter((document) => document.trace_id === traceId);
  }

  /** Closes the socket. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }
}
