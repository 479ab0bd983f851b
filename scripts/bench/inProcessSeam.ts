// Answers wx-server-sdk's one network call for an open API in-process: the
// node_modules copy's CloudBase#callCompatibleWxOpenApi (in @cloudbase/node-sdk)
// encodes the given body as the service endpoint would, and the rest of the
// SDK runs for real (case conversion, protobuf, JSON, errors). Both functions
// must load that one copy: the docs' example and EXTERNAL_SDK (functions.ts).
import { createRequire } from 'node:module';
import path from 'node:path';

const nodeRequire = createRequire(__filename);

interface ProtobufMessage {
  encode(message: object): { finish(): Uint8Array };
}

/** From now on every open-API call of the SDK answers `body()`, encoded afresh each time as the network would deliver it. */
export function answerSdkInProcess(body: () => Record<string, unknown>): void {
  const sdkDir = path.dirname(nodeRequire.resolve('wx-server-sdk'));
  nodeRequire('wx-server-sdk'); // registers the protobuf message types
  const fromSdk = (request: string): unknown => nodeRequire(nodeRequire.resolve(request, { paths: [sdkDir] }));
  const { CloudBase } = fromSdk('@cloudbase/node-sdk/dist/cloudbase') as {
    CloudBase: { prototype: { callCompatibleWxOpenApi: () => Promise<Buffer> } };
  };
  const { CommOpenApiResp } = (fromSdk('protobufjs/minimal') as { roots: { default: Record<string, ProtobufMessage> } }).roots.default;
  CloudBase.prototype.callCompatibleWxOpenApi = async () =>
    Buffer.from(CommOpenApiResp.encode({ respData: Buffer.from(JSON.stringify(body())), contentType: 'application/json' }).finish());
}
