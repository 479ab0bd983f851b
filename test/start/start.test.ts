// `npm start` as a person runs it: in process through runStart (the same code
// the command runs), and once for real as the command itself.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { startEmulatorServer } from '../../emulator/emulatorServer';
import { chinaTime } from '../../scripts/start/printResult';
import { applyEnv } from '../../emulator/cloudCallCodec';
import { REPO_ROOT } from '../support/builtFunction';
import { useStartInProcess } from '../support/startInProcess';

const start = useStartInProcess();

/** A scratch folder inside the checkout (out/ is git-ignored), so that npm finds the project from there, as from any folder of it. */
function scratchInCheckout(): string {
  mkdirSync(path.join(REPO_ROOT, 'out'), { recursive: true });
  return mkdtempSync(path.join(REPO_ROOT, 'out', 'start-command-'));
}

describe('the command itself, through npm', () => {
  let scratch = '';
  beforeEach(() => {
    scratch = scratchInCheckout();
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));
  const env = { ...process.env, WAYBILL_ADMIN_OPENIDS: '' };

  test('npm start fetches the default sandbox order as an admin, prints it and writes the label where it was typed', () => {
    const run = spawnSync('npm', ['start'], { cwd: scratch, encoding: 'utf8', env });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/order id\s+TEST_ORDER_0001/);
    expect(run.stdout).toMatch(/waybill id\s+TEST_WB_0001/);
    expect(run.stdout).toMatch(/status\s+normal \(order_status 0\)/);
    expect(run.stdout).toMatch(/TEST_mark\s+测试标记\s+测试-01/);
    expect(run.stdout).toContain(`written to ${path.join('out', 'label-TEST_ORDER_0001.html')} (open it`);
    expect(readFileSync(path.join(scratch, 'out', 'label-TEST_ORDER_0001.html'), 'utf8')).toMatch(
      /^<!DOCTYPE html><html lang="en">[\s\S]*张小明/,
    );
    expect(run.stderr).toMatch(/^log: \{"event":"getWaybill","outcome":"OK"/m);
  }, 60_000);

  test('npm start --silent -- --json > r.json writes the result, and only that, to the file', () => {
    const run = spawnSync('sh', ['-c', 'npm start --silent -- --json > r.json'], { cwd: scratch, encoding: 'utf8', env });
    expect(run.status).toBe(0);
    const result = JSON.parse(readFileSync(path.join(scratch, 'r.json'), 'utf8')) as GetWaybillResult;
    expect(result).toMatchObject({ ok: true, waybill: { orderId: 'TEST_ORDER_0001', labelWithheld: false } });
    expect(run.stderr).toContain(`label written to ${path.join('out', 'label-TEST_ORDER_0001.html')}`);
  }, 60_000);

  test('npm start --track (no --) exits 2 with one line naming the fix, instead of running without the track', () => {
    const run = spawnSync('npm', ['start', '--track'], { cwd: scratch, encoding: 'utf8', env });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'npm took --track as its own setting (it came before --), so npm start never saw it: run npm start -- --track\n',
    );
    expect(run.stdout).not.toContain('getWaybill');
    expect(existsSync(path.join(scratch, 'out'))).toBe(false);
  }, 60_000);
});

