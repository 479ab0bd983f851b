// Settings read from the cloud function's environment variables (cloud console:
// 云函数 -> 版本与配置 -> 环境变量).

export interface WaybillConfig {
  /** OPENIDs that may read labels and query any user's orders. */
  adminOpenids: ReadonlySet<string>;
  /** Time budget for one call, retries included; kept under the 3 s default cloud timeout. */
  deadlineMs: number;
}

export const DEFAULT_DEADLINE_MS = 2500;
const MAX_DEADLINE_MS = 60_000; // the longest timeout the cloud console allows

// The list is read on every call (the console may change it between calls) but
// only parsed again when it changed.
let parsedAdminOpenids: { list: string | undefined; ids: ReadonlySet<string> } | undefined;

export function parseAdminOpenids(list: string | undefined): ReadonlySet<string> {
  if (parsedAdminOpenids !== undefined && parsedAdminOpenids.list === list) return parsedAdminOpenids.ids;
  const ids = new Set(
    (list ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  );
  parsedAdminOpenids = { list, ids };
  return ids;
}

export function parseDeadlineMs(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_DEADLINE_MS;
  const ms = Number(value);
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_DEADLINE_MS) : DEFAULT_DEADLINE_MS;
}

export function readConfig(env: NodeJS.ProcessEnv): WaybillConfig {
  return {
    adminOpenids: parseAdminOpenids(env.WAYBILL_ADMIN_OPENIDS),
    deadlineMs: parseDeadlineMs(env.WAYBILL_DEADLINE_MS),
  };
}
