// `npm start` as a person runs it: in process through runStart (the same code
// the command runs), and once for real as the command itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { startEmulatorServer } from '../../emulator/emulatorServer';
import { chinaTime } from '../../scripts/start/printResult';
import { applyEnv } from '../../emulator/cloudCallCodec';
import { REPO_ROOT } from '../support/builtFunction';
import { useStartInProcess } from '../support/startInProcess';

const start = useStartInProcess();

test('the command itself: fetches the default sandbox order as an admin, prints it and writes the label', () => {
  const run = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [path.join(REPO_ROOT, 'scripts', 'start.ts')], {
    cwd: start.workDir(),
    encoding: 'utf8',
    env: { ...process.env, WAYBILL_ADMIN_OPENIDS: '' },
  });
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/order id\s+TEST_ORDER_0001/);
  expect(run.stdout).toMatch(/waybill id\s+TEST_WB_0001/);
  expect(run.stdout).toMatch(/status\s+normal \(order_status 0\)/);
  expect(run.stdout).toMatch(/TEST_mark\s+测试标记\s+测试-01/);
  expect(run.stdout).toContain(path.join('out', 'label-TEST_ORDER_0001.html'));
  expect(readFileSync(path.join(start.workDir(), 'out', 'label-TEST_ORDER_0001.html'), 'utf8')).toMatch(
    /^<!DOCTYPE html><html lang="en">[\s\S]*张小明/,
  );
  expect(run.stderr).toMatch(/^log: \{"event":"getWaybill","outcome":"OK"/m);
}, 30_000);

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
  expect(run.stderr).toContain('"track":{"outcome":"ok","events":5,');
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

test('a bad option gets the usage text and exit code 2', async () => {
  const run = await start.run(['--order', 'TEST_ORDER_0001']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("Unknown option '--order'");
  expect(run.stderr).toContain('Usage: npm start -- [options]');
  expect(run.stdout).toBe('');
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
