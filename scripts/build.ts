// Bundles the getWaybill cloud function's TypeScript into the index.js that
// DevTools and `npm run deploy` upload. Options live in functionBundle.ts so the
// deploy check can rebuild the same bytes in memory.
import { join } from 'node:path';
import { writeFunctionBundle } from './functionBundle';

const functionDir = join(__dirname, '..', 'cloudfunctions', 'getWaybill');

writeFunctionBundle(functionDir).catch(() => {
  // esbuild has already printed the errors.
  process.exitCode = 1;
});
