// Giant answers: an answer larger than MAX_ANSWER_BYTES (4 MiB) is refused by
// its size before it is parsed, on both transports, as a bad response (retried,
// then UPSTREAM_BUSY with no errCode). Parsing 14 MB of JSON and renaming its
// keys blocked the timers for seconds past the deadline and could exhaust the
// heap; an answer below the limit is read as before.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { cloudRuntimeEnv } from '../../emulator/cloudCallCodec';
import { EMULATOR_APPID, EMULATOR_SECRET } from '../../emulator/emulatorServer';
import { MAX_ANSWER_BYTES } from '../../cloudfunctions/getWaybill/src/transportPort';
import { functionEnv, useBuiltFunction, type Transport } from '../support/bundleHarness';
import { BUILT_FUNCTION } from '../support/builtFunction';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { ADMIN } from '../support/people';
import { orderAnswer, pathAnswer, SAMPLE_EVENT } from '../support/sampleAnswers';

const RUNNER = path.join(__dirname, '..', 'support', 'runtimeRunner.cjs');
const MB = 1024 * 1024;
const EVENT_ROW = '{"action_time":1764300000,"action_type":200001,"action_msg":"到达"}';

const paddedBodies = new Map<string, string>();
/** `answer` with an unread field of many small objects, `bytes` long in all: the costliest JSON to parse and rename. */
function padded(answer: Record<string, unknown>, bytes: number): string {
  // Made once per size and answer: every attempt of every call gets the same megabytes without building them again.
  const key = `${bytes} ${JSON.stringify(answer)}`;
  const made = paddedBodies.get(key) ?? makePadded(answer, bytes);
  paddedBodies.set(key, made);
  return made;
}

function makePadded(answer: Record<string, unknown>, bytes: number): string {
  const head = `${JSON.stringify(answer).slice(0, -1)},"padding":[`;
  const rows = Math.max(0, Math.floor((bytes - head.length - 2) / (Buffer.byteLength(EVENT_ROW) + 1)));
  const body = `${head}${Array(rows).fill(EVENT_ROW).join(',')}]}`;
  return body + ' '.repeat(Math.max(0, bytes - Buffer.byteLength(body)));
}

const capture = captureLogs();
const fn = useBuiltFunction();
const TRACK_EVENT = { ...SAMPLE_EVENT, waybillId: 'SF1234567890', includeTrack: true };

describe.each(['cloud', 'https'] as const)('%s transport', (transport: Transport) => {
  test('an answer under the limit is read (3.9 MB)', async () => {
    expect(padded(orderAnswer(), 3.9 * MB).length).toBeLessThan(MAX_ANSWER_BYTES);
    fn.answer = () => ({ kind: 'body', body: padded(orderAnswer(), 3.9 * MB) });
    const result = await fn.call(SAMPLE_EVENT, { transport, env: { WAYBILL_DEADLINE_MS: '2700' } });
    expect(result).toMatchObject({ ok: true, waybill: { waybillId: 'SF1234567890' } });
  });

  test('an answer over the limit (5 MB) is a bad response, retried, then UPSTREAM_BUSY', async () => {
    fn.reset();
    fn.answer = () => ({ kind: 'body', body: padded(orderAnswer(), 5 * MB) });
    const result = await fn.call(SAMPLE_EVENT, { transport, env: { WAYBILL_DEADLINE_MS: '1000' } });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_BUSY' }) });
    expect(result.ok === false && 'errCode' in result.error).toBe(false);
    expect(fn.calls().length).toBeGreaterThan(1); // refused, not waited for: there was time to ask again
  });

  test('a 14.5 MB getPath answer: the track is UPSTREAM_BUSY, the waybill is answered', async () => {
    fn.answer = (call) => ({ kind: 'body', body: call.api === 'getOrder' ? orderAnswer() : padded(pathAnswer(), 14.5 * MB) });
    const result = await fn.call(TRACK_EVENT, { transport });
    expect(result).toMatchObject({ ok: true, waybill: { track: { available: false, error: { code: 'UPSTREAM_BUSY' } } } });
  });

  test('an answer with no declared length is refused once 4 MiB have come, without waiting for its end', async () => {
    // 5 MB in chunks, then the connection stays open: only counting the bytes as they come can end the attempt early.
    let requests = 0;
    const server = http.createServer((request) => {
      requests += 1;
      request.resume();
      const response = request.socket;
      response.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = 'x'.repeat(64 * 1024);
      for (let sent = 0; sent < 5 * MB; sent += chunk.length) response.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const env =
      transport === 'cloud'
        ? cloudRuntimeEnv(`${url}/admin`, { openid: ADMIN })
        : { WX_API_BASE_URL: url, WX_APPID: EMULATOR_APPID, WX_APPSECRET: EMULATOR_SECRET };
    try {
      const result = await fn.call(SAMPLE_EVENT, { transport, env: { ...env, WAYBILL_DEADLINE_MS: '1000' } });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_BUSY' }) });
      expect(requests).toBeGreaterThan(1); // each attempt was refused early enough for another to start
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a 14 MB answer does not exhaust a 100 MB heap: the process answers', async () => {
    fn.answer = () => ({ kind: 'body', body: padded(orderAnswer(), 14 * MB) });
    const child = spawn(process.execPath, ['--max-old-space-size=100', RUNNER, BUILT_FUNCTION], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.resume();
    const env = functionEnv(fn.server(), { transport, env: { WAYBILL_DEADLINE_MS: '1000' } });
    const nulled = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value ?? null]));
    child.stdin.end(JSON.stringify({ loadEnv: nulled, cases: [{ name: 'giant', env: nulled, event: SAMPLE_EVENT }] }));
    const code = await exited;
    expect({ code, stdout: stdout.slice(0, 200) }).toMatchObject({ code: 0 });
    const report = JSON.parse(stdout) as { results: Array<{ result?: unknown }> };
    expect(report.results[0].result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_BUSY' }) });
  });
});

expectNoPersonalDataLogged(capture);
