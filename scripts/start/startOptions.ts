// The command line of `npm start`: what it accepts, its defaults and its usage
// text. Every option is one row of OPTIONS (what parseArgs accepts, the usage
// line, and the check for options npm took as its own); a new option is a row
// there plus the line of parseStartCommand that reads it.
import { parseArgs } from 'node:util';
import { RESERVED_ORDERS } from '../../emulator/logisticsEmulator';
import { DEFAULT_ORDER_ID, SANDBOX_ORDERS } from '../../emulator/sandboxOrders';

/** The caller `npm start` acts as unless --caller says otherwise; always an admin. */
export const DEFAULT_ADMIN_OPENID = 'oEMULATOR_ADMIN_0001';

/** What each exit code means; README.md says the same words. */
export const EXIT_CODES =
  "Exit code: 0 ok; 1 the function answered an error; 2 bad options or setup, and with --live a NOT_CONFIGURED answer too (it comes from this machine's WX_APPID, WX_APPSECRET or WX_API_BASE_URL).";

export interface StartOptions {
  event: { orderId: string; deliveryId: string; waybillId?: string; openid?: string; printType?: number; includeTrack?: boolean };
  /** The OPENID the call comes from; undefined = no caller at all. */
  caller: string | undefined;
  json: boolean;
  out: string | undefined;
  live: boolean;
}

export type ParsedCommand = { help: true } | { help: false; options: StartOptions } | { help: false; usageError: string };

interface OptionRow {
  type: 'string' | 'boolean';
  /** The value's name in the usage text (string options). */
  value?: string;
  short?: string;
  /** The usage text, one line or more. */
  help: string[];
}

const OPTIONS = {
  'order-id': { type: 'string', value: 'ID', help: [`order to fetch (default ${DEFAULT_ORDER_ID})`] },
  'delivery-id': { type: 'string', value: 'ID', help: ["carrier id (default: the sandbox order's carrier, else TEST)"] },
  'waybill-id': { type: 'string', value: 'ID', help: ['waybill number to check the order against'] },
  openid: { type: 'string', value: 'OPENID', help: ['the user the order was created for'] },
  'print-type': { type: 'string', value: '0|1', help: ['0 = two-part label (default), 1 = one-part label'] },
  caller: {
    type: 'string',
    value: 'OPENID',
    help: [`call as this user (default ${DEFAULT_ADMIN_OPENID}, an admin);`, '--caller "" calls with no user at all'],
  },
  track: { type: 'boolean', help: ["also fetch the waybill's track (getPath) and print its timeline"] },
  json: { type: 'boolean', help: ['print the raw result as JSON (for a file: npm start --silent -- --json > r.json)'] },
  out: { type: 'string', value: 'FILE', help: ['where to write the label (default out/label-<order id>.html)'] },
  live: {
    type: 'boolean',
    help: [
      'ask the real WeChat API over HTTPS instead (needs WX_APPID and',
      'WX_APPSECRET; WX_API_BASE_URL overrides https://api.weixin.qq.com)',
    ],
  },
  help: { type: 'boolean', short: 'h', help: ['show this text'] },
} as const satisfies Record<string, OptionRow>;

type OptionName = keyof typeof OPTIONS;
const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];
const rowOf = (name: OptionName): OptionRow => OPTIONS[name];

/** One short line after any usage error, instead of the whole help. */
export const SEE_HELP = 'Run npm start -- --help for every option.';

export function usage(): string {
  const optionLines = OPTION_NAMES.flatMap((name) => {
    const row = rowOf(name);
    const flag = `${row.short === undefined ? '' : `-${row.short}, `}--${name}${row.value === undefined ? '' : ` ${row.value}`}`;
    return row.help.map((text, i) => `  ${(i === 0 ? flag : '').padEnd(20)}${text}`);
  });
  const orders = SANDBOX_ORDERS.map(
    (order) =>
      `    ${order.orderId.padEnd(22)} ${order.deliveryId.padEnd(5)} ${(order.orderStatus === 1 ? 'cancelled' : 'normal').padEnd(9)} ${order.track.length} track events`,
  );
  const faults = RESERVED_ORDERS.map((fault) => `    ${fault.id.padEnd(26)} ${fault.behaviour}`);
  return [
    'Usage: npm start -- [options]   (npm passes on only what comes after --)',
    '',
    'Runs the built getWaybill cloud function (with the real wx-server-sdk) against the local',
    'logistics emulator, prints the waybill and writes its label to an HTML file.',
    '',
    'Options:',
    ...optionLines,
    '',
    EXIT_CODES,
    '',
    'Sandbox orders:',
    ...orders,
    'Reserved order ids (any carrier) that fail on purpose:',
    ...faults,
  ].join('\n');
}

