// `npm start`: runs the built getWaybill (cloudfunctions/getWaybill/index.js,
// what is uploaded) the way WeChat Cloud runs it: the environment the cloud
// gives a function, pointing its inlined wx-server-sdk at the emulator's
// service endpoint on 127.0.0.1. With --live it asks WeChat over HTTPS instead.
// Exit codes: EXIT_CODES in startOptions.ts (the usage text and README.md say them).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { applyEnv, cloudRuntimeEnv } from '../../emulator/cloudCallCodec';
import { startEmulatorServer, type EmulatorServer } from '../../emulator/emulatorServer';
import { advanceParcel, START_DATABASE_FILE } from './advanceParcel';
import { describeResult } from './printResult';
import { DEFAULT_ADMIN_OPENID, EMULATOR_ORDERS, parseStartCommand, SEE_HELP, usage, type StartOptions } from './startOptions';

const BUILT_FUNCTION = path.join(__dirname, '..', '..', 'cloudfunctions', 'getWaybill', 'index.js');

export interface StartIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Where a relative --out (and the default out/) is resolved: where the command was typed. */
  cwd: string;
  /** The environment npm started the command with: the options npm took as its own show there (npm_config_*). */
  env?: NodeJS.ProcessEnv;
}

type Main = (event: unknown) => Promise<GetWaybillResult>;

/** The function's environment for this run: the caller, the admins, and where its calls go. */
function functionEnv(options: StartOptions, emulator: EmulatorServer | undefined): Record<string, string | undefined> {
  const admins = [DEFAULT_ADMIN_OPENID, process.env.WAYBILL_ADMIN_OPENIDS ?? ''].join(',');
  // Outside the cloud the SDK is still initialised; its runtime variables keep it from probing for a cloud (an
  // endpoint nobody listens on, for --live, where the calls go over HTTPS).
  const endpoint = emulator === undefined ? 'http://127.0.0.1:9/admin' : `${emulator.baseUrl}/admin`;
  return {
    ...cloudRuntimeEnv(endpoint, { openid: options.caller, appid: process.env.WX_APPID }),
    WAYBILL_ADMIN_OPENIDS: admins,
    WAYBILL_TRANSPORT: options.live ? 'https' : undefined,
    // The emulator's orders collection: a non-admin sees only the orders it says are theirs (the order check).
    WAYBILL_ORDERS: options.live ? process.env.WAYBILL_ORDERS : (process.env.WAYBILL_ORDERS ?? EMULATOR_ORDERS),
  };
}

function labelFileName(orderId: string): string {
  return `label-${orderId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)}.html`;
}

/** NOT_CONFIGURED from --live is this machine's settings (WX_API_BASE_URL, the credentials), so it is a setup error. */
function exitCodeOf(result: GetWaybillResult, options: StartOptions): number {
  if (result.ok) return 0;
  return options.live && result.error.code === 'NOT_CONFIGURED' ? 2 : 1;
}

export async function runStart(args: string[], io: StartIo): Promise<number> {
  const command = parseStartCommand(args, io.env);
  if (command.help) {
    io.stdout(`${usage()}\n`);
    return 0;
  }
  if ('usageError' in command) {
    io.stderr(`${command.usageError}\n${SEE_HELP}\n`);
    return 2;
  }
  const { options } = command;
  if (options.advance !== undefined) return advanceParcel(options.advance, io);
  if (!existsSync(BUILT_FUNCTION)) {
    io.stderr(`${BUILT_FUNCTION} is missing: run npm run build (npm start does it for you).\n`);
    return 2;
  }
  if (options.live) {
    const missing = ['WX_APPID', 'WX_APPSECRET'].filter((name) => (process.env[name] ?? '').trim() === '');
    if (missing.length > 0) {
      io.stderr(
        `--live needs ${missing.join(' and ')} in the environment: the mini program's AppID and AppSecret (mp.weixin.qq.com -> 开发管理 -> 开发设置).\n` +
          'Example: WX_APPID=wx... WX_APPSECRET=... npm start -- --live --order-id ... --delivery-id ...\n',
      );
      return 2;
    }
  }

  // The emulator's database lives in a file, so that what --advance stored is there for --track.
  const emulator = options.live ? undefined : await startEmulatorServer({ databaseFile: path.resolve(io.cwd, START_DATABASE_FILE) });
  const restoreEnv = applyEnv(functionEnv(options, emulator));
  // The function's log line is for the cloud console; here it goes to stderr, so --json output stays clean.
  const consoleLog = console.log;
  console.log = (...values: unknown[]) => io.stderr(`log: ${format(...values)}\n`);
  let result: GetWaybillResult;
  try {
    const { main } = require(BUILT_FUNCTION) as { main: Main };
    result = await main(options.event);
  } finally {
    console.log = consoleLog;
    restoreEnv();
    await emulator?.close();
  }

  let labelPath: string | undefined;
  if (result.ok && result.waybill.labelHtml !== null) {
    const file = path.resolve(io.cwd, options.out ?? path.join('out', labelFileName(options.event.orderId)));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, result.waybill.labelHtml, 'utf8');
    // As the user named it: an absolute --out stays absolute, anything else is shown from where they are.
    labelPath = options.out !== undefined && path.isAbsolute(options.out) ? file : path.relative(io.cwd, file);
  }
  if (options.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    if (labelPath !== undefined) io.stderr(`label written to ${labelPath}\n`);
  } else {
    const source = options.live
      ? `live: the HTTPS transport, asking ${process.env.WX_API_BASE_URL || 'https://api.weixin.qq.com'}`
      : "emulator: sandbox data behind WeChat Cloud's service endpoint";
    io.stdout(`${describeResult(result, labelPath)}\n  (${source})\n`);
  }
  return exitCodeOf(result, options);
}
