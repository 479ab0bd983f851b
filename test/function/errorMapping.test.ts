// Every failure WeChat or the platform can answer, through the built function:
// WeChat's errcodes on both transports, the cloud platform's own codes and
// faults on the cloud call, and the HTTP faults of the https transport. Each
// row: the contract's code, retryable or not (a busy answer is retried until
// the deadline), the errCode kept, the field named. The expectations are
// written out here, not imported from the mapping under test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { WaybillError } from '../../miniprogram/contract/getWaybillContract';
import type { EmulatorAnswer } from '../../emulator/logisticsEmulator';
import { useBuiltFunction, type Transport } from '../support/bundleHarness';
import { lastCallLine } from '../support/functionHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { SAMPLE_EVENT } from '../support/sampleAnswers';

const capture = captureLogs();
const fn = useBuiltFunction();
beforeEach(() => fn.reset());

/** Short, so that a retried failure ends quickly: attempts start at 0, 75 and 225 ms (random is 0.5 here). */
const DEADLINE = { WAYBILL_DEADLINE_MS: '400' };
let random: jest.SpyInstance;
beforeEach(() => (random = jest.spyOn(Math, 'random').mockReturnValue(0.5)));
afterEach(() => random.mockRestore());

interface Fault {
  name: string;
  answer: EmulatorAnswer;
  transports: Transport[];
  code: WaybillError['code'];
  errCode?: number;
  field?: WaybillError['field'];
}

const BOTH: Transport[] = ['cloud', 'https'];
const errcode = (code: number): EmulatorAnswer => ({ kind: 'body', body: { errcode: code, errmsg: 'UPSTREAM-ERRMSG' } });
const wechat = (code: number, expected: WaybillError['code'], field?: WaybillError['field']): Fault => ({
  name: `WeChat errcode ${code}`,
  answer: errcode(code),
  transports: BOTH,
  code: expected,
  errCode: code,
  ...(field === undefined ? {} : { field }),
});
const platform = (code: number, expected: WaybillError['code']): Fault => ({
  name: `platform code ${code}`,
  answer: { kind: 'platformError', errorCode: code },
  transports: ['cloud'],
  code: expected,
  errCode: code,
});

const FAULTS: Fault[] = [
  wechat(-1, 'UPSTREAM_BUSY'),
  wechat(40001, 'NOT_CONFIGURED'),
  wechat(42001, 'NOT_CONFIGURED'),
  wechat(40003, 'INVALID_ARGUMENT', 'openid'),
  wechat(40013, 'NOT_CONFIGURED'),
  wechat(40125, 'NOT_CONFIGURED'),
  wechat(40164, 'NOT_CONFIGURED'),
  wechat(47001, 'INVALID_ARGUMENT'),
  wechat(48001, 'NOT_CONFIGURED'),
  wechat(40199, 'NOT_FOUND', 'waybillId'),
  wechat(930561, 'INVALID_ARGUMENT'),
  wechat(930563, 'NOT_FOUND', 'orderId'),
  wechat(930564, 'UPSTREAM_ERROR'),
  wechat(9300501, 'UPSTREAM_ERROR'),
  wechat(9300502, 'UPSTREAM_BUSY'),
  wechat(9300503, 'NOT_FOUND', 'deliveryId'),
  wechat(9300506, 'UPSTREAM_ERROR'),
  wechat(9300507, 'UPSTREAM_ERROR'),
  wechat(9300525, 'NOT_CONFIGURED'),
  wechat(9300526, 'INVALID_ARGUMENT'),
  wechat(9300528, 'NOT_FOUND', 'waybillId'),
  wechat(9300531, 'NOT_CONFIGURED'),
  wechat(9300534, 'UPSTREAM_ERROR'),
  wechat(12345, 'UPSTREAM_ERROR'), // a code nobody documented
  platform(-604101, 'NOT_CONFIGURED'),
  platform(-604100, 'NOT_CONFIGURED'),
  platform(-604102, 'UPSTREAM_BUSY'),
  platform(-604103, 'UPSTREAM_BUSY'),
  platform(-601001, 'UPSTREAM_BUSY'),
  platform(-501001, 'UPSTREAM_BUSY'),
  platform(-501002, 'UPSTREAM_BUSY'),
  platform(-501003, 'UPSTREAM_BUSY'),
  platform(-501004, 'UPSTREAM_BUSY'),
  platform(-604001, 'UPSTREAM_ERROR'),
  { name: 'no permission', answer: { kind: 'noPermission' }, transports: ['cloud'], code: 'NOT_CONFIGURED', errCode: -604101 },
  { name: 'no permission', answer: { kind: 'noPermission' }, transports: ['https'], code: 'NOT_CONFIGURED', errCode: 48001 },
  // The SDK reports a dropped connection and a gateway's error page as its -501001.
  { name: 'a dropped connection', answer: { kind: 'reset' }, transports: ['cloud'], code: 'UPSTREAM_BUSY', errCode: -501001 },
  {
    name: 'a 502 from a gateway',
    answer: { kind: 'gatewayError', status: 502 },
    transports: ['cloud'],
    code: 'UPSTREAM_BUSY',
    errCode: -501001,
  },
  { name: 'a dropped connection', answer: { kind: 'reset' }, transports: ['https'], code: 'UPSTREAM_BUSY' },
  { name: 'a 502 from a gateway', answer: { kind: 'gatewayError', status: 502 }, transports: ['https'], code: 'UPSTREAM_BUSY' },
  { name: 'a 503 from a gateway', answer: { kind: 'gatewayError', status: 503 }, transports: ['https'], code: 'UPSTREAM_BUSY' },
  { name: 'an answer that never comes', answer: { kind: 'hang' }, transports: BOTH, code: 'UPSTREAM_BUSY' },
];

