// Replaces the one network call wx-server-sdk makes for an open API
// (CloudBase#callCompatibleWxOpenApi in @cloudbase/node-sdk) so that the real
// SDK runs end to end (case conversion, protobuf, error handling) with no
// network. Used by the SDK contract tests, `npm start` and the benchmarks.
import { createRequire } from 'node:module';
import path from 'node:path';

// The mini-program typings also declare a global `require`; Node's own, typed, is taken explicitly.
const nodeRequire = createRequire(__filename);

/** What the fake WeChat backend answers for one call. */
export type SeamAnswer =
  | { body: Record<string, unknown> } // WeChat's JSON body (errcode 0 or an error errcode)
  | { platformErrorCode: number } // a cloud-platform failure such as -604101 (no permission)
  | { networkError: string }; // a thrown transport error such as ECONNRESET

export interface SeamCall {
  apiName: string;
  /** The snake_case pairs as the SDK sent them, each value JSON-decoded. */
  params: Record<string, unknown>;
}

export type SeamHandler = (call: SeamCall) => SeamAnswer | Promise<SeamAnswer>;

interface ProtobufMessage {
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
}

interface CloudBasePrototype {
  callCompatibleWxOpenApi: (options: { apiName: string; requestData: Uint8Array }) => Promise<unknown>;
}

function sdkInternals(): { proto: CloudBasePrototype; CommApiData: ProtobufMessage; CommOpenApiResp: ProtobufMessage } {
  // Resolve from wx-server-sdk's own folder, so the patched copy is the one it uses.
  const sdkDir = path.dirname(nodeRequire.resolve('wx-server-sdk'));
  nodeRequire('wx-server-sdk'); // registers the protobuf message types
  const { CloudBase } = nodeRequire(nodeRequire.resolve('@cloudbase/node-sdk/dist/cloudbase', { paths: [sdkDir] })) as {
    CloudBase: { prototype: CloudBasePrototype };
  };
  const roots = (
    nodeRequire(nodeRequire.resolve('protobufjs/minimal', { paths: [sdkDir] })) as { roots: { default: Record<string, ProtobufMessage> } }
  ).roots;
  return { proto: CloudBase.prototype, CommApiData: roots.default.CommApiData, CommOpenApiResp: roots.default.CommOpenApiResp };
}

/** Installs the handler and returns a function that puts the real network call back. */
export function installWxServerSdkSeam(handler: SeamHandler): () => void {
  const { proto, CommApiData, CommOpenApiResp } = sdkInternals();
  const original = proto.callCompatibleWxOpenApi;
  proto.callCompatibleWxOpenApi = async ({ apiName, requestData }) => {
    const request = CommApiData.decode(requestData) as { openapiData?: { pairs?: Array<{ key: string; value: Uint8Array }> } };
    const params: Record<string, unknown> = {};
    for (const pair of request.openapiData?.pairs ?? []) params[pair.key] = JSON.parse(Buffer.from(pair.value).toString('utf8'));
    const answer = await handler({ apiName, params });
    if ('networkError' in answer) throw Object.assign(new Error(answer.networkError), { code: answer.networkError });
    const response =
      'platformErrorCode' in answer
        ? { respData: Buffer.alloc(0), contentType: 'application/json', errorCode: answer.platformErrorCode }
        : { respData: Buffer.from(JSON.stringify(answer.body)), contentType: 'application/json' };
    return Buffer.from(CommOpenApiResp.encode(response).finish());
  };
  return () => {
    proto.callCompatibleWxOpenApi = original;
  };
}

/** Makes cloud.getWXContext() report this caller, as the cloud runtime does through environment variables. */
export function setWxContextCaller(openid: string | undefined): void {
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID';
  process.env.WX_APPID = 'wx0000000000000000';
  if (openid === undefined) delete process.env.WX_OPENID;
  else process.env.WX_OPENID = openid;
}
