// The deploy, step by step: settings, then the build and offline checks of every
// function under cloudfunctions/, then (unless it is a dry run) the upload tool,
// installed the first time, and the upload of exactly index.js, package.json and
// config.json of each. The build and the upload tool are
// passed in, so tests run every step without the network.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { readDeploySettings } from './deploySettings';
import { checkFunction, requiredPermissions } from './functionChecks';
import { formatBytes, functionFolders, stageUploadedFiles, uploadedFileSizes } from './functionFolder';
import { FunctionNotCreated, RuntimeTooOld, type Uploader } from './miniprogramCiUpload';
import type { UploadTool } from './uploadTool';

interface DeployOutput {
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
  /** The type errors of <functionDir>/src (the build does not check types); none when it checks. */
  typeErrors(functionDir: string): Promise<string[]>;
  /** Installed and loaded only by a real deploy whose settings and checks all pass. */
  uploadTool: UploadTool;
  out: DeployOutput;
}

/** Runs the deploy of every function under cloudfunctions/ and returns the process exit code. */
export async function runDeploy(options: DeployOptions): Promise<number> {
  const { dryRun, projectRoot, out } = options;
  const functionDirs = functionFolders(projectRoot);
  const settingsResult = readDeploySettings(options.env, options.configFile, options.cwd);

  if (!dryRun && !settingsResult.ok) {
    // Stop before building: nothing can be uploaded without these.
    out.problem('Cannot deploy: settings are missing or wrong.');
    for (const { message } of settingsResult.problems) out.problem(`  ✗ ${message}`);
    out.problem('Put them in deploy.config.json (copy deploy.config.example.json) or in environment variables.');
    return 1;
  }

  // Every function is built and checked before anything is installed or uploaded.
  let errors = 0;
  for (const functionDir of functionDirs) {
    const shownDir = relative(projectRoot, functionDir);
    try {
      await options.buildFunction(functionDir);
    } catch (failure) {
      out.problem(`✗ ${shownDir}/src does not build, so nothing was checked${dryRun ? '' : ' or uploaded'}:`);
      for (const line of buildErrors(failure)) out.problem(`  ${line}`);
      out.problem('  fix: correct the source, then run the command again.');
      return 1;
    }
    out.info(`✓ built ${shownDir}/index.js from src/`);

    const typeErrors = await options.typeErrors(functionDir);
    if (typeErrors.length === 0) out.info(`✓ ${shownDir}/src type-checks`);
    else {
      out.problem(`✗ ${shownDir}/src has type errors (the build strips types without checking them):`);
      for (const line of typeErrors) out.problem(`  ${relativeToRoot(projectRoot, line)}`);
      out.problem('  fix: correct the source (`npm run typecheck` checks it), then run the command again.');
      errors += 1;
    }

    for (const { passed, findings } of await checkFunction(functionDir)) {
      if (findings.length === 0) out.info(`✓ ${passed}`);
      for (const finding of findings) {
        out.problem(`${finding.severity === 'error' ? '✗' : '!'} ${finding.problem}`);
        out.problem(`  fix: ${finding.fix}`);
        if (finding.severity === 'error') errors += 1;
      }
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
    for (const functionDir of functionDirs) listUpload(projectRoot, functionDir, 'Would upload', 'the cloud environment', out);
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

  let upload: Uploader | undefined;
  for (const functionDir of functionDirs) {
    const functionName = basename(functionDir);
    listUpload(projectRoot, functionDir, 'Uploading', `environment ${settings.cloudEnv}`, out);
    const stagedDir = mkdtempSync(join(tmpdir(), `${functionName}-upload-`));
    try {
      stageUploadedFiles(functionDir, stagedDir);
      upload ??= tool.load();
      const report = await upload({ settings, functionName, stagedDir, projectRoot });
      out.info(`Deployed ${functionName} to ${settings.cloudEnv}: ${report.filesCount} files, ${formatBytes(report.packSize)} zipped.`);
      // miniprogram-ci 2.1.42 uploads config.json as a file but makes no permission call, unlike DevTools.
      const permissions = requiredPermissions(functionName).map(({ api }) => api);
      if (permissions.length > 0) {
        out.info(
          `config.json went up with the code, but only a DevTools upload is documented to apply its permissions (${permissions.join(' and ')}): ` +
            'upload once from DevTools (上传并部署：所有文件) the first time and after any change to config.json. Calls failing with -604101 mean a permission is missing.',
        );
      }
    } catch (failure) {
      if (failure instanceof FunctionNotCreated || failure instanceof RuntimeTooOld) {
        out.problem(`✗ Not uploaded: ${failure.message}.`);
        out.problem(
          `  fix: ${failure instanceof RuntimeTooOld ? `delete ${functionName} in the cloud console (云开发 -> 云函数), then create` : 'create'} it once from WeChat DevTools: ` +
            `right-click cloudfunctions/${functionName} -> 上传并部署：所有文件. DevTools creates it on a current Node.js runtime and applies config.json's permissions; ` +
            'the command-line upload does not create functions, because miniprogram-ci would create it on Node.js 8.9. Then run `npm run deploy` again.',
        );
        return 1;
      }
      out.problem(`Upload of ${functionName} failed: ${(failure as Error).message ?? String(failure)}`);
      out.problem(
        "Common causes: this machine's IP is not in the code-upload IP whitelist (mp.weixin.qq.com -> 开发管理 -> 开发设置 -> 小程序代码上传); " +
          'the key does not belong to WX_APPID; WX_CLOUD_ENV is not an environment of this mini program ("env not found").',
      );
      return 1;
    } finally {
      rmSync(stagedDir, { recursive: true, force: true });
    }
  }
  return 0;
}

function listUpload(projectRoot: string, functionDir: string, verb: string, target: string, out: DeployOutput): void {
  const files = uploadedFileSizes(functionDir);
  const install = 'nothing to install in the cloud';
  out.info(`${verb} ${relative(projectRoot, functionDir)} as "${basename(functionDir)}" to ${target}, ${install}:`);
  const width = Math.max(...files.map((file) => formatBytes(file.bytes).length));
  for (const file of files) out.info(`  ${formatBytes(file.bytes).padStart(width)}  ${file.name}`);
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  out.info(`  ${files.length} files, ${formatBytes(total)}; nothing else from the folder.`);
}

/** An error line with its absolute path shown relative to the project, as the other lines are. */
function relativeToRoot(projectRoot: string, line: string): string {
  return line.startsWith(projectRoot + sep) ? line.slice(projectRoot.length + 1) : line;
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
