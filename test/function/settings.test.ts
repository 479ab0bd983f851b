// The function's settings (environment variables): how each is read, what a
// bad value does, and that a bad value is never repeated to callers or logs.
import { parseConfig } from '../../cloudfunctions/getWaybill/src/config';
import { functionWith, lastCallLine } from '../support/functionHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { ADMIN, OTHER_ADMIN, USER } from '../support/people';
import { SAMPLE_EVENT } from '../support/sampleAnswers';

const capture = captureLogs();

describe('WAYBILL_ADMIN_OPENIDS', () => {
  test.each([
    ['commas', `${ADMIN},${OTHER_ADMIN}`],
    ['full-width commas', `${ADMIN}，${OTHER_ADMIN}`],
    ['semicolons', `${ADMIN};${OTHER_ADMIN}`],
    ['newlines', `${ADMIN}\n${OTHER_ADMIN}\n`],
    ['spaces and tabs', ` ${ADMIN}\t ${OTHER_ADMIN} `],
    ['a mix, with empty entries', `,${ADMIN} ，;\r\n${OTHER_ADMIN},,`],
  ])('separated by %s: both are admins, with no warning', (_how, list) => {
    const { config, warnings } = parseConfig({ WAYBILL_ADMIN_OPENIDS: list });
    expect([...config.adminOpenids]).toEqual([ADMIN, OTHER_ADMIN]);
    expect(warnings).toEqual([]);
  });

  test('entries that are not OPENID-shaped are ignored, counted in one warning that repeats none of them', () => {
    const { config, warnings } = parseConfig({ WAYBILL_ADMIN_OPENIDS: `${ADMIN}, 张三, o.dotted|pipe, ${USER}` });
    expect([...config.adminOpenids]).toEqual([ADMIN, USER]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('WAYBILL_ADMIN_OPENIDS: 2 of 4 entries');
    expect(warnings[0]).not.toMatch(/张三|dotted/);
  });

  test('the warning is logged once per cold start, not once per call', async () => {
    const fn = functionWith({ env: { WAYBILL_ADMIN_OPENIDS: `${ADMIN}, not/an/openid` } }, capture.log);
    await fn.call(SAMPLE_EVENT);
    await fn.call(SAMPLE_EVENT);
    const warnings = fn.lines.filter((line) => line.includes('"event":"getWaybill.config"'));
    expect(warnings).toHaveLength(1);
    expect(fn.lines.filter((line) => line.startsWith('{"event":"getWaybill",'))).toHaveLength(2);
  });
});

describe('WAYBILL_DEADLINE_MS', () => {
  test.each([
    ['200', 200],
    ['2500', 2500],
    [' 20000 ', 20000],
    ['', 2500],
  ])('%p is %p ms', (value, ms) => {
    expect(parseConfig({ WAYBILL_DEADLINE_MS: value })).toEqual({ config: expect.objectContaining({ deadlineMs: ms }), warnings: [] });
  });

  test.each(['0x10', '2500ms', '1e3', '60000', '199', '20001', '-1', '1.5', 'soon'])(
    '%p uses the default, with one warning that names the variable and not the value',
    (value) => {
      const { config, warnings } = parseConfig({ WAYBILL_DEADLINE_MS: value });
      expect(config.deadlineMs).toBe(2500);
      expect(warnings).toEqual([expect.stringContaining('WAYBILL_DEADLINE_MS must be a whole number of milliseconds from 200 to 20000')]);
      expect(warnings[0]).not.toContain(value);
    },
  );
});

describe('WAYBILL_TRANSPORT and the HTTPS settings', () => {
  const SECRET_LOOKING = 'sk-0123456789abcdef0123';

  test('an unknown transport is NOT_CONFIGURED, with attempts 0, and the value is repeated neither to the caller nor in the log', async () => {
    const fn = functionWith({ env: { WAYBILL_TRANSPORT: SECRET_LOOKING } }, capture.log);
    const result = await fn.call(SAMPLE_EVENT);
    expect(result).toEqual({
      ok: false,
      error: { code: 'NOT_CONFIGURED', retryable: false, message: expect.stringContaining('WAYBILL_TRANSPORT') },
    });
    expect(JSON.stringify(result)).not.toContain(SECRET_LOOKING);
    expect(fn.lines.join('\n')).not.toContain(SECRET_LOOKING);
    expect(lastCallLine(fn.lines)).toMatchObject({ outcome: 'NOT_CONFIGURED', attempts: 0, caller: 'admin' });
    expect(fn.calls).toEqual([]);
  });

  test.each([
    [{ WAYBILL_TRANSPORT: 'https', WX_APPID: 'wx0000000000000000' }, 'WX_APPSECRET'],
    [{ WAYBILL_TRANSPORT: 'https', WX_APPSECRET: SECRET_LOOKING }, 'WX_APPID'],
    [
      {
        WAYBILL_TRANSPORT: 'https',
        WX_APPID: 'wx0000000000000000',
        WX_APPSECRET: SECRET_LOOKING,
        WX_API_BASE_URL: 'ftp://example.invalid',
      },
      'WX_API_BASE_URL',
    ],
    [
      { WAYBILL_TRANSPORT: 'https', WX_APPID: 'wx0000000000000000', WX_APPSECRET: SECRET_LOOKING, WX_API_BASE_URL: 'not a url' },
      'WX_API_BASE_URL',
    ],
    // The secret travels in the token request: plain HTTP is refused for any host but this machine.
    [
      {
        WAYBILL_TRANSPORT: 'https',
        WX_APPID: 'wx0000000000000000',
        WX_APPSECRET: SECRET_LOOKING,
        WX_API_BASE_URL: 'http://api.weixin.qq.com',
      },
      'WX_API_BASE_URL',
    ],
    [
      {
        WAYBILL_TRANSPORT: 'https',
        WX_APPID: 'wx0000000000000000',
        WX_APPSECRET: SECRET_LOOKING,
        WX_API_BASE_URL: 'http://127.0.0.1.example.com',
      },
      'WX_API_BASE_URL',
    ],
  ])('%p is NOT_CONFIGURED naming %s, before any attempt', async (env, variable) => {
    const fn = functionWith({ env }, capture.log);
    const result = await fn.call(SAMPLE_EVENT);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_CONFIGURED', retryable: false }) });
    expect(!result.ok && result.error.message).toContain(variable);
    expect(JSON.stringify(result)).not.toContain(SECRET_LOOKING);
    expect(lastCallLine(fn.lines)).toMatchObject({ attempts: 0 });
  });

  test.each([{}, { WAYBILL_TRANSPORT: '' }, { WAYBILL_TRANSPORT: 'cloud' }, { WAYBILL_TRANSPORT: ' Cloud ' }])(
    '%p uses the cloud call',
    async (env) => {
      const fn = functionWith({ env }, capture.log);
      expect((await fn.call(SAMPLE_EVENT)).ok).toBe(true);
      expect(fn.calls).toHaveLength(1);
    },
  );
});

expectNoPersonalDataLogged(capture);
