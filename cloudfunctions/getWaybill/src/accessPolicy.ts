// Who may see what. The label holds names, phones and addresses, so only
// admins (WAYBILL_ADMIN_OPENIDS) get it, and only admins may ask about
// another user's order. Identity is the caller's OPENID from the WeChat
// context, never a field of the event.
import type { WaybillError } from '../../../miniprogram/contract/getWaybillContract';

export type CallerRole = 'admin' | 'user' | 'anonymous';

export type AccessDecision =
  | { allowed: true; role: CallerRole; openidForWeChat: string | undefined; mayReadLabel: boolean }
  | { allowed: false; role: CallerRole; error: WaybillError };

export function roleOf(callerOpenid: string | undefined, adminOpenids: ReadonlySet<string>): CallerRole {
  if (callerOpenid === undefined) return 'anonymous';
  return adminOpenids.has(callerOpenid) ? 'admin' : 'user';
}

export function decideAccess(
  callerOpenid: string | undefined,
  requestedOpenid: string | undefined,
  adminOpenids: ReadonlySet<string>,
): AccessDecision {
  const role = roleOf(callerOpenid, adminOpenids);
  if (role === 'anonymous') {
    return {
      allowed: false,
      role,
      error: {
        code: 'PERMISSION_DENIED',
        retryable: false,
        message:
          'The caller has no OPENID. Call getWaybill from the mini program with wx.cloud.callFunction; calls from the console or another service carry no user.',
      },
    };
  }
  if (role === 'admin') return { allowed: true, role, openidForWeChat: requestedOpenid, mayReadLabel: true };
  if (requestedOpenid !== undefined && requestedOpenid !== callerOpenid) {
    return {
      allowed: false,
      role,
      error: {
        code: 'PERMISSION_DENIED',
        retryable: false,
        field: 'openid',
        message:
          "Only admins may query another user's order. Leave openid out to query your own, or ask to be added to WAYBILL_ADMIN_OPENIDS.",
      },
    };
  }
  return { allowed: true, role, openidForWeChat: callerOpenid, mayReadLabel: false };
}
