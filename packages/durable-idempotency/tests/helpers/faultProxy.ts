import { createServer, type Server, type Socket } from 'node:net';

/** The store writes a fault can target (a read or anything else passes through). */
export type StoreWrite = 'claim' | 'completion' | 'release';

/**
 * - `reset`: the connection is reset before the request reaches the server (nothing written);
 * - `reset-after-write`: the request reaches the server, then the connection is reset instead of
 *   the reply (written, but the client cannot know);
 * - `http-500`: an HTTP 500 with DynamoDB's `InternalFailure` body, nothing written (HTTP only);
 * - `delay`: the request is held `delayMs` before it goes on;
 * - `die`: the proxy dies at the request: every connection reset, new ones refused, until `clear()`.
 */
export type FaultMode = 'reset' | 'reset-after-write' | 'http-500' | 'delay' | 'die';

export interface Fault {
  /** The write to fault, or `any` request (reads included). */
  on: StoreWrite | 'any';
  mode: FaultMode;
  /** How many matching requests to fault (default: every one until `clear()`). */
  times?: number;
  /** Requests of that kind let through before the first fault (default 0). */
  after?: number;
  delayMs?: number;
}

/**
 * What request a chunk a client sent starts: a write, another request (`read`), or `undefined` for
 * the continuation of a request.
 */
export type WriteClassifier = (chunk: Buffer) => StoreWrite | 'read' | undefined;

/** A TCP proxy on loopback in front of a persistence server, injecting one fault at a time. */
export interface FaultProxy {
  readonly port: number;
  arm(fault: Fault): void;
  /** Disarms the fault and, after `die`, listens again on the same port. */
  clear(): Promise<void>;
  /** Requests faulted so far. */
  readonly faulted: number;
  close(): Promise<void>;
}

const INTERNAL_FAILURE = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#InternalFailure',
  message: 'injected by the test proxy',
});
const HTTP_500 =
  'HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/x-amz-json-1.0\r\n' +
  `Content-Length: ${Buffer.byteLength(INTERNAL_FAILURE)}\r\nx-amzn-RequestId: injected\r\n` +
  `Connection: close\r\n\r\n${INTERNAL_FAILURE}`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a proxy on an ephemeral 127.0.0.1 port that forwards to `127.0.0.1:targetPort`, and
 * applies the armed fault to requests `classify` recognises. Chunks of one connection are handled
 * in order, so a delayed request never overtakes its own body.
 */
export const startFaultProxy = async (
  targetPort: number,
  classify: WriteClassifier,
): Promise<FaultProxy> => {
  let fault: Fault | undefined;
  let seen = 0;
  let faulted = 0;
  let dead = false;
  const sockets = new Set<Socket>();

  const decide = (chunk: Buffer): Fault | undefined => {
    const kind = classify(chunk);
    if (fault === undefined || kind === undefined) return undefined;
    if (fault.on !== 'any' && kind !== fault.on) return undefined;
    seen++;
    if (seen <= (fault.after ?? 0)) return undefined;
    if (faulted >= (fault.times ?? Number.POSITIVE_INFINITY)) return undefined;
    faulted++;
    return fault;
  };

  const die = () => {
    dead = true;
    listening.close();
    for (const socket of sockets) socket.resetAndDestroy();
  };

  const onConnection = (client: Socket) => {
    if (dead) {
      client.resetAndDestroy();
      return;
    }
    const upstream = new (client.constructor as typeof Socket)();
    sockets.add(client).add(upstream);
    let resetOnReply = false;
    let swallow = false;
    let queue = Promise.resolve();
    const drop = () => {
      client.resetAndDestroy();
      upstream.destroy();
    };
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('error', () => undefined);
    upstream.on('error', () => client.destroy());
    upstream.on('data', (data) => {
      if (resetOnReply) {
        drop();
        return;
      }
      client.write(data);
    });
    upstream.connect(targetPort, '127.0.0.1');
    client.on('data', (chunk: Buffer) => {
      queue = queue.then(async () => {
        if (swallow || client.destroyed) return;
        const active = decide(chunk);
        switch (active?.mode) {
          case 'reset':
            drop();
            return;
          case 'die':
            die();
            return;
          case 'http-500':
            swallow = true;
            client.end(HTTP_500);
            upstream.destroy();
            return;
          case 'delay':
            await sleep(active.delayMs ?? 300);
            break;
          case 'reset-after-write':
            resetOnReply = true;
            break;
          default:
            break;
        }
        upstream.write(chunk);
      });
    });
  };

  let listening: Server = createServer(onConnection);
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  const address = listening.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    port,
    arm: (next) => {
      fault = next;
      seen = 0;
      faulted = 0;
    },
    clear: async () => {
      fault = undefined;
      if (!dead) return;
      dead = false;
      listening = createServer(onConnection);
      await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    },
    get faulted() {
      return faulted;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (dead ? resolve() : listening.close(() => resolve())));
    },
  };
};
