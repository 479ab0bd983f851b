// `npm run deploy` uploads the getWaybill cloud function with miniprogram-ci
// (installed by the first real upload); `npm run deploy -- --dry-run` builds and
// runs every offline check instead. See scripts/deploy/runDeploy.ts for the steps.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFunctionBundle } from './functionBundle';
import { functionTypeErrors } from './deploy/functionTypes';
import { runDeploy } from './deploy/runDeploy';
import { createUploadTool, runNpm, UPLOADER_DIR } from './deploy/uploadTool';

const USAGE = `Usage: npm run deploy [-- --dry-run] [-- --config <file>]
  --dry-run        build and check offline, list what would be uploaded, upload nothing
  --config <file>  settings file (default: deploy.config.json at the repository root)
Settings: WX_APPID, WX_CLOUD_ENV, WX_PRIVATE_KEY_PATH (environment variables win over the file).`;

async function main(): Promise<number> {
  let values: { 'dry-run'?: boolean; config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { 'dry-run': { type: 'boolean' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (failure) {
    console.error(`${(failure as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const projectRoot = join(__dirname, '..');
  const configFile = values.config === undefined ? join(projectRoot, 'deploy.config.json') : resolve(values.config);
  // The default file is optional (environment variables may hold every setting); a file named on purpose is not.
  if (values.config !== undefined && !existsSync(configFile)) {
    console.error(
      `--config ${values.config}: ${configFile} does not exist. Check the path, or leave --config out to read deploy.config.json.`,
    );
    return 2;
  }
  return runDeploy({
    dryRun: values['dry-run'] === true,
    projectRoot,
    configFile,
    env: process.env,
    cwd: process.cwd(),
    buildFunction: async (functionDir) => {
      await writeFunctionBundle(functionDir);
    },
    typeErrors: async (functionDir) => functionTypeErrors(functionDir),
    uploadTool: createUploadTool(UPLOADER_DIR, runNpm),
    out: { info: (line) => console.log(line), problem: (line) => console.error(line) },
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (failure: unknown) => {
    console.error(failure);
    process.exitCode = 1;
  },
);
