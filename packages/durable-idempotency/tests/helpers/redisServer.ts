import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import { createClient } from '@redis/client';
import type { PersistenceServer } from './persistenceServer.ts';

/** Commands the store's data path sends; connection set-up and our own `INFO` are not counted. */
const DATA_COMMANDS = ['get', 'set', 'del'];

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

  return {
    kind: 'redis',
    completedRecordsKeepPayloadHash: false,
    requestsToFindExisting: 2,
    newStore: () => new CachePersistenceLayer({ client }),
    requests: async () => {
      const stats = await admin.info('commandstats');
      return DATA_COMMANDS.reduce((sum, command) => {
        const match = new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats);
        return sum + Number(match?.[1] ?? 0);
      }, 0);
    },
    close: async () => {
      await Promise.allSettled([client.quit(), admin.quit()]);
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
};
