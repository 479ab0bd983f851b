// How wx-server-sdk's cloud call travels to WeChat Cloud's service endpoint
// (what TCB_CONTEXT_CNFG names inside the cloud):
//   request:  POST <URL>?env=..&seqId=.., multipart/form-data with action=wx.openApi,
//             apiName=logistics.getOrder, requestData=protobuf CommApiData whose
//             openapiData.pairs hold {key: snake_case name, value: JSON bytes}
//   answer:   HTTP 200, protobuf CommOpenApiResp {respData, contentType, errorCode},
//             with any content type but exactly "application/json; charset=utf-8".
// The form is read by @fastify/busboy and the protobuf by the SDK's own message
// types, which wx-server-sdk registers in protobufjs's default root when it
// loads (a few hundred ms, so the server loads it before it listens: a first
// call timed by a test must not pay for it).
import { createRequire } from 'node:module';
import Busboy from '@fastify/busboy';

interface CloudCall {
  /** e.g. "logistics.getOrder": the path after `cloud.openapi.`. */
  apiName: string;
  /** The snake_case pairs as the SDK sent them, each value JSON-decoded. */
  params: Record<string, unknown>;
}

interface MessageType<T> {
  decode(bytes: Uint8Array): T;
  encode(message: T): { finish(): Uint8Array };
}

interface SdkMessages {
  CommApiData: MessageType<{ openapiData?: { pairs?: Array<{ key: string; value: Uint8Array }> } }>;
  CommOpenApiResp: MessageType<{ respData?: Uint8Array; contentType?: string; errorCode?: number }>;
}

let sdkMessages: SdkMessages | undefined;
/** Loads wx-server-sdk's message types, once. */
export function loadSdkMessages(): SdkMessages {
  if (sdkMessages === undefined) {
    const here = createRequire(__filename);
    here('wx-server-sdk');
    // The protobufjs that wx-server-sdk itself resolves: its default root holds the SDK's types.
    const fromSdk = createRequire(here.resolve('wx-server-sdk'));
    sdkMessages = (fromSdk('protobufjs/minimal') as { roots: { default: SdkMessages } }).roots.default;
  }
  return sdkMessages;
}

/** The form's parts by name. */
function formParts(body: Buffer, contentType: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const parts = new Map<string, Buffer>();
    const form = Busboy({ headers: { 'content-type': contentType } });
    form.on('field', (name, value) => parts.set(name, Buffer.from(value, 'utf8')));
    form.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => parts.set(name, Buffer.concat(chunks)));
    });
    form.on('finish', () => resolve(parts));
    form.on('error', reject);
    form.end(body);
  });
}

/** The call in an SDK request, or null when it is not an open-API call. */
export async function decodeCloudCall(body: Buffer, contentType: string): Promise<CloudCall | null> {
  const parts = await formParts(body, contentType);
  if (parts.get('action')?.toString('utf8') !== 'wx.openApi') return null;
  const request = loadSdkMessages().CommApiData.decode(parts.get('requestData') ?? Buffer.alloc(0));
  const params: Record<string, unknown> = {};
  for (const pair of request.openapiData?.pairs ?? []) params[pair.key] = JSON.parse(Buffer.from(pair.value).toString('utf8'));
  return { apiName: parts.get('apiName')?.toString('utf8') ?? '', params };
}

/** CommOpenApiResp: WeChat's answer body with its content type, or a platform error code. */
export function encodeCloudAnswer(answer: { respData: Buffer; contentType: string } | { errorCode: number }): Buffer {
  return Buffer.from(loadSdkMessages().CommOpenApiResp.encode(answer).finish());
}

export interface CloudCaller {
  /** The caller's OPENID; undefined: a call with no user (the console, a timer). */
  openid: string | undefined;
  appid?: string;
}

/**
 * The environment WeChat Cloud gives a function, pointed at `endpointUrl`: with
 * it, wx-server-sdk sends its calls there and opens no other connection
 * (TENCENTCLOUD_RUNENV=SCF skips its metadata-service probe; the credentials
 * only sign requests). The caller reaches cloud.getWXContext() through WX_CONTEXT_KEYS.
 */
export function cloudRuntimeEnv(endpointUrl: string, caller: CloudCaller): Record<string, string | undefined> {
  return {
    TENCENTCLOUD_RUNENV: 'SCF',
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: endpointUrl }),
    TENCENTCLOUD_SECRETID: 'AKIDemulator',
    TENCENTCLOUD_SECRETKEY: 'emulator-placeholder-key',
    TENCENTCLOUD_SESSIONTOKEN: 'emulator-placeholder-token',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    SCF_NAMESPACE: 'emulator-env',
    TCB_ENV: 'emulator-env',
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
    WX_OPENID: caller.openid,
    WX_APPID: caller.appid ?? 'wx0000000000000000',
  };
}

/** Sets (or, for undefined, removes) process environment variables; returns what puts the old values back. */
export function applyEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (next: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(next)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(saved);
}
