// How wx-server-sdk's cloud call travels to WeChat Cloud's service endpoint
// (what TCB_CONTEXT_CNFG names inside the cloud), decoded and answered by hand
// with no dependency: the SDK's own protobuf classes live inside the function's
// bundle, not here.
//   request:  POST <URL>?env=..&seqId=.., multipart/form-data with action=wx.openApi,
//             apiName=logistics.getOrder, requestData=protobuf CommApiData
//             { 1 apiType, 2 OpenApiData { 1 repeated { 1 key, 2 JSON value bytes } } }
//   answer:   HTTP 200, protobuf CommOpenApiResp { 1 respData, 2 contentType, 3 errorCode },
//             with any content type but exactly "application/json; charset=utf-8".

export interface CloudCall {
  /** e.g. "logistics.getOrder": the path after `cloud.openapi.`. */
  apiName: string;
  /** The snake_case pairs as the SDK sent them, each value JSON-decoded. */
  params: Record<string, unknown>;
}

function readVarint(bytes: Buffer, start: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (let pos = start; pos < bytes.length && shift <= 63n; shift += 7n) {
    const byte = bytes[pos++];
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value, pos];
  }
  throw new Error('protobuf: bad varint');
}

/** The length-delimited fields of a message (numbers and the bytes), skipping the rest. */
function lengthFields(bytes: Buffer): Array<{ field: number; bytes: Buffer }> {
  const fields: Array<{ field: number; bytes: Buffer }> = [];
  let pos = 0;
  while (pos < bytes.length) {
    const [tag, afterTag] = readVarint(bytes, pos);
    const wire = Number(tag & 7n);
    if (wire === 0) pos = readVarint(bytes, afterTag)[1];
    else if (wire === 2) {
      const [length, afterLength] = readVarint(bytes, afterTag);
      pos = afterLength + Number(length);
      if (pos > bytes.length) throw new Error('protobuf: truncated');
      fields.push({ field: Number(tag >> 3n), bytes: bytes.subarray(afterLength, pos) });
    } else if (wire === 1) pos = afterTag + 8;
    else if (wire === 5) pos = afterTag + 4;
    else throw new Error(`protobuf: wire type ${wire}`);
  }
  return fields;
}

function writeVarint(value: bigint): Buffer {
  const out: number[] = [];
  let rest = BigInt.asUintN(64, value); // a negative int32 is sign-extended to ten bytes
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(rest === 0n ? low : low | 0x80);
  } while (rest !== 0n);
  return Buffer.from(out);
}

/** The form's parts by name (form-data's output: CRLF-separated parts between boundaries). */
function multipartParts(body: Buffer, contentType: string): Map<string, Buffer> {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (match === null) throw new Error('not multipart/form-data');
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  const parts = new Map<string, Buffer>();
  for (let pos = body.indexOf(boundary); pos >= 0;) {
    const headStart = pos + boundary.length + 2;
    const headEnd = body.indexOf('\r\n\r\n', headStart);
    const next = headEnd < 0 ? -1 : body.indexOf(boundary, headEnd);
    if (next < 0) break;
    const name = /name="([^"]*)"/i.exec(body.subarray(headStart, headEnd).toString('utf8'))?.[1];
    if (name !== undefined) parts.set(name, body.subarray(headEnd + 4, next - 2));
    pos = next;
  }
  return parts;
}

/** The call in an SDK request, or null when it is not an open-API call. */
export function decodeCloudCall(body: Buffer, contentType: string): CloudCall | null {
  const parts = multipartParts(body, contentType);
  if (parts.get('action')?.toString('utf8') !== 'wx.openApi') return null;
  const params: Record<string, unknown> = {};
  for (const message of lengthFields(parts.get('requestData') ?? Buffer.alloc(0)).filter((f) => f.field === 2)) {
    for (const pair of lengthFields(message.bytes).filter((f) => f.field === 1)) {
      const fields = lengthFields(pair.bytes);
      const key = fields.find((f) => f.field === 1)?.bytes.toString('utf8') ?? '';
      params[key] = JSON.parse(fields.find((f) => f.field === 2)?.bytes.toString('utf8') ?? 'null');
    }
  }
  return { apiName: parts.get('apiName')?.toString('utf8') ?? '', params };
}

function lengthField(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([writeVarint(BigInt((field << 3) | 2)), writeVarint(BigInt(bytes.length)), bytes]);
}

/** CommOpenApiResp: WeChat's answer body with its content type, or a platform error code. */
export function encodeCloudAnswer(answer: { respData: Buffer; contentType: string } | { errorCode: number }): Buffer {
  if ('errorCode' in answer) return Buffer.concat([writeVarint(3n << 3n), writeVarint(BigInt(answer.errorCode))]);
  const parts = [lengthField(2, Buffer.from(answer.contentType, 'utf8'))];
  if (answer.respData.length > 0) parts.unshift(lengthField(1, answer.respData));
  return Buffer.concat(parts);
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
