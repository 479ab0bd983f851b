// The service (src/getWaybill.ts) with every dependency injected: a fake
// order source that records what reached WeChat, a fixed caller, a config.
import { getWaybill } from '../../cloudfunctions/getWaybill/src/getWaybill';
import { parseAdminOpenids } from '../../cloudfunctions/getWaybill/src/config';
import type { GetOrderQuery, RawOrder } from '../../cloudfunctions/getWaybill/src/orderSource';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { ADMIN, LABEL_BASE64 } from './people';

export interface ServiceOptions {
  caller?: string;
  adminList?: string;
  deadlineMs?: number;
  answer?: (query: GetOrderQuery, attempt: number) => RawOrder | Promise<RawOrder>;
  random?: () => number;
  log: (line: string) => void;
}

export interface Service {
  call(event: unknown): Promise<GetWaybillResult>;
  /** Every query that reached the order source (i.e. WeChat). */
  queries: GetOrderQuery[];
  /** Date.now() when each attempt started. */
  attemptTimes: number[];
}

export function aNormalOrder(query: GetOrderQuery): RawOrder {
  return {
    orderId: query.orderId,
    deliveryId: query.deliveryId,
    waybillId: query.waybillId ?? 'SF1234567890',
    orderStatus: 0,
    waybillData: [{ key: 'SF_mark', value: '020-WA-001' }],
    printHtml: LABEL_BASE64,
  };
}

export function serviceWith(options: ServiceOptions): Service {
  const queries: GetOrderQuery[] = [];
  const attemptTimes: number[] = [];
  const answer = options.answer ?? aNormalOrder;
  const caller = 'caller' in options ? options.caller : ADMIN;
  return {
    queries,
    attemptTimes,
    call: (event) =>
      getWaybill(event, {
        callerOpenid: () => caller,
        orderSource: async (query) => {
          queries.push(query);
          attemptTimes.push(Date.now());
          return answer(query, queries.length);
        },
        config: { adminOpenids: parseAdminOpenids(options.adminList ?? ADMIN), deadlineMs: options.deadlineMs ?? 2500 },
        log: options.log,
        random: options.random ?? (() => 0.5),
      }),
  };
}
