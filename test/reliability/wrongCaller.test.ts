// The wrong caller (issue 5): every kind of caller against every kind of
// request, through the built bundle with the real wx-server-sdk, the caller set
// the way the cloud runtime sets it (WX_OPENID) and the admin list read from
// WAYBILL_ADMIN_OPENIDS. For each pair: refused or not, which openid reaches
// WeChat, and whether the label comes back.
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { useBuiltBundle } from './bundleHarness';
import { captureLogs, expectNoPersonalDataLogged } from './logCapture';
import { ADMIN, ADMIN_PREFIX, ADMIN_UPPER, LABEL_BASE64, LABEL_HTML, OTHER_ADMIN, OTHER_USER, USER } from './people';

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
const bundle = useBuiltBundle();

beforeEach(() => {
  bundle.reset();
  bundle.answer = (call) => ({
    body: {
      errcode: 0,
      order_id: call.params.order_id,
      delivery_id: 'SF',
      waybill_id: 'SF1',
      order_status: 0,
      waybill_data: [],
      print_html: LABEL_BASE64,
    },
  });
});

test.each(PAIRS)('$label', async ({ caller, kind }) => {
  bundle.as(caller.openid, caller.adminList);
  const event = eventFor(kind, caller);
  const expected = expectedFor(caller, kind, event);
  const result: GetWaybillResult = await bundle.call(event);

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
    expect(bundle.calls).toEqual([]);
    return;
  }
  expect(bundle.calls).toHaveLength(1);
  expect(bundle.calls[0]!.params.openid).toBe(expected.sentOpenid);
  expect('openid' in bundle.calls[0]!.params).toBe(expected.sentOpenid !== undefined);
  expect(result.ok && result.waybill).toMatchObject(
    expected.label ? { labelHtml: LABEL_HTML, labelWithheld: false } : { labelHtml: null, labelWithheld: true },
  );
  const logged = JSON.parse(capture.lines.filter((line) => line.startsWith('{"event":"getWaybill"')).at(-1) ?? '{}') as { caller?: string };
  expect(logged.caller).toBe(caller.role);
});

test('the table covers every caller against every request', () => {
  expect(PAIRS).toHaveLength(CALLERS.length * REQUESTS.length);
  expect(new Set(CALLERS.map((caller) => caller.role))).toEqual(new Set(['anonymous', 'admin', 'user']));
});

expectNoPersonalDataLogged(capture);
