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
  Project: new (options: { appid: string; type: 'miniProgram'; projectPath: string; privateKeyPath: string; ignores?: string[] }) => object;
  cloud: {
    uploadFunction(options: { project: object; env: string; name: string; path: string; remoteNpmInstall: boolean }): Promise<UploadReport>;
  };
}

export function miniprogramCiUploader(ci: MiniprogramCi): Uploader {
  return async ({ settings, functionName, stagedDir, projectRoot }) => {
    const project = new ci.Project({
      appid: settings.appid,
      type: 'miniProgram',
      projectPath: projectRoot,
      privateKeyPath: settings.privateKeyPath,
      // The project object is only used to sign requests here; do not let it index dependencies.
      ignores: ['node_modules/**/*'],
    });
    // Nothing to install in the cloud: index.js holds wx-server-sdk and everything else it runs.
    return ci.cloud.uploadFunction({ project, env: settings.cloudEnv, name: functionName, path: stagedDir, remoteNpmInstall: false });
  };
}
