// miniprogram-ci, the upload tool, is installed on demand: it brought about 925 of the
// 1,481 packages a root `npm install` pulled in, and only a real upload needs it. Its own
// package.json and package-lock.json in scripts/deploy/uploader/ pin it; the
// first real deploy runs `npm ci` there, later ones reuse it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { miniprogramCiUploader, type MiniprogramCi, type MiniprogramCiCloudApi, type Uploader } from './miniprogramCiUpload';

export const UPLOADER_DIR = join(__dirname, 'uploader');

/** `du -sh node_modules` after installing uploader/package-lock.json (miniprogram-ci 2.1.42, 1,109 packages). */
const INSTALL_SIZE = 'about 275 MB';

export interface UploadTool {
  /** What gets installed, e.g. "miniprogram-ci 2.1.42". */
  name: string;
  installSize: string;
  isInstalled(): boolean;
  /** Installs exactly what the lock file says; rejects with npm's own words. */
  install(): Promise<void>;
  load(): Uploader;
}

/** Runs npm with `args` in `cwd`; rejects with npm's output when it fails. */
export type RunNpm = (args: string[], cwd: string) => Promise<void>;

export function createUploadTool(dir: string, runNpm: RunNpm): UploadTool {
  // Written after a successful install: a missing marker means an install never
  // finished (interrupted, offline), a different one that the lock file changed.
  const marker = join(dir, 'node_modules', '.installed-from-lock');
  const lockHash = (): string =>
    createHash('sha256')
      .update(readFileSync(join(dir, 'package-lock.json')))
      .digest('hex');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return {
    name: `miniprogram-ci ${manifest.dependencies['miniprogram-ci']}`,
    installSize: INSTALL_SIZE,
    isInstalled: () => existsSync(marker) && readFileSync(marker, 'utf8') === lockHash(),
    install: async () => {
      // No install scripts: miniprogram-ci works without them, and the tool handles the upload key.
      await runNpm(['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier'], dir);
      writeFileSync(marker, lockHash());
    },
    load: () => {
      const load = createRequire(join(dir, 'package.json'));
      // Internal modules of the exact version the lock pins (see MiniprogramCiCloudApi).
      const cloudApi = {
        client: load('miniprogram-ci/dist/ci/cloud/cloudapi'),
        api: load('miniprogram-ci/dist/common/cloud-api'),
      } as MiniprogramCiCloudApi;
      return miniprogramCiUploader(load('miniprogram-ci') as MiniprogramCi, cloudApi);
    },
  };
}

/** Runs the npm that runs this script (`npm run` sets npm_execpath), else the npm on PATH. */
export const runNpm: RunNpm = (args, cwd) =>
  new Promise((resolve, reject) => {
    const npmCli = process.env['npm_execpath'];
    const viaNode = npmCli !== undefined && /npm-cli\.c?js$/.test(npmCli);
    const child = spawn(viaNode ? process.execPath : 'npm', viaNode ? [npmCli, ...args] : args, {
      cwd,
      // `npm run` points this at the repository root; the install belongs in `cwd`.
      env: { ...process.env, npm_config_local_prefix: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: !viaNode && process.platform === 'win32', // npm.cmd
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      if (output.length < 1_000_000) output += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`npm ${args[0]} exited with code ${code}:\n${npmErrorSummary(output)}`));
    });
  });

/** npm's first four error lines (the code and the reason; help text may follow) and where its full log is. */
export function npmErrorSummary(output: string): string {
  const lines = output.split(/\r?\n/);
  const errors = lines.filter((line) => /^npm (error|ERR!) \S/.test(line));
  if (errors.length === 0)
    return lines
      .filter((line) => line.trim() !== '')
      .slice(-10)
      .join('\n');
  const log = errors.find((line) => line.includes('complete log'));
  const first = errors.filter((line) => line !== log).slice(0, 4);
  return [...first, ...(log === undefined ? [] : [log])].join('\n');
}