const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);

/**
 * `npm start --track` (no --) gives npm the flag: npm keeps it as its own setting
 * (npm_config_track in the script's environment) and passes a string option's
 * value on as a bare argument. Says so, with the command line that works.
 */
function optionsNpmTook(args: string[], env: NodeJS.ProcessEnv): string | undefined {
  if (env.npm_lifecycle_event !== 'start') return undefined;
  const setting = (name: OptionName): string | undefined => env[`npm_config_${name.replace(/-/g, '_')}`];
  const taken = OPTION_NAMES.filter((name) => name !== 'help' && setting(name) !== undefined);
  if (taken.length === 0) return undefined;
  // `--out=x` leaves x in npm's setting; `--out x` leaves it "true" and passes x on as a bare argument.
  const bare = taken.filter((name) => rowOf(name).type === 'string' && setting(name) === 'true');
  const rest = [...args];
  // npm keeps no order among its settings: with two bare values or more, which was whose is unknown.
  const valueOf = (name: OptionName): string => {
    if (setting(name) !== 'true') return shellWord(setting(name)!);
    return bare.length === 1 && rest.length > 0 ? shellWord(rest.shift()!) : (rowOf(name).value ?? 'VALUE');
  };
  const flags = taken.flatMap((name) => (rowOf(name).type === 'string' ? [`--${name}`, valueOf(name)] : [`--${name}`]));
  const fix = ['npm start --', ...flags, ...(bare.length <= 1 ? rest.map(shellWord) : [])].join(' ');
  const named = taken.map((name) => `--${name}`).join(', ');
  return `npm took ${named} as its own setting (it came before --), so npm start never saw it: run ${fix}`;
}

/** env: the environment npm started the command with, where npm leaves the options it took (npm_config_*). */
export function parseStartCommand(args: string[], env: NodeJS.ProcessEnv = {}): ParsedCommand {
  const npmTook = optionsNpmTook(args, env);
  if (npmTook !== undefined) return { help: false, usageError: npmTook };
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(
        OPTION_NAMES.map((name) => {
          const row = rowOf(name);
          return [name, row.short === undefined ? { type: row.type } : { type: row.type, short: row.short }];
        }),
      ),
    }));
  } catch (error) {
    return { help: false, usageError: error instanceof Error ? error.message : String(error) };
  }
  const text = (name: OptionName): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const flag = (name: OptionName): boolean => values[name] === true;
  if (flag('help')) return { help: true };

  const printType = text('print-type');
  if (printType !== undefined && printType !== '0' && printType !== '1') {
    return { help: false, usageError: `--print-type must be 0 or 1, not "${printType}"` };
  }
  const out = text('out');
  if (out === '') return { help: false, usageError: '--out needs a file name' };

  // Everything else goes to the function as typed: checking it is the function's job, and seeing it do so is the point.
  const orderId = text('order-id') ?? DEFAULT_ORDER_ID;
  const sandboxOrder = SANDBOX_ORDERS.find((order) => order.orderId === orderId);
  const event: StartOptions['event'] = { orderId, deliveryId: text('delivery-id') ?? sandboxOrder?.deliveryId ?? 'TEST' };
  const waybillId = text('waybill-id');
  if (waybillId !== undefined) event.waybillId = waybillId;
  const openid = text('openid');
  if (openid !== undefined) event.openid = openid;
  if (printType !== undefined) event.printType = Number(printType);
  if (flag('track')) event.includeTrack = true;

  const caller = text('caller') ?? DEFAULT_ADMIN_OPENID;
  return {
    help: false,
    options: { event, caller: caller === '' ? undefined : caller, json: flag('json'), out, live: flag('live') },
  };
}
