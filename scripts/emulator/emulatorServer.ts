// Serving 2: the emulator as an HTTP server on 127.0.0.1 that speaks the two
// endpoints the HTTPS transport uses, POST /cgi-bin/stable_token and
// POST /cgi-bin/express/business/order/get?access_token=..., and checks the
// token the way WeChat does (40001 unknown, 42001 expired).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createLogisticsEmulator, type GetOrderAnswer, type LogisticsEmulator } from './logisticsEmulator';

/** Placeholders, not a real mini program: the server accepts only these unless told otherwise. */
export const EMULATOR_APPID = 'wx0000000000000000';
export const EMULATOR_SECRET = 'emulator-secret-not-a-real-one';

export interface EmulatorServerOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  appid?: string;
  secret?: string;
  /** expires_in of a new token; WeChat's is 7200. */
  tokenTtlSeconds?: number;
  emulator?: LogisticsEmulator;
  /** The clock tokens expire by; injectable for tests. */
  now?: () => number;
}

export interface EmulatorServer {
  /** e.g. http://127.0.0.1:54321, for WX_API_BASE_URL. */
  baseUrl: string;
  appid: string;
  secret: string;
  /** Requests received per endpoint, for tests that count token fetches. */
  readonly requests: { stableToken: number; getOrder: number };
  /** From now on every token issued so far answers 42001 (expired), as after expires_in. */
  expireAccessTokens(): void;
  /** While true, getOrder answers 40001 to every token, even a fresh one. */
  rejectEveryToken: boolean;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 64 * 1024;

type Reply = { status: number; contentType: string; body: string } | { reset: true };

const json = (body: Record<string, unknown>, status = 200): Reply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

function readBody(request: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_REQUEST_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function startEmulatorServer(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  const host = options.host ?? '127.0.0.1';
  const appid = options.appid ?? EMULATOR_APPID;
  const secret = options.secret ?? EMULATOR_SECRET;
  const ttlSeconds = options.tokenTtlSeconds ?? 7200;
  const emulator = options.emulator ?? createLogisticsEmulator();
  const now = options.now ?? (() => Date.now());
  // WeChat renews a stable token in its last 5 minutes and keeps the old one valid meanwhile.
  const renewWithinMs = Math.min(300_000, (ttlSeconds * 1000) / 2);

  const tokens = new Map<string, number>(); // token -> expires at (epoch ms)
  let current: string | undefined;
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  function stableToken(body: Record<string, unknown> | null): Reply {
    if (body === null || body.grant_type !== 'client_credential') return json({ errcode: 40002, errmsg: 'invalid grant_type' });
    if (body.appid !== appid) return json({ errcode: 40013, errmsg: 'invalid appid' });
    if (body.secret !== secret) return json({ errcode: 40125, errmsg: 'invalid appsecret' });
    const currentExpiresAt = current === undefined ? undefined : tokens.get(current);
    // Normal mode hands out the same token until its last minutes; force_refresh replaces it and kills the old one.
    if (body.force_refresh === true && current !== undefined) tokens.delete(current);
    else if (current !== undefined && currentExpiresAt !== undefined && now() < currentExpiresAt - renewWithinMs) {
      return json({ access_token: current, expires_in: Math.floor((currentExpiresAt - now()) / 1000) });
    }
    current = randomBytes(24).toString('base64').replace(/[+/=]/g, '');
    tokens.set(current, now() + ttlSeconds * 1000);
    return json({ access_token: current, expires_in: ttlSeconds });
  }

  function tokenProblem(token: string | null): Reply | null {
    const expiresAt = token === null ? undefined : tokens.get(token);
    if (server.rejectEveryToken || expiresAt === undefined) {
      return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
    }
    if (now() >= expiresAt) return json({ errcode: 42001, errmsg: 'access_token expired' });
    return null;
  }

  function toReply(answer: GetOrderAnswer): Reply | Promise<Reply> {
    switch (answer.kind) {
      case 'body':
        return json(answer.body);
      case 'noPermission':
        return json({ errcode: 48001, errmsg: 'api unauthorized' });
      case 'transportFault':
        if (answer.fault === 'reset') return { reset: true };
        if (answer.fault === 'serverError')
          return { status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
        return { status: 200, contentType: 'text/html', body: '<html><body>系统繁忙</body></html>' };
      case 'slow':
        return new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve(toReply(answer.then));
          }, answer.delayMs);
          timers.add(timer);
        });
    }
  }

  async function route(request: http.IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const isTokenPath = url.pathname === '/cgi-bin/stable_token';
    const isOrderPath = url.pathname === '/cgi-bin/express/business/order/get';
    if (!isTokenPath && !isOrderPath) return { status: 404, contentType: 'text/plain', body: 'not found' };
    if (request.method !== 'POST') return json({ errcode: 43002, errmsg: 'require POST method' });
    const body = parseObject(await readBody(request));
    if (isTokenPath) {
      server.requests.stableToken++;
      return stableToken(body);
    }
    server.requests.getOrder++;
    const problem = tokenProblem(url.searchParams.get('access_token'));
    if (problem !== null) return problem;
    if (body === null) return json({ errcode: 47001, errmsg: 'data format error' });
    return toReply(emulator.answerGetOrder(body));
  }

  const httpServer = http.createServer((request, response) => {
    route(request).then(
      (reply) => {
        if ('reset' in reply) request.socket.destroy();
        else response.writeHead(reply.status, { 'Content-Type': reply.contentType }).end(reply.body);
      },
      () => request.socket.destroy(),
    );
  });
  httpServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;

  const server: EmulatorServer = {
    baseUrl: `http://${host}:${port}`,
    appid,
    secret,
    requests: { stableToken: 0, getOrder: 0 },
    rejectEveryToken: false,
    expireAccessTokens() {
      for (const token of tokens.keys()) tokens.set(token, Number.NEGATIVE_INFINITY);
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => httpServer.close(() => resolve()));
    },
  };
  return server;
}
