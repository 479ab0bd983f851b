// The one function through which @cloudbase/node-sdk, wx-server-sdk's network
// layer, sends every HTTP request (3.17.2, dist/utils/request-core.js; callers
// look it up on the module at each call). wxCloud.ts wraps it: the SDK gives
// no other way to bound an answer's size or to close an abandoned connection.
declare module '@cloudbase/node-sdk/dist/utils/request-core' {
  import type { ClientRequest, IncomingMessage } from 'http';

  /** Called once the answer is read to its end (error null), or with what went wrong. */
  export type RequestCallback = (error: unknown, response?: IncomingMessage, body?: unknown) => void;

  export let request: (options: object, callback: RequestCallback) => ClientRequest;
}
