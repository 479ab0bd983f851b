// How a cloud function's TypeScript (src/index.ts) becomes the single index.js
// that gets uploaded. Shared by `npm run build`, which writes the bundle, and by
// the deploy check, which rebuilds it in memory to prove index.js is current.
import { build, type BuildOptions } from 'esbuild';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const BUNDLE_BANNER = '// Built from src/ by `npm run build` (scripts/build.ts). Do not edit: edit src/ and rebuild.';

/** The esbuild options for the function in `functionDir` (<project>/cloudfunctions/<name>). */
export function functionBundleOptions(functionDir: string): BuildOptions & { outfile: string } {
  return {
    entryPoints: [join(functionDir, 'src', 'index.ts')],
    outfile: join(functionDir, 'index.js'),
    // The bundle's path comments are relative to this folder; pinning it to the
    // project root keeps the output byte-identical whatever the caller's cwd.
    absWorkingDir: resolve(functionDir, '..', '..'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // The oldest Node runtime WeChat Cloud still offers for new functions is 12.
    target: 'node12',
    // The cloud installs wx-server-sdk from the function's package.json.
    external: ['wx-server-sdk'],
    banner: { js: BUNDLE_BANNER },
    logLevel: 'warning',
  };
}

/**
 * Builds the bundle and writes index.js only when its bytes change, through a
 * rename, so a test reading index.js while a build runs never sees half a file.
 * Resolves whether the file was rewritten.
 */
export async function writeFunctionBundle(functionDir: string): Promise<boolean> {
  const options = functionBundleOptions(functionDir);
  const result = await build({ ...options, write: false });
  const bundle = Buffer.from(result.outputFiles[0]!.contents);
  if (existsSync(options.outfile) && readFileSync(options.outfile).equals(bundle)) return false;
  // A dotfile, so a leftover from a crash is never listed for upload.
  const partial = join(functionDir, `.index.js.${process.pid}.partial`);
  writeFileSync(partial, bundle);
  renameSync(partial, options.outfile);
  return true;
}
