import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { FaultProxy } from './faultProxy.ts';

/**
 * A real persistence server started by a test on loopback, with the requests it served counted on
 * the server side, so that a test can tell exactly how many round trips a piece of code made.
 */
export interface PersistenceServer {
  /** `dynamodb` (dynalite) or `redis` (redis-server). */
  readonly kind: 'dynamodb' | 'redis';
  /** A new Powertools persistence store on this server (configure each utility with its own). */
  newStore(): BasePersistenceLayer;
  /**
   * A new store that reaches the server through a fault-injecting proxy of its own (`faultProxy.ts`),
   * started on loopback; closed with the server.
   */
  newFaultyStore(): Promise<{ store: BasePersistenceLayer; proxy: FaultProxy }>;
  /** Data requests (reads, writes, deletes) the server has served so far. */
  requests(): Promise<number>;
  /**
   * Requests Powertools' store makes to find that a key is taken: DynamoDB returns the old item with
   * the failed conditional put (1); the cache store reads it after a failed `SET NX` (2).
   */
  readonly requestsToFindExisting: number;
  /** Attempts the client of a faulty store makes per request before it reports an error. */
  readonly clientAttempts: number;
  /** Whether the store keeps the payload hash when it stores a result (the cache store does not). */
  readonly completedRecordsKeepPayloadHash: boolean;
  close(): Promise<void>;
}
