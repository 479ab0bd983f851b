// The HTTPS transport: getOrder and getPath over POST /cgi-bin/express/business/...
// with a stable access_token, for a function deployed outside WeChat Cloud (or
// a terminal, see `npm start -- --live`). It speaks WeChat's snake_case and
// hands the answer to the same reader as the cloud call, so validation, access
// policy, retries and error mapping stay the service's.
import { createAccessTokenCache, type FetchedToken } from './accessToken';
import { postJson } from './postJson';
import { readWeChatAnswer, type AnswerSource } from './weChatAnswer/readAnswer';
import {
  badResponse,
  UpstreamFailure,
  type WeChatAnswer,
  type WeChatApiName,
  type WeChatQuery,
  type WeChatTransport,
} from './transportPort';
import { parseWeChatJson } from './weChatAnswer/httpsBody';
import { snakeCaseKey } from './weChatAnswer/keys';

export interface HttpsCredentials {
  /** e.g. https://api.weixin.qq.com, or an emulator on 127.0.0.1. */
  baseUrl: string;
  appid: string;
  secret: string;
}

const API_PATHS: Readonly<Record<WeChatApiName, string>> = {
  getOrder: '/cgi-bin/express/business/order/get',
  getPath: '/cgi-bin/express/business/path/get',
};

/** WeChat's "this token is invalid / expired": worth one fresh token before giving up. */
const TOKEN_REJECTED = new Set([40001, 42001]);

const remainingMs = (deadlineAt: number): number => deadlineAt - Date.now();

/** The query in WeChat's snake_case (orderId -> order_id), as wx-server-sdk sends it for the cloud call. */
function toRequestBody(query: WeChatQuery): Record<string, string | number> {
  const body: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) body[snakeCaseKey(key)] = value;
  return body;
}

async function post(source: AnswerSource, url: URL, payload: unknown, deadlineAt: number): Promise<WeChatAnswer> {
  const { text, contentType } = await postJson(url, payload, remainingMs(deadlineAt));
  const parsed = parseWeChatJson(text, contentType);
  if ('notJson' in parsed) throw badResponse(source, parsed.notJson);
  return readWeChatAnswer(source, parsed.body);
}

export function createHttpsTransport(credentials: HttpsCredentials): WeChatTransport {
  const base = credentials.baseUrl.replace(/\/+$/, '');

  const fetchStableToken = async (deadlineAt: number): Promise<FetchedToken> => {
    // Normal mode (no force_refresh): several instances share one token instead of invalidating each other's.
    const answer = await post(
      'stableToken',
      new URL(`${base}/cgi-bin/stable_token`),
      { grant_type: 'client_credential', appid: credentials.appid, secret: credentials.secret },
      deadlineAt,
    );
    const { access_token: accessToken, expires_in: expiresIn } = answer;
    if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
      throw badResponse('stableToken', 'no access_token / expires_in in the answer');
    }
    return { accessToken, expiresInSeconds: expiresIn };
  };
  const tokens = createAccessTokenCache(fetchStableToken);

  const callWith = (token: string, api: WeChatApiName, query: WeChatQuery, deadlineAt: number): Promise<WeChatAnswer> => {
    const url = new URL(`${base}${API_PATHS[api]}`);
    url.searchParams.set('access_token', token);
    return post(api, url, toRequestBody(query), deadlineAt);
  };

  return async (api, query, { attemptDeadlineAt }) => {
    const token = await tokens.get(attemptDeadlineAt);
    try {
      return await callWith(token, api, query, attemptDeadlineAt);
    } catch (error) {
      if (!(error instanceof UpstreamFailure) || error.errCode === undefined || !TOKEN_REJECTED.has(error.errCode)) throw error;
      // Once only: if a fresh token is rejected too, the credentials are wrong and the service says so (NOT_CONFIGURED).
      tokens.invalidate(token);
      return callWith(await tokens.get(attemptDeadlineAt), api, query, attemptDeadlineAt);
    }
  };
}
