// The deploy, step by step: settings, build, offline checks, then (unless it is a
// dry run) the upload tool, installed the first time, and the upload of exactly
// index.js, package.json and config.json. The build and the upload tool are
// passed in, so tests run every step without the network.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { readDeploySettings } from './deploySettings';
import { FUNCTION_CHECKS, REQUIRED_PERMISSIONS } from './functionChecks';
import { formatBytes, stageUploadedFiles, uploadedFileSizes } from './functionFolder';
import type { UploadTool } from './uploadTool';

export interface DeployOutput {
  info(line: string): void;
  problem(line: string): void;
}

export interface DeployOptions {
  dryRun: boolean;
  projectRoot: string;
  configFile: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Writes <functionDir>/index.js from src/; rejects with esbuild's failure when the sources do not build. */
  buildFunction(functionDir: string): Promise<void>;
  /** Installed and loaded only by a real deploy whose settings and checks all pass. */
  uploadTool: UploadTool;
  out: DeployOutput;
}

export const FUNCTION_NAME = 'getWaybill';

/** Runs the deploy and returns the process exit code. */
export async function runDeploy(options: DeployOptions): Promise<number> {
  const { dryRun, projectRoot, out } = options;
  const functionDir = join(projectRoot, 'cloudfunctions', FUNCTION_NAME);
  const shownDir = relative(projectRoot, functionDir);
  const settingsResult = readDeploySettings(options.env, options.configFile, options.cwd);

  if (!dryRun && !settingsResult.ok) {
    // Stop before building: nothing can be uploaded without these.
    out.problem('Cannot deploy: settings are missing or wrong.');
    for (const { message } of settingsResult.problems) out.problem(`  ✗ ${message}`);
    out.problem('Put them in deploy.config.json (copy deploy.config.example.json) or in environment variables.');
    return 1;
  }

  try {
    await options.buildFunction(functionDir);
  } catch (failure) {
    out.problem(`✗ ${shownDir}/src does not build, so nothing was checked${dryRun ? '' : ' or uploaded'}:`);
    for (const line of buildErrors(failure)) out.problem(`  ${line}`);
    out.problem('  fix: correct the source, then run the command again.');
    return 1;
  }
  out.info(`✓ built ${shownDir}/index.js from src/`);

  let errors = 0;
  for (const check of FUNCTION_CHECKS) {
    const found = await check.run(functionDir);
    if (found.length === 0) out.info(`✓ ${check.passed}`);
    for (const finding of found) {
      out.problem(`${finding.severity === 'error' ? '✗' : '!'} ${finding.problem}`);
      out.problem(`  fix: ${finding.fix}`);
      if (finding.severity === 'error') errors += 1;
    }
  }

  if (dryRun) {
    if (!settingsResult.ok) {
      out.info('A real deploy also needs these settings (not needed for --dry-run):');
      for (const { message } of settingsResult.problems) out.info(`  - ${message}`);
    }
    if (errors > 0) {
      out.problem(`Dry run: ${errors} problem(s) would break the deploy. Fix them and run \`npm run deploy -- --dry-run\` again.`);
      return 1;
    }
    listUpload(functionDir, shownDir, 'Would upload', 'the cloud environment', out);
    out.info('Dry run passed: nothing was uploaded. `npm run deploy` uploads these files.');
    return 0;
  }

  if (errors > 0) {
    out.problem(`Not uploaded: ${errors} problem(s) above would break the deployed function.`);
    return 1;
  }
  if (!settingsResult.ok) return 1; // Unreachable: checked before building; keeps the types narrow.
  const { settings } = settingsResult;

  const tool = options.uploadTool;
  if (!tool.isInstalled()) {
    out.info(`Installing the upload tool ${tool.name} (first deploy only, ${tool.installSize})...`);
    try {
      await tool.install();
    } catch (failure) {
      out.problem(`✗ Could not install the upload tool ${tool.name}: ${(failure as Error).message ?? String(failure)}`);
      out.problem(
        '  fix: the first real deploy installs it with npm ci from the npm registry. Check that this machine reaches the registry ' +
          '(npm config get registry names it), then run `npm run deploy` again. Nothing was uploaded.',
      );
      return 1;
    }
  }

  listUpload(functionDir, shownDir, 'Uploading', `environment ${settings.cloudEnv}`, out);
  const stagedDir = mkdtempSync(join(tmpdir(), `${basename(functionDir)}-upload-`));
  try {
    stageUploadedFiles(functionDir, stagedDir);
    // miniprogram-ci 2.1.42 creates a missing function itself, hard-coded to the Nodejs8.9 runtime.
    out.info(
      `If ${FUNCTION_NAME} does not exist in ${settings.cloudEnv} yet, miniprogram-ci creates it on Node.js 8.9: create it once from DevTools or the cloud console (Node.js 16) first.`,
    );
    const upload = tool.load();
    const report = await upload({
      settings,
      functionName: FUNCTION_NAME,
      stagedDir,
      projectRoot,
    });
    out.info(`Deployed ${FUNCTION_NAME} to ${settings.cloudEnv}: ${report.filesCount} files, ${formatBytes(report.packSize)} zipped.`);
    // miniprogram-ci 2.1.42 uploads config.json as a file but makes no permission call, unlike DevTools.
    const permissions = REQUIRED_PERMISSIONS.map(({ api }) => api).join(' and ');
    out.info(
      `config.json went up with the code, but only a DevTools upload is documented to apply its permissions (${permissions}): ` +
        'upload once from DevTools (上传并部署：所有文件) the first time and after any change to config.json. Calls failing with -604101 mean a permission is missing.',
    );
    return 0;
  } catch (failure) {
    out.problem(`Upload failed: ${(failure as Error).message ?? String(failure)}`);
    out.problem(
      "Common causes: this machine's IP is not in the code-upload IP whitelist (mp.weixin.qq.com -> 开发管理 -> 开发设置 -> 小程序代码上传); " +
        'the key does not belong to WX_APPID; WX_CLOUD_ENV is not an environment of this mini program ("env not found").',
    );
    return 1;
  } finally {
    rmSync(stagedDir, { recursive: true, force: true });
  }
}

function listUpload(functionDir: string, shownDir: string, verb: string, target: string, out: DeployOutput): void {
  const files = uploadedFileSizes(functionDir);
  const install = 'nothing to install in the cloud';
  out.info(`${verb} ${shownDir} as "${FUNCTION_NAME}" to ${target}, ${install}:`);
  const width = Math.max(...files.map((file) => formatBytes(file.bytes).length));
  for (const file of files) out.info(`  ${formatBytes(file.bytes).padStart(width)}  ${file.name}`);
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  out.info(`  ${files.length} files, ${formatBytes(total)}; nothing else from the folder.`);
}

const MAX_BUILD_ERRORS = 3;

/** esbuild's first errors as "file:line:column: text", or the failure's message when it is not esbuild's. */
function buildErrors(failure: unknown): string[] {
  const errors = (failure as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return [(failure as Error)?.message ?? String(failure)];
  const lines = errors
    .slice(0, MAX_BUILD_ERRORS)
    .map(({ text, location }) => (location ? `${location.file}:${location.line}:${location.column}: ${text}` : text));
  if (errors.length > MAX_BUILD_ERRORS) lines.push(`... and ${errors.length - MAX_BUILD_ERRORS} more`);
  return lines;
}