describe('options npm took as its own (typed before --) are refused with the command line that works', () => {
  const npmTook = (...names: string[]) =>
    Object.fromEntries([['npm_lifecycle_event', 'start'], ...names.map((name) => [`npm_config_${name}`, 'true'])]);

  test.each([
    ['--order-id X', ['X'], npmTook('order_id'), 'npm start -- --order-id X'],
    ['--track --order-id X', ['X'], npmTook('order_id', 'track'), 'npm start -- --order-id X --track'],
    ['--caller ""', [''], npmTook('caller'), "npm start -- --caller ''"],
    ['--json -- --track', ['--track'], npmTook('json'), 'npm start -- --json --track'],
    [
      '--delivery-id SF --waybill-id W1',
      ['SF', 'W1'],
      npmTook('delivery_id', 'waybill_id'),
      'npm start -- --delivery-id ID --waybill-id ID',
    ],
    [
      '--out=my label.html --track',
      [],
      { ...npmTook('track'), npm_config_out: 'my label.html' },
      "npm start -- --track --out 'my label.html'",
    ],
  ])('npm start %s', async (_typed, args, env, fix) => {
    const run = await start.run(args, env);
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`so npm start never saw it: run ${fix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(run.stdout).toBe('');
  });

  test("the same settings outside npm start (another script, or none) are not npm start's business", async () => {
    expect((await start.run([], { npm_lifecycle_event: 'test', npm_config_json: 'true' })).code).toBe(0);
  });
});

test('--json prints the raw result, and only that, on stdout', async () => {
  const run = await start.run(['--json', '--order-id', 'ZTO_ORDER_0001', '--print-type', '1', '--out', 'zto.html']);
  expect(run.code).toBe(0);
  const result = JSON.parse(run.stdout) as GetWaybillResult;
  expect(result).toMatchObject({ ok: true, waybill: { orderId: 'ZTO_ORDER_0001', deliveryId: 'ZTO', labelWithheld: false } });
  expect(readFileSync(path.join(start.workDir(), 'zto.html'), 'utf8')).toBe(result.ok ? result.waybill.labelHtml : '');
  expect(result.ok && result.waybill.labelHtml).toContain('一联单');
});

test('--track prints the timeline, newest first, in China Standard Time', async () => {
  const run = await start.run(['--track']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/track\s+delivered \(times in China Standard Time\)/);
  const timeline = run.stdout.split('\n').filter((line) => /^ {4}\d{4}-\d\d-\d\d \d\d:\d\d /.test(line));
  expect(timeline).toHaveLength(5);
  expect(timeline[0]).toMatch(/^ {4}2026-11-21 14:02 {2}delivered +已签收/);
  expect(timeline[4]).toMatch(/^ {4}2026-11-20 09:15 {2}collected +【测试网点】已揽收/);
  expect(run.stderr).toContain('"track":{"outcome":"ok","events":5}');
});

test('--track --json includes the track; an order with no events yet says so', async () => {
  const json = await start.run(['--track', '--json', '--order-id', 'EMS_ORDER_0001']);
  expect(JSON.parse(json.stdout)).toMatchObject({
    ok: true,
    waybill: { track: { available: true, stage: null, events: [], totalEvents: 0 } },
  });
  const text = await start.run(['--track', '--order-id', 'EMS_ORDER_0001']);
  expect(text.stdout).toMatch(/track\s+no events yet/);
});

test('a track that cannot be fetched leaves the waybill: the reserved FAULT_TRACK_NO_PERMISSION', async () => {
  const run = await start.run(['--track', '--order-id', 'FAULT_TRACK_NO_PERMISSION']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/track\s+not available: NOT_CONFIGURED \(errCode -604101\)/);
});

test('times are shown in China Standard Time, whatever the machine says', () => {
  expect(chinaTime(Date.parse('2026-11-21T06:02:00Z') / 1000)).toBe('2026-11-21 14:02');
});

test('a caller who is not an admin sees the waybill but no label, and no file is written', async () => {
  const run = await start.run(['--caller', 'oSomeUser_0001', '--order-id', 'TEST_ORDER_CANCELLED']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/status\s+cancelled/);
  expect(run.stdout).toMatch(/label\s+withheld/);
  expect(existsSync(path.join(start.workDir(), 'out'))).toBe(false);
});

test('an error answer exits 1 and prints its code; a reserved fault id fails on purpose', async () => {
  const run = await start.run(['--order-id', 'FAULT_CARRIER_ERROR']);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('getWaybill failed: UPSTREAM_ERROR (errCode 9300501, not retryable)');
});

test.each([
  [['--order', 'TEST_ORDER_0001'], "Unknown option '--order'"],
  [['TEST_ORDER_0001'], "Unexpected argument 'TEST_ORDER_0001'"],
  [['--print-type', '2'], '--print-type must be 0 or 1, not "2"'],
])('a usage error (%j) is two lines, the problem and where the help is, and exit code 2', async (args, problem) => {
  const run = await start.run(args);
  expect(run.code).toBe(2);
  const [first, ...rest] = run.stderr.trimEnd().split('\n');
  expect(first).toContain(problem);
  expect(rest).toEqual(['Run npm start -- --help for every option.']);
  expect(run.stdout).toBe('');
});

test('--out with an absolute path prints that path; a relative one is shown from where the command was typed', async () => {
  const absolute = path.join(start.workDir(), 'labels', 'one.html');
  expect((await start.run(['--out', absolute])).stdout).toContain(`written to ${absolute} (open it`);
  expect((await start.run(['--out', path.join('labels', 'two.html')])).stdout).toContain(
    `written to ${path.join('labels', 'two.html')} (open it`,
  );
  expect(readFileSync(path.join(start.workDir(), 'labels', 'two.html'), 'utf8')).toBe(readFileSync(absolute, 'utf8'));
});

test('NOT_CONFIGURED from the emulator is an answer like any other error: exit 1', async () => {
  const run = await start.run(['--order-id', 'FAULT_NO_PERMISSION']);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('getWaybill failed: NOT_CONFIGURED (errCode -604101');
});

test('--help lists the options, the sandbox orders and the reserved ids', async () => {
  const run = await start.run(['--help']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('--track');
  expect(run.stdout).toMatch(/EMS_ORDER_0001\s+EMS\s+normal\s+0 track events/);
  expect(run.stdout).toContain('FAULT_TRACK_BUSY');
});

describe('--live', () => {
  test('without credentials says which variable is missing, exit 2', async () => {
    const restore = applyEnv({ WX_APPID: 'wx0000000000000000' });
    try {
      const run = await start.run(['--live']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--live needs WX_APPSECRET');
    } finally {
      restore();
    }
  });

  test('goes over HTTPS to WX_API_BASE_URL (here the emulator) and maps its errors, exit 1', async () => {
    const server = await startEmulatorServer();
    const restore = applyEnv({ WX_API_BASE_URL: server.baseUrl, WX_APPID: server.appid, WX_APPSECRET: server.secret });
    try {
      const run = await start.run(['--live', '--order-id', 'NO_SUCH_ORDER']);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('getWaybill failed: NOT_FOUND (errCode 930563, field orderId, not retryable)');
      expect(server.tokenRequests).toBe(1);
      expect(server.calls).toHaveLength(1);
    } finally {
      restore();
      await server.close();
    }
  });

  test('a NOT_CONFIGURED from the local settings (a bad WX_API_BASE_URL) exits 2', async () => {
    const restore = applyEnv({ WX_API_BASE_URL: 'http://example.invalid', WX_APPID: 'wx0000000000000000', WX_APPSECRET: 'placeholder' });
    try {
      const run = await start.run(['--live']);
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('getWaybill failed: NOT_CONFIGURED');
      expect(run.stdout).toContain('WX_API_BASE_URL');
    } finally {
      restore();
    }
  });
});
