// The only user of miniprogram-ci. It is not a dependency of the repository: it
// lives in scripts/deploy/uploader/ (about 1,100 packages), installed by the first
// real upload (uploadTool.ts), so `npm install`, the tests and a dry run never need it.
import type { DeploySettings } from './deploySettings';

export interface UploadRequest {
  settings: DeploySettings;
  /** The cloud function's name in the environment (its folder's name). */
  functionName: string;
  /** A folder holding exactly the files to upload. */
  stagedDir: string;
  /** The folder holding project.config.json. */
  projectRoot: string;
}

export interface UploadReport {
  filesCount: number;
  packSize: number;
}

export type Uploader = (request: UploadRequest) => Promise<UploadReport>;

/** The part of miniprogram-ci used here, as its 2.1.42 typings declare it (dist/@types/ci). */
export interface MiniprogramCi {
  Project: new (options: { appid: string; type: 'miniProgram'; projectPath: string; privateKeyPath: string; ignores?: string[] }) => {
    getExtAppid?(): Promise<string | undefined>;
  };
  cloud: {
    uploadFunction(options: { project: object; env: string; name: string; path: string; remoteNpmInstall: boolean }): Promise<UploadReport>;
  };
}

/**
 * miniprogram-ci 2.1.42's own cloud API client (dist/ci/cloud/cloudapi.js and
 * dist/common/cloud-api), the one its uploadFunction uses to look the function
 * up (no public API does): the deploy asks it first, so that uploadFunction never
 * creates a missing function, which it would do on the Nodejs8.9 runtime.
 */
export interface MiniprogramCiCloudApi {
  /** dist/ci/cloud/cloudapi.js */
  client: {
    initCloudAPI(appid: string): void;
    get3rdCloudCodeSecret(project: object): Promise<unknown>;
    boundTransactRequest(project: object): unknown;
  };
  /** dist/common/cloud-api */
  api: {
    scfGetFunctionInfo(
      params: { namespace: string; region: string; functionName: string; codeSecret: unknown },
      options: { request: unknown; transactType: unknown },
    ): Promise<{ runtime?: unknown; Runtime?: unknown }>;
    TransactType: { IDE: unknown };
  };
}

/** The function does not exist in the environment: the command-line upload does not create it. */
export class FunctionNotCreated extends Error {
  constructor(
    readonly functionName: string,
    readonly cloudEnv: string,
  ) {
    super(`${functionName} does not exist in environment ${cloudEnv}`);
  }
}

/** The function exists on a Node.js runtime older than the bundle's target (Node.js 12). */
export class RuntimeTooOld extends Error {
  constructor(
    readonly functionName: string,
    readonly runtime: string,
  ) {
    super(`${functionName} runs on ${runtime}, older than the Node.js 12 the function is built for`);
  }
}

/** The oldest runtime index.js runs on: scripts/functionBundle.ts builds for node12. */
const OLDEST_RUNTIME_MAJOR = 12;

export function miniprogramCiUploader(ci: MiniprogramCi, cloudApi: MiniprogramCiCloudApi): Uploader {
  return async ({ settings, functionName, stagedDir, projectRoot }) => {
    const project = new ci.Project({
      appid: settings.appid,
      type: 'miniProgram',
      projectPath: projectRoot,
      privateKeyPath: settings.privateKeyPath,
      // The project object is only used to sign requests here; do not let it index dependencies.
      ignores: ['node_modules/**/*'],
    });
    const runtime = await functionRuntime(cloudApi, project, settings.appid, settings.cloudEnv, functionName);
    const major = /^Nodejs(\d+)/.exec(runtime)?.[1];
    if (major !== undefined && Number(major) < OLDEST_RUNTIME_MAJOR) throw new RuntimeTooOld(functionName, runtime);
    // Nothing to install in the cloud: index.js holds wx-server-sdk and everything else it runs.
    return ci.cloud.uploadFunction({ project, env: settings.cloudEnv, name: functionName, path: stagedDir, remoteNpmInstall: false });
  };
}

/** The function's runtime (e.g. "Nodejs16.13"), asked as uploadFunction asks it; FunctionNotCreated when there is no such function. */
async function functionRuntime(
  { client, api }: MiniprogramCiCloudApi,
  project: InstanceType<MiniprogramCi['Project']>,
  appid: string,
  cloudEnv: string,
  functionName: string,
): Promise<string> {
  client.initCloudAPI((await project.getExtAppid?.()) || appid);
  const codeSecret = await client.get3rdCloudCodeSecret(project);
  try {
    const info = await api.scfGetFunctionInfo(
      { namespace: cloudEnv, region: '', functionName, codeSecret },
      { request: client.boundTransactRequest(project), transactType: api.TransactType.IDE },
    );
    const runtime = info.runtime ?? info.Runtime;
    return typeof runtime === 'string' ? runtime : '';
  } catch (failure) {
    if ((failure as { code?: unknown } | null)?.code === 'ResourceNotFound.Function') throw new FunctionNotCreated(functionName, cloudEnv);
    throw failure;
  }
}
