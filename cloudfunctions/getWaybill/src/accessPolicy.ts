// Who may see what. The label holds names, phones and addresses, so only
// admins (WAYBILL_ADMIN_OPENIDS) get it, and only admins may ask about
// another user's order. Identity is the caller's OPENID from the WeChat
// context, never a field of the event.
export type CallerRole = 'admin' | 'user' | 'anonymous';

/** Why a caller is turned away: no OPENID at all, or a user naming someone else's openid. */
export type Refusal = 'noCaller' | 'notOwnOrder';

export type AccessDecision =
  { allowed: true; openidForWeChat: string | undefined; mayReadLabel: boolean } | { allowed: false; refusal: Refusal };

export function roleOf(callerOpenid: string | undefined, adminOpenids: ReadonlySet<string>): CallerRole {
  if (callerOpenid === undefined) return 'anonymous';
  return adminOpenids.has(callerOpenid) ? 'admin' : 'user';
}

export function decideAccess(role: CallerRole, callerOpenid: string | undefined, requestedOpenid: string | undefined): AccessDecision {
  if (role === 'anonymous') return { allowed: false, refusal: 'noCaller' };
  if (role === 'admin') return { allowed: true, openidForWeChat: requestedOpenid, mayReadLabel: true };
  if (requestedOpenid !== undefined && requestedOpenid !== callerOpenid) return { allowed: false, refusal: 'notOwnOrder' };
  return { allowed: true, openidForWeChat: callerOpenid, mayReadLabel: false };
}
