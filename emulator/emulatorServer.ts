// The emulator on one HTTP server on 127.0.0.1, reached the two ways the
// function reaches WeChat:
//   /admin      WeChat Cloud's service endpoint, as wx-server-sdk calls it from
//               inside the cloud (cloudRuntimeEnv() points the SDK here): its
//               openapi calls, and cloud.database()'s database.* actions
//   /cgi-bin/   WeChat's HTTPS API for the https transport: stable_token, and
//               express/business/{order,path}/get?access_token=..., checking the
//               token the way WeChat does (40001 unknown, 42001 expired)
// Both deliver the same answers, from logisticsEmulator.ts or a test's own.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { cloudRuntimeEnv, decodeCloudCall, encodeCloudAnswer, loadSdkMessages, type CloudCaller } from './cloudCallCodec';
import { createCloudDatabase, PLATFORM_ERRORS, type CloudDatabase } from './cloudDatabase';
import { addExpressPathPush, type AddExpressPathPush } from './expressPathPush';
import { createLogisticsEmulator, type EmulatorAnswer, type LogisticsApi } from './logisticsEmulator';
import { sandboxCollections } from './sandboxOrders';

/** Placeholders, not a real mini program: the token endpoint accepts only these unless told otherwise. */
const EMULATOR_APPID = 'wx0000000000000000';
const EMULATOR_SECRET = 'emulator-secret-not-a-real-one';

export type Transport = 'cloud' | 'https';

/** One logistics call as it reached the emulator. */
export interface ReceivedCall {
  transport: Transport;
  api: LogisticsApi;
  /** snake_case, as sent. */
  params: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  /** The request's path and query. */
  url: string;
  /** Date.now() on arrival. */
  at: number;
}

type AnswerCall = (call: ReceivedCall) => EmulatorAnswer | Promise<EmulatorAnswer>;

interface EmulatorServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Who answers; the sandbox data set unless a test brings its own. */
  answer?: AnswerCall;
  /** The clock tokens expire by and db.serverDate() reads; injectable for tests. */
  now?: () => number;
  /** Keep the cloud database in this JSON file (git-ignored out/ is the place), so that runs share it; in memory by default. */
  databaseFile?: string;
}

/** How the database fails while a fault is set (each as the SDK then reports it). */
export type DatabaseFault =
  /** The connection is dropped: -501001. */
  | 'down'
  /** A gateway's 503 HTML page: -1 (the SDK fails to parse it as JSON). */
  | 'http503'
  /** DATABASE_PERMISSION_DENIED: -502003. */
  | 'noPermission'
  /** DATABASE_COLLECTION_NOT_EXIST: -502005. */
  | 'missingCollection';

/** One database.* action as it reached the emulator. */
interface ReceivedDatabaseAction {
  action: string;
  collection: string | undefined;
  transactionId: string | undefined;
  /** Date.now() on arrival. */
  at: number;
}

interface DatabaseControls {
  /** The data: look at it or change it from a test. */
  readonly store: CloudDatabase;
  /** Every database action received, in order. */
  readonly actions: ReceivedDatabaseAction[];
  /** Waited before answering each database action (openapi calls are not delayed). */
  latencyMs: number;
  /** While set, every database action (or only those on `collection`) fails this way. */
  fault: { kind: DatabaseFault; collection?: string } | undefined;
}

