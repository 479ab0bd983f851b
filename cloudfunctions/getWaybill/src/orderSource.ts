// The port between the service and whatever carries the getOrder call (the
// wx-server-sdk cloud call, or HTTPS with an access_token).
import type { PrintType, WaybillError } from '../../../miniprogram/contract/getWaybillContract';

/** What is sent to WeChat, after validation and the access policy. */
export interface GetOrderQuery {
  orderId: string;
  deliveryId: string;
  waybillId?: string;
  openid?: string;
  printType?: PrintType;
}

/**
 * WeChat's success body with camelCase keys. Every field is `unknown`: an
 * answer from the network is checked by toWaybill, never trusted by its type.
 */
export interface RawOrder {
  orderId?: unknown;
  deliveryId?: unknown;
  waybillId?: unknown;
  orderStatus?: unknown;
  waybillData?: unknown;
  printHtml?: unknown;
}

export interface CallOptions {
  /** Epoch milliseconds after which the answer is of no use; transports set their timeouts from it. */
  deadlineAt: number;
}

export type OrderSource = (query: GetOrderQuery, options: CallOptions) => Promise<RawOrder>;

/**
 * A failure a transport understood: WeChat's errcode, a platform code, or a
 * transport fault (timeout, reset connection, bad body) that has none.
 * Anything else a transport throws is a bug and becomes INTERNAL.
 */
export class UpstreamFailure extends Error {
  constructor(
    readonly errCode: number | undefined,
    readonly kind: 'wechat' | 'timeout' | 'network' | 'badResponse',
    detail: string,
  ) {
    super(detail);
    this.name = 'UpstreamFailure';
  }
}

/**
 * A transport that cannot work as deployed: a missing or wrong setting, or a
 * base URL that answers 404. Retrying will not help; fixing the setup will, so
 * it carries the NOT_CONFIGURED error that says how.
 */
export class SetupFailure extends Error {
  constructor(readonly error: WaybillError) {
    super(error.message);
    this.name = 'SetupFailure';
  }
}
