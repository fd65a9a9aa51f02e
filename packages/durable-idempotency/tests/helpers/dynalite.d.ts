/** The part of `dynalite` (which ships no types) the tests use. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  }

  const dynalite: (options?: DynaliteOptions) => Server;
  export default dynalite;
}
