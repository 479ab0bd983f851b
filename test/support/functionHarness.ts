// Way 1 of running the function: main from the TypeScript sources
// (createMain), with a fake cloud transport that answers WeChat's bodies from
// the test and reads them with the real answer reader, a fixed caller and the
// environment given. Fast and in-process: the tables run here first.
import { createMain } from '../../cloudfunctions/getWaybill/src/createMain';
import type { OrderBook } from '../../cloudfunctions/getWaybill/src/orderOwnership';
import type { TrackStore } from '../../cloudfunctions/getWaybill/src/trackStore';
import type { WeChatApiName, WeChatQuery } from '../../cloudfunctions/getWaybill/src/transportPort';
import { readWeChatAnswer } from '../../cloudfunctions/getWaybill/src/weChatAnswer/readAnswer';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { ADMIN } from './people';
import { orderAnswer, pathAnswer } from './sampleAnswers';

interface FakeCall {
  api: WeChatApiName;
  query: WeChatQuery;
  /** Date.now() when the call reached "WeChat". */
  at: number;
}

/** What "WeChat" answers: a body (any JSON value), or a thrown value (anything at all). `n` counts calls of this API from 1. */
export type FakeAnswer = (api: WeChatApiName, query: WeChatQuery, n: number) => unknown;

export interface FunctionOptions {
  /** The caller's OPENID (default ADMIN); undefined: no caller at all. */
  caller?: string | undefined;
  /** Environment variables; WAYBILL_ADMIN_OPENIDS defaults to ADMIN. */
  env?: Record<string, string | undefined>;
  answer?: FakeAnswer;
  random?: () => number;
  /** The stored tracks' collection (memoryTrackStore); without it every track comes from getPath. */
  trackStore?: TrackStore;
  /** The merchant's orders for WAYBILL_ORDERS (memoryOrderBook); without it the check fails closed. */
  orderBook?: OrderBook;
}

export interface FunctionUnderTest {
  call(event: unknown): Promise<GetWaybillResult>;
  calls: FakeCall[];
  /** Every line the function logged. */
  lines: string[];
}

/** WeChat's answer for the query: the sample order under the ids asked about, and the sample track. */
export const answerAsAsked: FakeAnswer = (api, query) =>
  api === 'getOrder'
    ? orderAnswer({ order_id: query.orderId, delivery_id: query.deliveryId, waybill_id: query.waybillId ?? 'SF1234567890' })
    : pathAnswer({ delivery_id: query.deliveryId, waybill_id: query.waybillId });

export function functionWith(options: FunctionOptions = {}, log?: (line: string) => void): FunctionUnderTest {
  const calls: FakeCall[] = [];
  const lines: string[] = [];
  const counts: Record<WeChatApiName, number> = { getOrder: 0, getPath: 0 };
  const answer = options.answer ?? answerAsAsked;
  const caller = 'caller' in options ? options.caller : ADMIN;
  const main = createMain({
    callerOpenid: () => caller,
    env: { WAYBILL_ADMIN_OPENIDS: ADMIN, ...options.env },
    cloudTransport: async (api, query) => {
      calls.push({ api, query, at: Date.now() });
      counts[api] += 1;
      return readWeChatAnswer(api, await answer(api, query, counts[api]));
    },
    log: (line) => {
      lines.push(line);
      log?.(line);
    },
    random: options.random ?? (() => 0.5),
    ...(options.trackStore === undefined ? {} : { trackStoreOf: () => options.trackStore as TrackStore }),
    ...(options.orderBook === undefined ? {} : { orderBookOf: () => options.orderBook as OrderBook }),
  });
  return { call: main, calls, lines };
}

/** The parsed log line of the last call ({"event":"getWaybill",...}). */
export function lastCallLine(lines: readonly string[]): Record<string, unknown> {
  const line = [...lines].reverse().find((text) => text.startsWith('{"event":"getWaybill"'));
  return JSON.parse(line ?? '{}') as Record<string, unknown>;
}
