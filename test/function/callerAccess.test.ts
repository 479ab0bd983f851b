// Who may see what: every kind of caller against every kind of request,
// through the built bundle, the caller set the way the cloud runtime sets it
// (WX_OPENID in the WeChat context) and the admin list read from
// WAYBILL_ADMIN_OPENIDS. For each pair: refused or not, which openid reaches
// WeChat (getOrder, and getPath for the track), and whether the label comes back.
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { useBuiltFunction } from '../support/bundleHarness';
import { lastCallLine } from '../support/functionHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { ADMIN, ADMIN_PREFIX, ADMIN_UPPER, LABEL_HTML, OTHER_ADMIN, OTHER_USER, USER } from '../support/people';
import { orderAnswer, pathAnswer } from '../support/sampleAnswers';

type Role = 'anonymous' | 'admin' | 'user';

interface Caller {
  name: string;
  openid: string | undefined;
  adminList: string;
  /** Written by hand from the contract, not computed by the policy under test. */
  role: Role;
}

const CALLERS: Caller[] = [
  { name: 'no OPENID', openid: undefined, adminList: ADMIN, role: 'anonymous' },
  { name: 'an empty OPENID, with empty entries in the admin list', openid: '', adminList: ` , ${ADMIN},,`, role: 'anonymous' },
  { name: 'the admin', openid: ADMIN, adminList: ADMIN, role: 'admin' },
  { name: 'an admin in a list with spaces and empty entries', openid: ADMIN, adminList: ` ,${OTHER_ADMIN} ,, ${ADMIN} ,`, role: 'admin' },
  {
    name: 'an admin in a list separated by full-width commas and newlines',
    openid: ADMIN,
    adminList: `${OTHER_ADMIN}，\n${ADMIN}`,
    role: 'admin',
  },
  { name: 'the second admin in the list', openid: OTHER_ADMIN, adminList: `${ADMIN},${OTHER_ADMIN}`, role: 'admin' },
  { name: 'a non-admin', openid: USER, adminList: ADMIN, role: 'user' },
  { name: "an OPENID that is a prefix of an admin's", openid: ADMIN_PREFIX, adminList: ADMIN, role: 'user' },
  { name: "an admin's OPENID in upper case", openid: ADMIN_UPPER, adminList: ADMIN, role: 'user' },
  { name: "an admin's OPENID padded with spaces", openid: ` ${ADMIN} `, adminList: ADMIN, role: 'user' },
  { name: 'the admin, when the admin list is empty', openid: ADMIN, adminList: '', role: 'user' },
  { name: 'the admin, when the admin list is only commas and spaces', openid: ADMIN, adminList: ' , ,, ', role: 'user' },
];

type RequestKind = 'no openid' | 'own openid' | "someone else's openid" | 'the admin named in userInfo';
const REQUESTS: RequestKind[] = ['no openid', 'own openid', "someone else's openid", 'the admin named in userInfo'];

function eventFor(kind: RequestKind, caller: Caller): Record<string, unknown> {
  const event: Record<string, unknown> = { orderId: 'ORDER-001', deliveryId: 'SF' };
  // A caller with no OPENID has no "own" openid: it claims USER's.
  if (kind === 'own openid') event.openid = caller.openid?.trim() || USER;
  if (kind === "someone else's openid") event.openid = OTHER_USER;
  if (kind === 'the admin named in userInfo') event.userInfo = { openId: ADMIN, appId: 'wx0000000000000000' };
  event.includeTrack = true;
  event.waybillId = 'SF1234567890';
  return event;
}

interface Expected {
  refused: false | { field: 'openid' | undefined };
  /** The openid param WeChat receives (undefined: none sent). */
  sentOpenid?: string | undefined;
  label: boolean;
}

function expectedFor(caller: Caller, kind: RequestKind, event: Record<string, unknown>): Expected {
  if (caller.role === 'anonymous') return { refused: { field: undefined }, label: false };
  if (caller.role === 'admin') return { refused: false, sentOpenid: event.openid as string | undefined, label: true };
  if (kind === "someone else's openid") return { refused: { field: 'openid' }, label: false };
  if (kind === 'own openid' && event.openid !== caller.openid) return { refused: { field: 'openid' }, label: false }; // a padded OPENID is not its trimmed self
  return { refused: false, sentOpenid: caller.openid, label: false };
}

const PAIRS = CALLERS.flatMap((caller) => REQUESTS.map((kind) => ({ caller, kind, label: `${caller.name} / ${kind}` })));

const capture = captureLogs();
const fn = useBuiltFunction();

beforeEach(() => {
  fn.reset();
  fn.answer = (call) => ({ kind: 'body', body: call.api === 'getOrder' ? orderAnswer() : pathAnswer() });
});

test.each(PAIRS)('$label', async ({ caller, kind }) => {
  const event = eventFor(kind, caller);
  const expected = expectedFor(caller, kind, event);
  const result: GetWaybillResult = await fn.call(event, { caller: caller.openid, admins: caller.adminList });
  expect(lastCallLine(capture.lines).caller).toBe(caller.role);

  if (expected.refused) {
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'PERMISSION_DENIED',
        retryable: false,
        message: expect.any(String),
        ...(expected.refused.field ? { field: expected.refused.field } : {}),
      },
    });
    expect(fn.calls()).toEqual([]); // neither getOrder nor getPath
    return;
  }
  const calls = fn.calls();
  expect(calls.map((call) => call.api).sort()).toEqual(['getOrder', 'getPath']);
  for (const call of calls) {
    expect(call.params.openid).toBe(expected.sentOpenid);
    expect('openid' in call.params).toBe(expected.sentOpenid !== undefined);
  }
  expect(result.ok && result.waybill).toMatchObject(
    expected.label ? { labelHtml: LABEL_HTML, labelWithheld: false } : { labelHtml: null, labelWithheld: true },
  );
  expect(result.ok && result.waybill.track).toMatchObject({ available: true });
});

test('the table covers every caller against every request', () => {
  expect(PAIRS).toHaveLength(CALLERS.length * REQUESTS.length);
  expect(new Set(CALLERS.map((caller) => caller.role))).toEqual(new Set(['anonymous', 'admin', 'user']));
});

expectNoPersonalDataLogged(capture);