const ROWS = FAULTS.flatMap((fault) => fault.transports.map((transport) => ({ ...fault, transport })));

test.each(ROWS)('$name over $transport -> $code', async ({ answer, transport, code, errCode, field }) => {
  fn.answer = () => answer;
  const result = await fn.call(SAMPLE_EVENT, { transport, env: DEADLINE });
  const retryable = code === 'UPSTREAM_BUSY';
  expect(result).toEqual({
    ok: false,
    error: {
      code,
      retryable,
      message: expect.any(String),
      ...(errCode === undefined ? {} : { errCode }),
      ...(field === undefined ? {} : { field }),
    },
  });
  expect(!result.ok && result.error.message).not.toMatch(/UPSTREAM-ERRMSG|\n\s+at /); // WeChat's errmsg and stacks stay out
  // A hung attempt uses the whole 400 ms; anything else busy is tried again (how often depends on how fast a loaded machine answers).
  const line = lastCallLine(capture.lines);
  expect(line).toMatchObject({ outcome: code, ...(errCode === undefined ? {} : { errCode }) });
  if (!retryable || answer.kind === 'hang') expect(line.attempts).toBe(1);
  else expect(line.attempts).toBeGreaterThanOrEqual(2);
});

test('-604101 says how to fix the permission', async () => {
  fn.answer = () => ({ kind: 'noPermission' });
  const result = await fn.call(SAMPLE_EVENT);
  expect(!result.ok && result.error.message).toMatch(/config\.json.*logistics\.getOrder.*DevTools/s);
});

test('the table has every WeChat errcode the mapping knows, on both transports', () => {
  expect(ROWS.filter((row) => row.name.startsWith('WeChat')).length).toBe(2 * 24);
});

describe('the https transport refuses a wrong address at once (NOT_CONFIGURED naming WX_API_BASE_URL, no retry)', () => {
  let other: Server;
  let otherUrl: string;
  let status = 302;
  beforeAll(async () => {
    other = createServer((_request, response) => response.writeHead(status, { Location: 'https://example.invalid/' }).end());
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

  test.each([301, 302, 307, 308, 404, 403])('HTTP %p', async (answered) => {
    status = answered;
    const result = await fn.call(SAMPLE_EVENT, { transport: 'https', env: { WX_API_BASE_URL: otherUrl } });
    expect(result).toEqual({
      ok: false,
      error: { code: 'NOT_CONFIGURED', retryable: false, message: expect.stringContaining('WX_API_BASE_URL') },
    });
    expect(!result.ok && result.error.message).toContain(`HTTP ${answered}`);
    expect(lastCallLine(capture.lines)).toMatchObject({ outcome: 'NOT_CONFIGURED', attempts: 1 });
  });

  test('TLS spoken to a server that is not TLS', async () => {
    const result = await fn.call(SAMPLE_EVENT, { transport: 'https', env: { WX_API_BASE_URL: otherUrl.replace('http:', 'https:') } });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_CONFIGURED', retryable: false }) });
    expect(lastCallLine(capture.lines)).toMatchObject({ attempts: 1 });
  });
});

test('a certificate the runtime does not trust is NOT_CONFIGURED naming WX_API_BASE_URL, not retried', async () => {
  // A throwaway self-signed certificate, made for this test and deleted after it.
  const dir = mkdtempSync(join(tmpdir(), 'untrusted-cert-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
    {
      stdio: 'ignore',
    },
  );
  const server = createTlsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_request, response) => response.end('{}'));
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await fn.call(SAMPLE_EVENT, { transport: 'https', env: { WX_API_BASE_URL: url } });
    expect(result).toEqual({
      ok: false,
      error: { code: 'NOT_CONFIGURED', retryable: false, message: expect.stringContaining('WX_API_BASE_URL') },
    });
    expect(!result.ok && result.error.message).toMatch(/certificate/);
    expect(lastCallLine(capture.lines)).toMatchObject({ attempts: 1 });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

expectNoPersonalDataLogged(capture);
