// Bundles each cloud function's TypeScript (src/index.ts) into the single
// index.js that DevTools uploads. wx-server-sdk stays external: the cloud
// installs it from the function's package.json.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const functionDir = join(root, 'cloudfunctions', 'getWaybill');

await build({
  entryPoints: [join(functionDir, 'src', 'index.ts')],
  outfile: join(functionDir, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The oldest Node runtime WeChat Cloud still offers for new functions is 12.
  target: 'node12',
  external: ['wx-server-sdk'],
  banner: { js: '// Built from src/ by `npm run build` (scripts/build.mjs). Do not edit: edit src/ and rebuild.' },
  logLevel: 'warning',
});
