// Who is looking decides how much the waybill explains. The develop and trial
// builds are in front of the people who build and test the mini program: they
// can deploy the function and change its settings, so the component adds their
// help (the function's English message, API field names, deploy steps). A
// released mini program is in front of customers, who get only the Chinese text.

export type Audience = 'developer' | 'user';

/**
 * The build flavour from wx.getAccountInfoSync (base library 2.2.2+). Whenever
 * it cannot be read (an older base library, a throw, a missing field) customers
 * are assumed to be looking.
 */
export function readAudience(): Audience {
  try {
    if (typeof wx.getAccountInfoSync !== 'function') return 'user';
    const envVersion: unknown = wx.getAccountInfoSync()?.miniProgram?.envVersion;
    return envVersion === 'develop' || envVersion === 'trial' ? 'developer' : 'user';
  } catch {
    return 'user';
  }
}

/**
 * The 开发者提示 text: the non-empty parts, one a line, for developers only.
 * Undefined for customers, so their view never carries it (not just hides it).
 */
export function developerText(audience: Audience, ...parts: Array<string | undefined>): string | undefined {
  if (audience !== 'developer') return undefined;
  const text = parts.filter((part): part is string => typeof part === 'string' && part !== '').join('\n');
  return text === '' ? undefined : text;
}
