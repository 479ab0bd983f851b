// No connection outlives its attempt. Against a server that accepts every
// connection and never answers, the built function abandons each attempt at
// its timeout and retries; on both transports the abandoned attempt's
// connection must be closed by then, and a process that runs only the function
// must end by itself once main has answered (a connection left open would keep
// it alive for as long as the server does).
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { cloudRuntimeEnv } from '../../emulator/cloudCallCodec';
import { EMULATOR_APPID, EMULATOR_SECRET } from '../../emulator/emulatorServer';
import { useBuiltFunction } from '../support/bundleHarness';
import { BUILT_FUNCTION } from '../support/builtFunction';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { ADMIN } from '../support/people';
import { SAMPLE_EVENT } from '../support/sampleAnswers';

const RUNNER = path.join(__dirname, '..', 'support', 'runtimeRunner.cjs');

interface HungServer {
  url: string;
  /** Connections open now. */
  open(): number;
  /** For each connection, how many others were open when it came. */
  readonly othersOpenAtEach: number[];
  close(): Promise<void>;
}

async function startHungServer(): Promise<HungServer> {
  const sockets = new Set<Socket>();
  const othersOpenAtEach: number[] = [];
  const server = http.createServer(() => undefined); // reads the request, never answers
  server.on('connection', (socket: Socket) => {
    othersOpenAtEach.push(sockets.size);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    open: () => sockets.size,
    othersOpenAtEach,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves once `done()` holds, or rejects after `ms` (a bound on waiting, not a speed goal). */
async function eventually(done: () => boolean, ms: number, what: string): Promise<void> {
  const giveUpAt = Date.now() + ms;
  while (!done()) {
    if (Date.now() > giveUpAt) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What points each transport at `url` (the cloud's service endpoint, or WeChat's API). */
function envFor(transport: 'cloud' | 'https', url: string): Record<string, string | undefined> {
  return transport === 'cloud'
    ? { ...cloudRuntimeEnv(`${url}/admin`, { openid: ADMIN }), WAYBILL_TRANSPORT: undefined }
    : { WAYBILL_TRANSPORT: 'https', WX_API_BASE_URL: url, WX_APPID: EMULATOR_APPID, WX_APPSECRET: EMULATOR_SECRET };
}

const capture = captureLogs();
const fn = useBuiltFunction();
let hung: HungServer;
beforeEach(async () => {
  hung = await startHungServer();
});
afterEach(() => hung.close());

describe.each(['cloud', 'https'] as const)('%s transport against a server that never answers', (transport) => {
  test('each abandoned attempt has closed its connection before the next one opens, and none is left after main answers', async () => {
    const result = await fn.call(SAMPLE_EVENT, { env: { ...envFor(transport, hung.url), WAYBILL_DEADLINE_MS: '2500' } });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_BUSY' }) });
    expect(hung.othersOpenAtEach.length).toBeGreaterThanOrEqual(2); // 1125 ms per attempt: at least two in 2500 ms
    expect(hung.othersOpenAtEach).toEqual(hung.othersOpenAtEach.map(() => 0));
    await eventually(() => hung.open() === 0, 1000, 'closing every connection');
  });

  test('a process running only the function ends by itself after main answers', async () => {
    const child = spawn(process.execPath, [RUNNER, BUILT_FUNCTION], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const cloudEnv = cloudRuntimeEnv(`${hung.url}/admin`, { openid: ADMIN });
    child.stdin.end(
      JSON.stringify({
        loadEnv: cloudEnv,
        endOnItsOwn: true,
        cases: [
          {
            name: 'hung',
            env: { ...envFor(transport, hung.url), WAYBILL_ADMIN_OPENIDS: ADMIN, WAYBILL_DEADLINE_MS: '1500' },
            event: SAMPLE_EVENT,
          },
        ],
      }),
    );
    try {
      await eventually(() => stdout.endsWith('\n'), 20_000, 'the report');
      const report = JSON.parse(stdout) as { results: Array<{ result?: { ok: boolean; error?: { code: string } } }> };
      expect(report.results[0].result).toMatchObject({ ok: false, error: { code: 'UPSTREAM_BUSY' } });
      // The hung server is still up: only connections the function closed itself can let the process end.
      await eventually(() => child.exitCode !== null, 10_000, 'the process ending by itself');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

expectNoPersonalDataLogged(capture);
