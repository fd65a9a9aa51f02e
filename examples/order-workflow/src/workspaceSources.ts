// Preloaded with `node --import`: registers the hooks that resolve the workspace packages to their
// TypeScript sources (see sourceHooks.ts), so `npm run example` needs no build.
import { register } from 'node:module';

register('./sourceHooks.ts', import.meta.url);
