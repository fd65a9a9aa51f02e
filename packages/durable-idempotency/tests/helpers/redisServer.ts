import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import { createClient } from '@redis/client';
import { type FaultProxy, startFaultProxy, type WriteClassifier } from './faultProxy.ts';
import type { PersistenceServer } from './persistenceServer.ts';

/** Commands the store's data path sends; connection set-up and our own `INFO` are not counted. */
const DATA_COMMANDS = ['get', 'set', 'del'];

/** Powertools' cache writes: the claim is `SET ... NX`, the result a plain `SET`, the release `DEL`. */
const classifyRedisWrite: WriteClassifier = (chunk) => {
  const text = chunk.toString('latin1');
  if (/^\*\d+\r\n\$3\r\nSET\r\n/i.test(text)) {
    return /\r\nNX\r\n/i.test(text) ? 'claim' : 'completion';
  }
  if (/^\*\d+\r\n\$3\r\nDEL\r\n/i.test(text)) return 'release';
  return text.startsWith('*') ? 'read' : undefined;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

const waitForReady = (child: ChildProcess): Promise<void> =>
  new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });

/**
 * Spawns its own `redis-server` on an ephemeral 127.0.0.1 port, without persistence, connects
 * `@redis/client`, and counts the store's commands with `INFO commandstats` (server-side).
 *
 * Needs `redis-server` on the PATH (Debian package `redis-server`). Mocked: nothing.
 */
export const startRedis = async (): Promise<PersistenceServer> => {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForReady(child);
  const url = `redis://127.0.0.1:${port}`;
  const client = await createClient({ url }).connect();
  const admin = await createClient({ url }).connect();
  const proxies: FaultProxy[] = [];
  const proxiedClients: Array<{ destroy(): void }> = [];

  return {
    kind: 'redis',
    completedRecordsKeepPayloadHash: false,
    requestsToFindExisting: 2,
    clientAttempts: 1,
    newStore: () => new CachePersistenceLayer({ client }),
    newFaultyStore: async () => {
      const proxy = await startFaultProxy(port, classifyRedisWrite);
      proxies.push(proxy);
      // Fail fast while the proxy is down (no offline queue) and reconnect quickly once it is back.
      const proxied = createClient({
        url: `redis://127.0.0.1:${proxy.port}`,
        disableOfflineQueue: true,
        socket: { reconnectStrategy: () => 50 },
      });
      proxied.on('error', () => undefined);
      await proxied.connect();
      proxiedClients.push(proxied);
      // Clearing a fault also waits for the client to be connected again, so that the test's next
      // delivery meets a healthy store rather than a client still reconnecting.
      const clear = async () => {
        await proxy.clear();
        for (let waited = 0; !proxied.isReady && waited < 5000; waited += 20) await sleep(20);
      };
      return {
        store: new CachePersistenceLayer({ client: proxied }),
        proxy: Object.assign(Object.create(proxy) as FaultProxy, { clear }),
      };
    },
    requests: async () => {
      const stats = await admin.info('commandstats');
      return DATA_COMMANDS.reduce((sum, command) => {
        const match = new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats);
        return sum + Number(match?.[1] ?? 0);
      }, 0);
    },
    close: async () => {
      await Promise.allSettled([client.quit(), admin.quit()]);
      for (const proxied of proxiedClients) proxied.destroy();
      await Promise.all(proxies.map((proxy) => proxy.close()));
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
};
