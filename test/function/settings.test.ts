// The function's settings (environment variables): how each is read, what a
// bad value does, and that a bad value is never repeated to callers or logs.
import { parseSettings, readSettings } from '../../cloudfunctions/getWaybill/src/settings';
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
    const { settings, warnings } = parseSettings({ WAYBILL_ADMIN_OPENIDS: list });
    expect([...settings.adminOpenids]).toEqual([ADMIN, OTHER_ADMIN]);
    expect(warnings).toEqual([]);
  });

  test('entries that are not OPENID-shaped are ignored, counted in one warning that repeats none of them', () => {
    const { settings, warnings } = parseSettings({ WAYBILL_ADMIN_OPENIDS: `${ADMIN}, 张三, o.dotted|pipe, ${USER}` });
    expect([...settings.adminOpenids]).toEqual([ADMIN, USER]);
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
    [' 2700 ', 2700],
    ['', 2500],
  ])('%p is %p ms', (value, ms) => {
    expect(parseSettings({ WAYBILL_DEADLINE_MS: value })).toEqual({ settings: expect.objectContaining({ deadlineMs: ms }), warnings: [] });
  });

  // At most 2700: a call ends inside the function's default 3 s timeout (and the page's 10 s wait).
  test.each(['0x10', '2500ms', '1e3', '60000', '199', '2701', '3000', '20000', '-1', '1.5', 'soon'])(
    '%p uses the default, with one warning that names the variable and not the value',
    (value) => {
      const { settings, warnings } = parseSettings({ WAYBILL_DEADLINE_MS: value });
      expect(settings.deadlineMs).toBe(2500);
      expect(warnings).toEqual([expect.stringContaining('WAYBILL_DEADLINE_MS must be a whole number of milliseconds from 200 to 2700')]);
      expect(warnings[0]).not.toContain(value);
    },
  );
});

describe('one reading of every variable', () => {
  const ENV = { WAYBILL_ADMIN_OPENIDS: ADMIN, WAYBILL_TRANSPORT: 'https', WX_APPID: 'wx0000000000000000', WX_APPSECRET: 's' };

  test('unchanged variables give the same settings, without reading (or warning) again', () => {
    const warnings: string[] = [];
    const first = readSettings({ ...ENV, WAYBILL_DEADLINE_MS: 'soon' }, (warning) => warnings.push(warning));
    expect(readSettings({ ...ENV, WAYBILL_DEADLINE_MS: 'soon' }, (warning) => warnings.push(warning))).toBe(first);
    expect(warnings).toHaveLength(1);
    expect(first).toMatchObject({ deadlineMs: 2500, transport: { kind: 'https', credentials: { appid: 'wx0000000000000000' } } });
  });

  test.each(['WAYBILL_ADMIN_OPENIDS', 'WAYBILL_DEADLINE_MS', 'WAYBILL_TRANSPORT', 'WX_APPID', 'WX_APPSECRET', 'WX_API_BASE_URL'])(
    'a change of %s reads them again',
    (name) => {
      const before = readSettings(ENV, () => undefined);
      expect(readSettings({ ...ENV, [name]: `${ENV[name as keyof typeof ENV] ?? ''}1` }, () => undefined)).not.toBe(before);
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
