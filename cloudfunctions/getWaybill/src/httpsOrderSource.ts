// The HTTPS transport: getOrder over POST /cgi-bin/express/business/order/get
// with a stable access_token, for a function deployed outside WeChat Cloud (or
// a terminal, see `npm start -- --live`). It speaks WeChat's snake_case and
// hands the service the same RawOrder and UpstreamFailure the cloud call does,
// so validation, access policy, retries and error mapping stay the service's.
import { createAccessTokenCache, type FetchedToken } from './accessToken';
import { UpstreamFailure, type GetOrderQuery, type OrderSource, type RawOrder } from './orderSource';
import { postJson, type JsonObject } from './postJson';
import { weChatInteger } from './weChatInteger';

export const DEFAULT_WX_API_BASE_URL = 'https://api.weixin.qq.com';

export interface HttpsCredentials {
  /** e.g. https://api.weixin.qq.com, or an emulator on 127.0.0.1. */
  baseUrl: string;
  appid: string;
  secret: string;
}

/** WeChat's "this token is invalid / expired": worth one fresh token before giving up. */
const TOKEN_REJECTED = new Set([40001, 42001]);

const remainingMs = (deadlineAt: number): number => deadlineAt - Date.now();

/** errcode 0 or absent is success; another integer (or numeric string, as on the cloud call) is WeChat's failure; anything else is a broken answer. */
function throwIfWeChatError(answer: JsonObject, what: string): void {
  if (answer.errcode === undefined) return;
  const errcode = weChatInteger(answer.errcode);
  if (errcode === 0) return;
  if (errcode === undefined) throw new UpstreamFailure(undefined, 'badResponse', `${what}: errcode is not an integer`);
  throw new UpstreamFailure(errcode, 'wechat', `${what}: errcode ${errcode}`);
}

function toRequestBody(query: GetOrderQuery): JsonObject {
  const body: JsonObject = { order_id: query.orderId, delivery_id: query.deliveryId };
  if (query.waybillId !== undefined) body.waybill_id = query.waybillId;
  if (query.openid !== undefined) body.openid = query.openid;
  if (query.printType !== undefined) body.print_type = query.printType;
  return body;
}

/** The same camelCase shape wx-server-sdk produces; toWaybill checks every value. */
function toRawOrder(answer: JsonObject): RawOrder {
  return {
    orderId: answer.order_id,
    deliveryId: answer.delivery_id,
    waybillId: answer.waybill_id,
    orderStatus: answer.order_status,
    waybillData: answer.waybill_data,
    printHtml: answer.print_html,
  };
}

export function createHttpsOrderSource(credentials: HttpsCredentials): OrderSource {
  const base = credentials.baseUrl.replace(/\/+$/, '');

  const fetchStableToken = async (deadlineAt: number): Promise<FetchedToken> => {
    // Normal mode (no force_refresh): several instances share one token instead of invalidating each other's.
    const answer = await postJson(
      new URL(`${base}/cgi-bin/stable_token`),
      { grant_type: 'client_credential', appid: credentials.appid, secret: credentials.secret },
      remainingMs(deadlineAt),
    );
    throwIfWeChatError(answer, 'stable_token');
    const { access_token: accessToken, expires_in: expiresIn } = answer;
    if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
      throw new UpstreamFailure(undefined, 'badResponse', 'stable_token: no access_token / expires_in in the answer');
    }
    return { accessToken, expiresInSeconds: expiresIn };
  };
  const tokens = createAccessTokenCache(fetchStableToken);

  const getOrderWith = async (token: string, query: GetOrderQuery, deadlineAt: number): Promise<RawOrder> => {
    const url = new URL(`${base}/cgi-bin/express/business/order/get`);
    url.searchParams.set('access_token', token);
    const answer = await postJson(url, toRequestBody(query), remainingMs(deadlineAt));
    throwIfWeChatError(answer, 'order/get');
    return toRawOrder(answer);
  };

  return async (query, { deadlineAt }) => {
    const token = await tokens.get(deadlineAt);
    try {
      return await getOrderWith(token, query, deadlineAt);
    } catch (error) {
      if (!(error instanceof UpstreamFailure) || error.errCode === undefined || !TOKEN_REJECTED.has(error.errCode)) throw error;
      // Once only: if a fresh token is rejected too, the credentials are wrong and the service says so (NOT_CONFIGURED).
      tokens.invalidate(token);
      return getOrderWith(await tokens.get(deadlineAt), query, deadlineAt);
    }
  };
}
