// The transport port: what the service asks of whatever carries a logistics
// call to WeChat (the wx-server-sdk cloud call, wxCloud.ts, or HTTPS with an
// access_token, httpsTransport.ts), and the failures a transport may throw.
// Each hands WeChat's answer body to the one reader (weChatAnswer/readAnswer.ts),
// so both transports read every answer alike.

export type WeChatApiName = 'getOrder' | 'getPath';

/** The answer's own fields (snake_case, as WeChat documents them); values are unchecked. */
export type WeChatAnswer = Readonly<Record<string, unknown>>;

/** The request of either API in the contract's camelCase; transports send it as WeChat wants it. */
export interface WeChatQuery {
  orderId?: string;
  deliveryId: string;
  waybillId?: string;
  openid?: string;
  printType?: 0 | 1;
}

interface AttemptOptions {
  /** Epoch milliseconds after which this attempt's answer is of no use; transports set their timeouts from it. */
  attemptDeadlineAt: number;
}

/**
 * Resolves WeChat's answer as readWeChatAnswer read it, or rejects with an
 * UpstreamFailure or a SetupFailure. Anything else it throws is a bug.
 */
export type WeChatTransport = (api: WeChatApiName, query: WeChatQuery, options: AttemptOptions) => Promise<WeChatAnswer>;

export type UpstreamFailureKind = 'wechat' | 'timeout' | 'network' | 'badResponse';

/**
 * A failure a transport or the answer reader understood: WeChat's errcode (or
 * the cloud platform's code), or a fault with no code: a timeout, a reset
 * connection, an answer that is not WeChat's. The detail names no person and
 * no secret: it may be logged.
 */
export class UpstreamFailure extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    readonly errCode: number | undefined,
    detail: string,
  ) {
    super(detail);
    this.name = 'UpstreamFailure';
  }
}

/** What answered is not WeChat's answer to what was asked (`source`: the API, or the token endpoint). */
export function badResponse(source: string, detail: string): UpstreamFailure {
  return new UpstreamFailure('badResponse', undefined, `${source}: ${detail}`);
}

/**
 * The largest answer a transport reads: twice the largest useful one (a label
 * at the 1 MB result cap as BASE64, with a full track, is under 2 MB). A larger
 * one is refused by its size before it is parsed, so that parsing it can
 * neither hold the call past its deadline nor exhaust the memory.
 */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export function answerTooLarge(source: string): UpstreamFailure {
  return badResponse(source, `the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
}

/** Why a transport cannot work as deployed; fixing the setup helps, retrying does not. */
export type SetupReason =
  | 'unknownTransport'
  | 'missingCredentials'
  | 'badBaseUrl'
  /** WX_API_BASE_URL answered 4xx, a redirect, or a certificate the runtime does not trust. */
  | 'wrongAddress';

export class SetupFailure extends Error {
  constructor(
    readonly reason: SetupReason,
    /** Safe to show a developer: never a secret or a configured value. */
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'SetupFailure';
  }
}
