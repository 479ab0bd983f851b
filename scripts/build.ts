// `npm run build`: bundles the getWaybill cloud function into the index.js that
// DevTools and `npm run deploy` upload (scripts/functionBundle.ts says how).
import { formatMessages, type Message } from 'esbuild';
import { join } from 'node:path';
import { writeFunctionBundle } from './functionBundle';

writeFunctionBundle(join(__dirname, '..', 'cloudfunctions', 'getWaybill')).catch(
  async (error: { errors?: Message[]; message?: string }) => {
    // The bundle's options keep esbuild quiet: its errors, with their place in the source, are printed here.
    const text =
      error.errors === undefined
        ? [`build failed: ${error.message ?? String(error)}\n`]
        : await formatMessages(error.errors, { kind: 'error', color: process.stderr.isTTY });
    process.stderr.write(text.join(''));
    process.exitCode = 1;
  },
);
