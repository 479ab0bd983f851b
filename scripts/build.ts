// `npm run build`: bundles the getWaybill cloud function into the index.js that
// DevTools and `npm run deploy` upload (scripts/functionBundle.ts says how).
import { join } from 'node:path';
import { writeFunctionBundle } from './functionBundle';

writeFunctionBundle(join(__dirname, '..', 'cloudfunctions', 'getWaybill')).catch((error: { errors?: unknown[]; message?: string }) => {
  // esbuild has printed its own errors; anything else is said here.
  if (error.errors === undefined) process.stderr.write(`build failed: ${error.message ?? String(error)}\n`);
  process.exitCode = 1;
});
