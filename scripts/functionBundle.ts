// How the getWaybill cloud function becomes the single index.js that is
// uploaded: its TypeScript (src/index.ts, with miniprogram/contract/) and
// wx-server-sdk with all its dependencies, inlined. Only Node's built-in
// modules stay outside, so the cloud installs nothing (see BENCHMARKS.md for
// the cold start this buys, and why the bundle is not minified).
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export const BUNDLE_BANNER =
  '// Built from src/ and wx-server-sdk by `npm run build` (scripts/build.ts). Do not edit: edit src/ and rebuild.';

/**
 * @cloudbase/node-sdk reads its version (for its User-Agent) from
 * `__dirname/../../package.json` at run time; inside the bundle that is the
 * wrong file. Its version is read here, at build time, instead.
 */
const cloudbaseVersionPlugin: Plugin = {
  name: 'cloudbase-version',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]@cloudbase[\\/]node-sdk[\\/]dist[\\/]utils[\\/]version\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes("path.join(__dirname, '../../package.json')")) {
        return { errors: [{ text: `${args.path} no longer reads its package.json: check how @cloudbase/node-sdk finds its version` }] };
      }
      const { version } = JSON.parse(readFileSync(join(dirname(args.path), '..', '..', 'package.json'), 'utf8')) as { version: string };
      return { contents: `exports.version = ${JSON.stringify(version)};`, loader: 'js' };
    });
  },
};

/**
 * debug (inside the SDK) tries `require('supports-color')` in a try/catch; it
 * is not the SDK's dependency, only hoisted here by the test tools. Bundled as
 * "not installed", as the cloud would see it.
 */
const absentSupportsColorPlugin: Plugin = {
  name: 'absent-supports-color',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^supports-color$/ }, () => ({ path: 'supports-color', namespace: 'absent' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({
      contents: 'throw Object.assign(new Error("supports-color is left out of the bundle"), { code: "MODULE_NOT_FOUND" });',
      loader: 'js',
    }));
  },
};

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
    // The oldest Node runtime WeChat Cloud still offers is 12 (a node16 target keeps `??`, which Node 12 cannot parse).
    target: 'node12',
    plugins: [cloudbaseVersionPlugin, absentSupportsColorPlugin],
    banner: { js: BUNDLE_BANNER },
    // Errors come back in the rejection (esbuild's `errors`) for the caller to show: npm run build prints them,
    // the deploy lists them, and a test that breaks a copy on purpose prints nothing.
    logLevel: 'silent',
  };
}

const BUILTINS = new Set(builtinModules);

/** Every require() in the bundle that is not a literal Node built-in: each would fail in the cloud, which installs nothing. */
export function foreignRequires(bundle: string): string[] {
  const found: string[] = [];
  for (const match of bundle.matchAll(/(?<![\w$.])require\(\s*([^)]*?)\s*\)/g)) {
    const literal = /^(["'])([^"']*)\1$/.exec(match[1]);
    if (literal === null ? match[1] !== '' : !BUILTINS.has(literal[2])) found.push(`require(${match[1]})`);
  }
  return found;
}

/**
 * Builds the bundle and writes index.js only when its bytes change, through a
 * rename, so a test reading index.js while a build runs never sees half a file.
 * Rejects (with esbuild's `errors`, unprinted) when the sources do not build, or when the
 * bundle would require anything but Node's built-ins.
 */
export async function writeFunctionBundle(functionDir: string): Promise<boolean> {
  const options = functionBundleOptions(functionDir);
  const result = await build({ ...options, write: false });
  const bundle = Buffer.from(result.outputFiles[0]!.contents);
  const foreign = foreignRequires(bundle.toString('utf8'));
  if (foreign.length > 0) throw new Error(`the bundle requires what the cloud will not have: ${foreign.join(', ')}`);
  if (existsSync(options.outfile) && readFileSync(options.outfile).equals(bundle)) return false;
  // A dotfile, so a leftover from a crash is never taken for part of the function.
  const partial = join(functionDir, `.index.js.${process.pid}.partial`);
  writeFileSync(partial, bundle);
  renameSync(partial, options.outfile);
  return true;
}
