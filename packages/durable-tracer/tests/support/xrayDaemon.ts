import { createSocket, type Socket } from 'node:dgram';

/** One document the X-Ray SDK sent to the daemon: a (sub)segment, as JSON. */
export interface EmittedSegment {
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
  subsegments?: EmittedSegment[];
}

const HEADER = '{"format":"json","version":1}\n';

/**
 * A stand-in for the X-Ray daemon: a UDP server on 127.0.0.1 (ephemeral port) that parses every
 * document the real `aws-xray-sdk-core` emits. Only the daemon (which forwards to AWS) is replaced.
 */
export class XrayDaemon {
  readonly #socket: Socket;
  readonly documents: EmittedSegment[] = [];

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('message', (message) => {
      const text = message.toString('utf8');
      if (!text.startsWith(HEADER)) throw new Error(`unexpected X-Ray daemon packet: ${text}`);
      this.documents.push(JSON.parse(text.slice(HEADER.length)) as EmittedSegment);
    });
  }

  static async start(): Promise<XrayDaemon> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new XrayDaemon(socket);
  }

  get address(): string {
    const { address, port } = this.#socket.address();
    return `${address}:${port}`;
  }

  /** Waits until the UDP packets sent so far have been received (loopback: a few ms). */
  async settle(): Promise<void> {
    let count = -1;
    while (count !== this.documents.length) {
      count = this.documents.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Emitted documents named `name`, in the order they were received. */
  named(name: string): EmittedSegment[] {
    return this.documents.filter((document) => document.name === name);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }
}
