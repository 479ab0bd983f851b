// The three settings a real upload needs, read from environment variables or a
// git-ignored deploy.config.json. They identify the mini program and hold the
// path of its code-upload key, so they are never committed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const SETTING_NAMES = ['WX_APPID', 'WX_CLOUD_ENV', 'WX_PRIVATE_KEY_PATH'] as const;
type SettingName = (typeof SETTING_NAMES)[number];

export interface DeploySettings {
  appid: string;
  cloudEnv: string;
  /** Absolute path of the code-upload private key. */
  privateKeyPath: string;
}

interface SettingProblem {
  /** The setting at fault, or the config file itself. */
  name: SettingName | 'deploy.config.json';
  message: string;
}

export type SettingsResult = { ok: true; settings: DeploySettings } | { ok: false; problems: SettingProblem[] };

/** Where each setting comes from in the admin consoles, shown whenever one is missing or wrong. */
const WHERE_TO_GET: Record<SettingName, string> = {
  WX_APPID:
    "the mini program's AppID: mp.weixin.qq.com -> 开发管理 (Development) -> 开发设置 (Development settings) -> 开发者ID -> AppID. It looks like wx followed by 16 hex digits.",
  WX_CLOUD_ENV:
    'the cloud environment ID: WeChat DevTools -> 云开发 (Cloud) console -> 设置 (Settings) -> 环境ID, e.g. cloud1-4g2xxxxx. Use the environment the mini program calls.',
  WX_PRIVATE_KEY_PATH:
    'the path of the code-upload key (private.<appid>.key): mp.weixin.qq.com -> 开发管理 -> 开发设置 -> 小程序代码上传 (Mini program code upload) -> 生成 (generate) the 代码上传密钥 and download it. ' +
    "In the same place, add this machine's public IP to the IP whitelist (IP白名单), or uploads are refused.",
};

/** Placeholders in deploy.config.example.json start with this, so an unedited copy reads as "not set". */
const PLACEHOLDER_PREFIX = 'REPLACE_';
const APPID_PATTERN = /^wx[0-9a-f]{16}$/;
const CLOUD_ENV_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/**
 * Reads the settings. Environment variables win over the file, so CI can keep
 * the key path out of the working tree. Relative key paths in the file are
 * resolved against the file's folder; in the environment, against `cwd`.
 */
export function readDeploySettings(env: NodeJS.ProcessEnv, configFile: string, cwd: string): SettingsResult {
  const problems: SettingProblem[] = [];
  const fromFile = readConfigFile(configFile, problems);

  const raw = {} as Record<SettingName, { value: string; baseDir: string } | undefined>;
  for (const name of SETTING_NAMES) {
    const envValue = env[name]?.trim();
    const fileValue = fromFile[name];
    if (envValue) raw[name] = { value: envValue, baseDir: cwd };
    else if (fileValue !== undefined) raw[name] = { value: fileValue, baseDir: dirname(configFile) };
  }

  for (const name of SETTING_NAMES) {
    const entry = raw[name];
    if (entry === undefined) {
      problems.push({ name, message: `${name} is not set. Set it in the environment or in ${configFile}. It is ${WHERE_TO_GET[name]}` });
    } else if (entry.value.startsWith(PLACEHOLDER_PREFIX)) {
      problems.push({ name, message: `${name} is still the placeholder "${entry.value}". Replace it with ${WHERE_TO_GET[name]}` });
    }
  }

  const appid = raw.WX_APPID?.value;
  if (appid !== undefined && !appid.startsWith(PLACEHOLDER_PREFIX) && !APPID_PATTERN.test(appid)) {
    problems.push({ name: 'WX_APPID', message: `WX_APPID "${appid}" is not an AppID. It should be ${WHERE_TO_GET.WX_APPID}` });
  }
  const cloudEnv = raw.WX_CLOUD_ENV?.value;
  if (cloudEnv !== undefined && !cloudEnv.startsWith(PLACEHOLDER_PREFIX) && !CLOUD_ENV_PATTERN.test(cloudEnv)) {
    problems.push({
      name: 'WX_CLOUD_ENV',
      message: `WX_CLOUD_ENV "${cloudEnv}" is not an environment ID. It should be ${WHERE_TO_GET.WX_CLOUD_ENV}`,
    });
  }
  const keyEntry = raw.WX_PRIVATE_KEY_PATH;
  const privateKeyPath = keyEntry === undefined ? undefined : resolve(keyEntry.baseDir, keyEntry.value);
  if (keyEntry !== undefined && privateKeyPath !== undefined && !keyEntry.value.startsWith(PLACEHOLDER_PREFIX)) {
    const keyProblem = checkPrivateKeyFile(privateKeyPath);
    if (keyProblem !== undefined) problems.push({ name: 'WX_PRIVATE_KEY_PATH', message: keyProblem });
  }

  if (problems.length > 0 || appid === undefined || cloudEnv === undefined || privateKeyPath === undefined) {
    return { ok: false, problems };
  }
  return { ok: true, settings: { appid, cloudEnv, privateKeyPath } };
}

function readConfigFile(configFile: string, problems: SettingProblem[]): Partial<Record<SettingName, string>> {
  if (!existsSync(configFile)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch (error) {
    problems.push({
      name: 'deploy.config.json',
      message: `${configFile} is not valid JSON (${(error as Error).message}). Compare it with deploy.config.example.json.`,
    });
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push({ name: 'deploy.config.json', message: `${configFile} must hold one JSON object, like deploy.config.example.json.` });
    return {};
  }
  const values: Partial<Record<SettingName, string>> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(SETTING_NAMES as readonly string[]).includes(key)) {
      // A misspelt key would otherwise read as "not set" and hide the typo.
      problems.push({
        name: 'deploy.config.json',
        message: `${configFile} has an unknown key "${key}". The keys are ${SETTING_NAMES.join(', ')}.`,
      });
    } else if (typeof value !== 'string') {
      problems.push({ name: key as SettingName, message: `${key} in ${configFile} must be a string.` });
    } else if (value.trim() !== '') {
      values[key as SettingName] = value.trim();
    }
  }
  return values;
}

function checkPrivateKeyFile(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return `WX_PRIVATE_KEY_PATH points to ${path}, which cannot be read. It should be ${WHERE_TO_GET.WX_PRIVATE_KEY_PATH}`;
  }
  // The key's contents are a secret: say what is wrong with the file, never echo it.
  if (!text.includes('-----BEGIN') || !text.includes('PRIVATE KEY-----')) {
    return `WX_PRIVATE_KEY_PATH points to ${path}, which is not a PEM private key. It should be ${WHERE_TO_GET.WX_PRIVATE_KEY_PATH}`;
  }
  return undefined;
}
