// `npm start`: runs the built getWaybill (cloudfunctions/getWaybill/index.js,
// what DevTools uploads) with the real wx-server-sdk, against the emulator
// behind the SDK's network seam, or with --live against WeChat over HTTPS.
// Exit codes: 0 ok, 1 the function answered an error, 2 bad options or setup.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import type { GetWaybillResult } from '../miniprogram/contract/getWaybillContract';
import { serveThroughSdkSeam } from './emulator/serveThroughSdkSeam';
import { describeResult } from './start/printResult';
import { DEFAULT_ADMIN_OPENID, parseStartCommand, usage, type StartOptions } from './start/startOptions';

const BUILT_FUNCTION = path.join(__dirname, '..', 'cloudfunctions', 'getWaybill', 'index.js');

type Main = (event: unknown) => Promise<GetWaybillResult>;

function exitWith(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** The environment the cloud runtime would give the function, for this run only. */
function prepareEnvironment(options: StartOptions): void {
  const admins = new Set([DEFAULT_ADMIN_OPENID, ...(process.env.WAYBILL_ADMIN_OPENIDS ?? '').split(',').filter((id) => id.trim() !== '')]);
  process.env.WAYBILL_ADMIN_OPENIDS = [...admins].join(',');
  // The caller, as the cloud runtime passes it. Only WX_OPENID: WX_APPID may hold the --live credentials.
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID';
  if (options.caller === undefined) delete process.env.WX_OPENID;
  else process.env.WX_OPENID = options.caller;

  if (options.live) {
    const missing = ['WX_APPID', 'WX_APPSECRET'].filter((name) => (process.env[name] ?? '').trim() === '');
    if (missing.length > 0) {
      exitWith(
        2,
        `--live needs ${missing.join(' and ')} in the environment: the mini program's AppID and AppSecret (mp.weixin.qq.com -> 开发管理 -> 开发设置).\nExample: WX_APPID=wx... WX_APPSECRET=... npm start -- --live --order-id ... --delivery-id ...`,
      );
    }
    process.env.WAYBILL_TRANSPORT = 'https';
  } else {
    delete process.env.WAYBILL_TRANSPORT;
    // Always installed: without it the SDK tries the real cloud and crashes the process with an unhandled TcbError.
    serveThroughSdkSeam();
  }
}

function labelFileName(orderId: string): string {
  return `label-${orderId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)}.html`;
}

function writeLabel(html: string, file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, html, 'utf8');
  return path.relative(process.cwd(), file) || file;
}

async function run(): Promise<void> {
  const command = parseStartCommand(process.argv.slice(2));
  if (command.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  if ('usageError' in command) exitWith(2, `${command.usageError}\n\n${usage()}`);
  const { options } = command;
  if (!existsSync(BUILT_FUNCTION)) exitWith(2, `${BUILT_FUNCTION} is missing: run npm run build (npm start does it for you).`);
  prepareEnvironment(options);

  // The function's log line is for the cloud console; here it goes to stderr, so --json output stays clean.
  console.log = (...args: unknown[]) => process.stderr.write(`log: ${format(...args)}\n`);
  const { main } = require(BUILT_FUNCTION) as { main: Main };
  const result = await main(options.event);

  let labelPath: string | undefined;
  if (result.ok && result.waybill.labelHtml !== null) {
    labelPath = writeLabel(result.waybill.labelHtml, path.resolve(options.out ?? path.join('out', labelFileName(options.event.orderId))));
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (labelPath !== undefined) process.stderr.write(`label written to ${labelPath}\n`);
  } else {
    const source = options.live
      ? `live: the HTTPS transport, asking ${process.env.WX_API_BASE_URL || 'https://api.weixin.qq.com'}`
      : 'emulator: sandbox data behind wx-server-sdk';
    process.stdout.write(`${describeResult(result, labelPath)}\n  (${source})\n`);
  }
  process.exitCode = result.ok ? 0 : 1;
}

run().catch((error: unknown) => exitWith(2, `npm start failed: ${error instanceof Error ? error.message : String(error)}`));