export interface EmulatorServer {
  /** For WX_API_BASE_URL, e.g. http://127.0.0.1:54321. */
  baseUrl: string;
  appid: string;
  secret: string;
  /** The environment that points wx-server-sdk at this emulator, with this caller. */
  cloudEnv(caller: CloudCaller): Record<string, string | undefined>;
  /** Every logistics call received, in order. */
  readonly calls: ReceivedCall[];
  /** stable_token requests received. */
  readonly tokenRequests: number;
  /** From now on every token issued so far answers 42001 (expired), as after expires_in. */
  expireAccessTokens(): void;
  /** While true, the API answers 40001 to every token, even a fresh one. */
  rejectEveryToken: boolean;
  /** The cloud database behind /admin, with its latency and faults. */
  readonly database: DatabaseControls;
  /**
   * WeChat's test_update_order: the sandbox order's parcel moves on by one event (getPath
   * answers it from now on; kept in the database file when there is one) and the answer is
   * the add_express_path push WeChat sends for it. Throws for an order that cannot move on.
   */
  advanceParcel(orderId: string): AddExpressPathPush;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;
const API_PATHS: Readonly<Record<string, LogisticsApi>> = {
  '/cgi-bin/express/business/order/get': 'getOrder',
  '/cgi-bin/express/business/path/get': 'getPath',
};
const CLOUD_API_NAMES: Readonly<Record<string, LogisticsApi>> = { 'logistics.getOrder': 'getOrder', 'logistics.getPath': 'getPath' };
const NO_PERMISSION = -604101; // the cloud platform's "this function may not call that API"
const API_NOT_FOUND = -604100;

type Reply = { status: number; contentType: string; body: Buffer } | { reset: true } | { hang: true };

const jsonReply = (body: Record<string, unknown>): Reply => ({
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: Buffer.from(JSON.stringify(body), 'utf8'),
});

/** How an answer travels back to wx-server-sdk: a protobuf envelope around WeChat's body. */
function cloudReply(answer: EmulatorAnswer): Reply {
  switch (answer.kind) {
    case 'body': {
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      const contentType = answer.contentType ?? 'application/json';
      return {
        status: 200,
        contentType: 'application/octet-stream',
        body: encodeCloudAnswer({ respData: Buffer.from(text, 'utf8'), contentType }),
      };
    }
    case 'noPermission':
      return { status: 200, contentType: 'application/octet-stream', body: encodeCloudAnswer({ errorCode: NO_PERMISSION }) };
    case 'platformError':
      return { status: 200, contentType: 'application/octet-stream', body: encodeCloudAnswer({ errorCode: answer.errorCode }) };
    case 'gatewayError': // the SDK reads any status but 200 as its -501001
      return { status: answer.status, contentType: 'text/html', body: Buffer.from('<html><body>Bad Gateway</body></html>') };
    case 'reset':
    case 'hang':
      return answer.kind === 'reset' ? { reset: true } : { hang: true };
    case 'slow':
      throw new Error('slow answers are unwrapped before delivery');
  }
}

/** How an answer travels back over WeChat's HTTPS API. */
function httpsReply(answer: EmulatorAnswer): Reply {
  switch (answer.kind) {
    case 'body':
      return typeof answer.body === 'string'
        ? { status: 200, contentType: answer.contentType ?? 'text/plain', body: Buffer.from(answer.body, 'utf8') }
        : jsonReply(answer.body);
    case 'noPermission':
      return jsonReply({ errcode: 48001, errmsg: 'api unauthorized' });
    case 'platformError': // the cloud platform's codes have no HTTPS counterpart; sent as WeChat's errcode
      return jsonReply({ errcode: answer.errorCode, errmsg: 'system error' });
    case 'gatewayError':
      return { status: answer.status, contentType: 'text/html', body: Buffer.from(`<html><body><h1>${answer.status}</h1></body></html>`) };
    case 'reset':
    case 'hang':
      return answer.kind === 'reset' ? { reset: true } : { hang: true };
    case 'slow':
      throw new Error('slow answers are unwrapped before delivery');
  }
}

function readBody(request: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_REQUEST_BYTES ? null : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseObject(bytes: Buffer | null): Record<string, unknown> | null {
  if (bytes === null) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function startEmulatorServer(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  const database: DatabaseControls = {
    store: createCloudDatabase({ seed: sandboxCollections(), file: options.databaseFile, now: options.now }),
    actions: [],
    latencyMs: 0,
    fault: undefined,
  };
  const sandbox = createLogisticsEmulator({ progress: database.store.extra.parcelProgress as Record<string, number> | undefined });
  const answerCall: AnswerCall = options.answer ?? ((call) => sandbox.answer(call.api, call.params));
  const ttlSeconds = 7200; // WeChat's expires_in
  const now = options.now ?? (() => Date.now());
  // WeChat renews a stable token in its last 5 minutes and keeps the old one valid meanwhile.
  const renewWithinMs = Math.min(300_000, (ttlSeconds * 1000) / 2);
  const tokens = new Map<string, number>(); // token -> expires at (epoch ms)
  let currentToken: string | undefined;
  let tokenRequests = 0;
  const calls: ReceivedCall[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const later = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function deliver(call: ReceivedCall): Promise<Reply> {
    let answer = await answerCall(call);
    while (answer.kind === 'slow') {
      await later(answer.delayMs);
      answer = answer.then;
    }
    return call.transport === 'cloud' ? cloudReply(answer) : httpsReply(answer);
  }

  function stableToken(body: Record<string, unknown> | null): Reply {
    tokenRequests++;
    if (body === null || body.grant_type !== 'client_credential') return jsonReply({ errcode: 40002, errmsg: 'invalid grant_type' });
    if (body.appid !== EMULATOR_APPID) return jsonReply({ errcode: 40013, errmsg: 'invalid appid' });
    if (body.secret !== EMULATOR_SECRET) return jsonReply({ errcode: 40125, errmsg: 'invalid appsecret' });
    const currentExpiresAt = currentToken === undefined ? undefined : tokens.get(currentToken);
    // Normal mode hands out the same token until its last minutes; force_refresh replaces it and kills the old one.
    if (body.force_refresh === true && currentToken !== undefined) tokens.delete(currentToken);
    else if (currentToken !== undefined && currentExpiresAt !== undefined && now() < currentExpiresAt - renewWithinMs) {
      return jsonReply({ access_token: currentToken, expires_in: Math.floor((currentExpiresAt - now()) / 1000) });
    }
    currentToken = randomBytes(24).toString('base64').replace(/[+/=]/g, '');
    tokens.set(currentToken, now() + ttlSeconds * 1000);
    return jsonReply({ access_token: currentToken, expires_in: ttlSeconds });
  }

  function tokenProblem(token: string | null): Reply | null {
    const expiresAt = token === null ? undefined : tokens.get(token);
    if (server.rejectEveryToken || expiresAt === undefined) {
      return jsonReply({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
    }
    if (now() >= expiresAt) return jsonReply({ errcode: 42001, errmsg: 'access_token expired' });
    return null;
  }

  /** A database.* action: cloud.database() posts JSON (openapi calls are multipart). */
  async function databaseReply(params: Record<string, unknown>, action: string): Promise<Reply> {
    const collection = typeof params.collectionName === 'string' ? params.collectionName : undefined;
    const transactionId = typeof params.transactionId === 'string' ? params.transactionId : undefined;
    database.actions.push({ action, collection, transactionId, at: Date.now() });
    if (database.latencyMs > 0) await later(database.latencyMs);
    const fault = database.fault;
    if (fault !== undefined && (fault.collection === undefined || fault.collection === collection)) {
      if (fault.kind === 'down') return { reset: true };
      if (fault.kind === 'http503')
        return { status: 503, contentType: 'text/html', body: Buffer.from('<html><body>503 Service Unavailable</body></html>') };
      return jsonReply({ ...PLATFORM_ERRORS[fault.kind], requestId: randomBytes(8).toString('hex') });
    }
    return jsonReply(await database.store.answer(action, params));
  }

  async function route(request: http.IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const body = await readBody(request);
    const json =
      url.pathname === '/admin' && String(request.headers['content-type']).startsWith('application/json') ? parseObject(body) : null;
    if (json !== null && typeof json.action === 'string' && json.action.startsWith('database.')) return databaseReply(json, json.action);
    if (url.pathname === '/admin') {
      const cloudCall = body === null ? null : await decodeCloudCall(body, String(request.headers['content-type'] ?? '')).catch(() => null);
      const api = cloudCall === null ? undefined : CLOUD_API_NAMES[cloudCall.apiName];
      if (cloudCall === null || api === undefined) {
        return { status: 200, contentType: 'application/octet-stream', body: encodeCloudAnswer({ errorCode: API_NOT_FOUND }) };
      }
      const call: ReceivedCall = {
        transport: 'cloud',
        api,
        params: cloudCall.params,
        headers: request.headers,
        url: request.url ?? '',
        at: Date.now(),
      };
      calls.push(call);
      return deliver(call);
    }
    if (request.method !== 'POST') return jsonReply({ errcode: 43002, errmsg: 'require POST method' });
    if (url.pathname === '/cgi-bin/stable_token') return stableToken(parseObject(body));
    const api = Object.prototype.hasOwnProperty.call(API_PATHS, url.pathname) ? API_PATHS[url.pathname] : undefined;
    if (api === undefined) return { status: 404, contentType: 'text/plain', body: Buffer.from('not found') };
    const problem = tokenProblem(url.searchParams.get('access_token'));
    if (problem !== null) return problem;
    const params = parseObject(body);
    if (params === null) return jsonReply({ errcode: 47001, errmsg: 'data format error' });
    const call: ReceivedCall = { transport: 'https', api, params, headers: request.headers, url: url.pathname, at: Date.now() };
    calls.push(call);
    return deliver(call);
  }

  const httpServer = http.createServer((request, response) => {
    route(request).then(
      (reply) => {
        if ('hang' in reply) return; // the socket is closed with the server
        if ('reset' in reply) request.socket.destroy();
        else response.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': reply.body.length }).end(reply.body);
      },
      () => request.socket.destroy(),
    );
  });
  httpServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // The SDK keeps connections alive; the client, not the server, closes idle ones, so none is cut under a call.
  httpServer.keepAliveTimeout = 65_000;
  loadSdkMessages();
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const server: EmulatorServer = {
    baseUrl,
    appid: EMULATOR_APPID,
    secret: EMULATOR_SECRET,
    cloudEnv: (caller) => cloudRuntimeEnv(`${baseUrl}/admin`, caller),
    calls,
    get tokenRequests() {
      return tokenRequests;
    },
    rejectEveryToken: false,
    database,
    advanceParcel(orderId) {
      const parcel = sandbox.advance(orderId);
      database.store.extra.parcelProgress = sandbox.progress;
      database.store.save();
      return addExpressPathPush(parcel, now());
    },
    expireAccessTokens() {
      for (const token of tokens.keys()) tokens.set(token, Number.NEGATIVE_INFINITY);
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      database.store.close();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => httpServer.close(() => resolve()));
    },
  };
  return server;
}
