// `npm run build`: bundles every cloud function (each folder of cloudfunctions/
// with a src/index.ts) into the index.js that DevTools and `npm run deploy`
// upload (scripts/functionBundle.ts says how).
import { join } from 'node:path';
import { functionFolders, writeFunctionBundle } from './functionBundle';

async function buildAll(): Promise<void> {
  // One after another: esbuild already uses every core for one bundle.
  for (const folder of functionFolders(join(__dirname, '..', 'cloudfunctions'))) await writeFunctionBundle(folder);
}

buildAll().catch((error: { errors?: unknown[]; message?: string }) => {
  // esbuild has printed its own errors; anything else is said here.
  if (error.errors === undefined) process.stderr.write(`build failed: ${error.message ?? String(error)}\n`);
  process.exitCode = 1;
});
