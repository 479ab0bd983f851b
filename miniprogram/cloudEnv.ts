// The one place that says which cloud environment the mini program calls.
//
// Empty means "WeChat's default environment for this mini program" (the first
// one created in 云开发控制台), which is what a fresh project wants. A project
// with several environments (test / production) pins one by putting its id
// here: 云开发控制台 → 设置 → 环境 ID. An environment id is not a secret.
const CLOUD_ENV_ID: string = '';

/** Options for wx.cloud.init: `env` only when one is pinned, so the default environment applies otherwise. */
export function cloudInitOptions(envId: string = CLOUD_ENV_ID): { env?: string; traceUser: boolean } {
  return envId === '' ? { traceUser: true } : { env: envId, traceUser: true };
}
