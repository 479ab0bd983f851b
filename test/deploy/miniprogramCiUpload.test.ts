// The upload through miniprogram-ci, with stand-ins for miniprogram-ci and its
// cloud API client: a function that does not exist is never created (miniprogram-ci
// would create it on Node.js 8.9), nor one on a runtime too old for index.js updated.
import {
  FunctionNotCreated,
  miniprogramCiUploader,
  RuntimeTooOld,
  type MiniprogramCi,
  type MiniprogramCiCloudApi,
  type UploadRequest,
} from '../../scripts/deploy/miniprogramCiUpload';

const REQUEST: UploadRequest = {
  settings: { appid: 'wx0123456789abcdef', cloudEnv: 'cloud1-4g2abcde', privateKeyPath: '/keys/private.key' },
  functionName: 'getWaybill',
  stagedDir: '/tmp/staged',
  projectRoot: '/project',
};

/** miniprogram-ci whose function lookup answers `lookup`, recording what is asked of it. */
function standIns(lookup: () => Promise<{ runtime?: unknown }>) {
  const asked = { lookups: [] as unknown[], uploads: [] as unknown[], appid: '' };
  class Project {
    constructor(readonly options: unknown) {}
    /** A mini program that is no third-party platform's. */
    async getExtAppid(): Promise<string | undefined> {
      return undefined;
    }
  }
  const ci: MiniprogramCi = {
    Project,
    cloud: {
      uploadFunction: async (options) => {
        asked.uploads.push(options);
        return { filesCount: 3, packSize: 100 };
      },
    },
  };
  const cloudApi: MiniprogramCiCloudApi = {
    client: {
      initCloudAPI: (appid) => void (asked.appid = appid),
      get3rdCloudCodeSecret: async () => 'secret',
      boundTransactRequest: () => 'request',
    },
    api: {
      scfGetFunctionInfo: async (params) => {
        asked.lookups.push(params);
        return lookup();
      },
      TransactType: { IDE: 4 },
    },
  };
  return { upload: miniprogramCiUploader(ci, cloudApi), asked };
}

test('an existing function on a current runtime is looked up, then uploaded with nothing to install', async () => {
  const { upload, asked } = standIns(async () => ({ runtime: 'Nodejs16.13' }));
  expect(await upload(REQUEST)).toEqual({ filesCount: 3, packSize: 100 });
  expect(asked.appid).toBe('wx0123456789abcdef');
  expect(asked.lookups).toEqual([{ namespace: 'cloud1-4g2abcde', region: '', functionName: 'getWaybill', codeSecret: 'secret' }]);
  expect(asked.uploads).toEqual([
    expect.objectContaining({ env: 'cloud1-4g2abcde', name: 'getWaybill', path: '/tmp/staged', remoteNpmInstall: false }),
  ]);
});

test('a function that does not exist is refused, and uploadFunction (which would create it on Node.js 8.9) is never called', async () => {
  const missing = Object.assign(new Error('function not found'), { code: 'ResourceNotFound.Function' });
  const { upload, asked } = standIns(async () => Promise.reject(missing));
  const refused = upload(REQUEST);
  await expect(refused).rejects.toBeInstanceOf(FunctionNotCreated);
  await expect(refused).rejects.toThrow('getWaybill does not exist in environment cloud1-4g2abcde');
  expect(asked.uploads).toEqual([]);
});

test.each(['Nodejs8.9', 'Nodejs10.15'])('a function on %s is refused: index.js is built for Node.js 12 and later', async (runtime) => {
  const { upload, asked } = standIns(async () => ({ runtime }));
  await expect(upload(REQUEST)).rejects.toEqual(new RuntimeTooOld('getWaybill', runtime));
  expect(asked.uploads).toEqual([]);
});

test('any other lookup failure is passed on as it is', async () => {
  const { upload, asked } = standIns(async () => Promise.reject(new Error('invalid ip: 203.0.113.7')));
  await expect(upload(REQUEST)).rejects.toThrow('invalid ip: 203.0.113.7');
  expect(asked.uploads).toEqual([]);
});
