// `npm start` itself, run as a child process the way a person runs it (each run
// costs about a second, so these are few). The script needs the built
// function, which `npm test` builds first.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { startEmulatorServer } from '../../scripts/emulator/emulatorServer';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const START = path.join(ROOT, 'scripts', 'start.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// A run takes one to three seconds on a busy machine (tsx, then wx-server-sdk's own load).
jest.setTimeout(30_000);

let workDir: string;
beforeEach(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'waybill-start-'));
});
afterEach(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs the script in a scratch folder, so its default out/ lands there. */
function start(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, WAYBILL_ADMIN_OPENIDS: '', WAYBILL_TRANSPORT: '', ...env };
  for (const name of ['WX_APPID', 'WX_APPSECRET', 'WX_API_BASE_URL', 'WX_OPENID', 'WX_CONTEXT_KEYS'])
    if (!(name in env)) delete childEnv[name];
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [START, ...args], { cwd: workDir, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start', () => {
  it('fetches the default sandbox order as an admin, prints it and writes the label', async () => {
    const run = await start([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/order id\s+TEST_ORDER_0001/);
    expect(run.stdout).toMatch(/waybill id\s+TEST_WB_0001/);
    expect(run.stdout).toMatch(/status\s+normal \(order_status 0\)/);
    expect(run.stdout).toMatch(/TEST_mark\s+测试标记\s+测试-01/);
    const labelFile = path.join(workDir, 'out', 'label-TEST_ORDER_0001.html');
    expect(run.stdout).toContain(path.join('out', 'label-TEST_ORDER_0001.html'));
    expect(readFileSync(labelFile, 'utf8')).toMatch(/^<!DOCTYPE html><html lang="en">[\s\S]*张小明/);
  });

  it('--json prints the raw result, and only that, on stdout', async () => {
    const run = await start(['--json', '--order-id', 'ZTO_ORDER_0001', '--print-type', '1', '--out', 'zto.html']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as GetWaybillResult;
    expect(result).toMatchObject({ ok: true, waybill: { orderId: 'ZTO_ORDER_0001', deliveryId: 'ZTO', labelWithheld: false } });
    expect(readFileSync(path.join(workDir, 'zto.html'), 'utf8')).toBe(result.ok ? result.waybill.labelHtml : '');
  });

  it('a caller who is not an admin sees the waybill but no label, and no file is written', async () => {
    const run = await start(['--caller', 'oSomeUser_0001', '--order-id', 'TEST_ORDER_CANCELLED']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/status\s+cancelled/);
    expect(run.stdout).toMatch(/label\s+withheld/);
    expect(existsSync(path.join(workDir, 'out'))).toBe(false);
  });

  it('a bad option gets the usage text and exit code 2', async () => {
    const run = await start(['--order', 'TEST_ORDER_0001']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--order'");
    expect(run.stderr).toContain('Usage: npm start -- [options]');
    expect(run.stdout).toBe('');
  });

  it('--live without credentials says which variable is missing', async () => {
    const run = await start(['--live'], { WX_APPID: 'wx0000000000000000' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--live needs WX_APPSECRET');
  });

  it('--live goes over HTTPS to WX_API_BASE_URL (here the emulator) and maps its errors', async () => {
    const server = await startEmulatorServer();
    try {
      const run = await start(['--live', '--order-id', 'NO_SUCH_ORDER'], {
        WX_API_BASE_URL: server.baseUrl,
        WX_APPID: server.appid,
        WX_APPSECRET: server.secret,
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('getWaybill failed: NOT_FOUND (errCode 930563, field orderId, not retryable)');
      expect(server.requests).toEqual({ stableToken: 1, getOrder: 1 });
    } finally {
      await server.close();
    }
  });
});
