// The only user of miniprogram-ci. It is loaded here, on a real upload only:
// requiring it takes seconds and pulls in ~900 packages, which a dry run, the
// tests and a deploy stopped by a missing setting never need.
import type { DeploySettings } from './deploySettings';

export interface UploadRequest {
  settings: DeploySettings;
  /** The cloud function's name in the environment (its folder's name). */
  functionName: string;
  /** A folder holding exactly the files to upload. */
  stagedDir: string;
  /** The folder holding project.config.json. */
  projectRoot: string;
  /** Whether the cloud installs package.json's dependencies (DevTools' "云端安装依赖"). */
  remoteNpmInstall: boolean;
}

export interface UploadReport {
  filesCount: number;
  packSize: number;
}

export type Uploader = (request: UploadRequest) => Promise<UploadReport>;

export const uploadWithMiniprogramCi: Uploader = async ({ settings, functionName, stagedDir, projectRoot, remoteNpmInstall }) => {
  const ci = await import('miniprogram-ci');
  const project = new ci.Project({
    appid: settings.appid,
    type: 'miniProgram',
    projectPath: projectRoot,
    privateKeyPath: settings.privateKeyPath,
    // The project object is only used to sign requests here; do not let it index dependencies.
    ignores: ['node_modules/**/*'],
  });
  return ci.cloud.uploadFunction({ project, env: settings.cloudEnv, name: functionName, path: stagedDir, remoteNpmInstall });
};
