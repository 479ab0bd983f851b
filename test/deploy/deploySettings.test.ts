// Where the deploy settings come from and what a newcomer is told when one is
// missing or wrong.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDeploySettings, type SettingsResult } from '../../scripts/deploy/deploySettings';

const APPID = 'wx0123456789abcdef';
const FAKE_KEY = '-----BEGIN RSA PRIVATE KEY-----\nnot-a-real-key\n-----END RSA PRIVATE KEY-----\n';

let dir: string;
let configFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deploy-settings-'));
  configFile = join(dir, 'deploy.config.json');
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, 'keys', 'private.key'), FAKE_KEY);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeConfig = (values: unknown): void => writeFileSync(configFile, JSON.stringify(values));
const read = (env: NodeJS.ProcessEnv = {}): SettingsResult => readDeploySettings(env, configFile, dir);
const messages = (result: SettingsResult): string[] => (result.ok ? [] : result.problems.map((problem) => problem.message));

test('with nothing set, each setting is named with where to get it', () => {
  const result = read();
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.problems.map((problem) => problem.name)).toEqual(['WX_APPID', 'WX_CLOUD_ENV', 'WX_PRIVATE_KEY_PATH']);
  const [appid, cloudEnv, key] = messages(result);
  expect(appid).toContain('mp.weixin.qq.com -> 开发管理');
  expect(cloudEnv).toContain('云开发');
  expect(cloudEnv).toContain('环境ID');
  expect(key).toContain('小程序代码上传');
  expect(key).toContain('IP whitelist');
  expect(key).toContain(configFile);
});

test("the file supplies all three; a relative key path is read from the file's folder", () => {
  writeConfig({ WX_APPID: APPID, WX_CLOUD_ENV: 'cloud1-4g2abcde', WX_PRIVATE_KEY_PATH: 'keys/private.key' });
  expect(read()).toEqual({
    ok: true,
    settings: { appid: APPID, cloudEnv: 'cloud1-4g2abcde', privateKeyPath: join(dir, 'keys', 'private.key') },
  });
});

test('environment variables win over the file', () => {
  writeConfig({ WX_APPID: 'wxffffffffffffffff', WX_CLOUD_ENV: 'from-file', WX_PRIVATE_KEY_PATH: 'keys/private.key' });
  const result = read({ WX_APPID: APPID, WX_CLOUD_ENV: 'from-env' });
  expect(result).toEqual({ ok: true, settings: expect.objectContaining({ appid: APPID, cloudEnv: 'from-env' }) });
});

test('an unedited copy of deploy.config.example.json reads as placeholders, not as values', () => {
  writeConfig({
    WX_APPID: 'REPLACE_WITH_YOUR_APPID',
    WX_CLOUD_ENV: 'REPLACE_WITH_YOUR_CLOUD_ENV_ID',
    WX_PRIVATE_KEY_PATH: 'REPLACE_WITH_PATH',
  });
  const found = messages(read());
  expect(found).toHaveLength(3);
  for (const message of found) expect(message).toContain('is still the placeholder');
});

test('an appid that is not wx + 16 hex digits is refused', () => {
  writeConfig({ WX_APPID: 'touristappid', WX_CLOUD_ENV: 'cloud1-4g2abcde', WX_PRIVATE_KEY_PATH: 'keys/private.key' });
  expect(messages(read())).toEqual([expect.stringContaining('WX_APPID "touristappid" is not an AppID')]);
});

test('a cloud environment ID with spaces is refused', () => {
  const result = read({ WX_APPID: APPID, WX_CLOUD_ENV: 'my env', WX_PRIVATE_KEY_PATH: join(dir, 'keys', 'private.key') });
  expect(messages(result)).toEqual([expect.stringContaining('WX_CLOUD_ENV "my env" is not an environment ID')]);
});

test('a key path that does not exist is named', () => {
  const missing = join(dir, 'nowhere.key');
  const result = read({ WX_APPID: APPID, WX_CLOUD_ENV: 'cloud1-4g2abcde', WX_PRIVATE_KEY_PATH: missing });
  expect(messages(result)).toEqual([expect.stringContaining(`points to ${missing}, which cannot be read`)]);
});

test('a key file that is not a PEM key is refused without echoing its contents', () => {
  writeFileSync(join(dir, 'wrong.txt'), 'secret-looking-text');
  const result = read({ WX_APPID: APPID, WX_CLOUD_ENV: 'cloud1-4g2abcde', WX_PRIVATE_KEY_PATH: join(dir, 'wrong.txt') });
  const [message, ...rest] = messages(result);
  expect(rest).toEqual([]);
  expect(message).toContain('is not a PEM private key');
  expect(message).not.toContain('secret-looking-text');
});

test('a misspelt key in the file is reported instead of silently ignored', () => {
  writeConfig({ WX_APP_ID: APPID, WX_CLOUD_ENV: 'cloud1-4g2abcde', WX_PRIVATE_KEY_PATH: 'keys/private.key' });
  const found = messages(read());
  expect(found).toContainEqual(expect.stringContaining('unknown key "WX_APP_ID"'));
  expect(found).toContainEqual(expect.stringContaining('WX_APPID is not set'));
});

test('a config file that is not JSON is named', () => {
  writeFileSync(configFile, 'WX_APPID=wx0123456789abcdef');
  expect(messages(read())[0]).toMatch(/deploy\.config\.json is not valid JSON/);
});
