// The one module that touches wx-server-sdk: initialisation, the caller's
// identity and source, the cloud-call transport, and the cloud database (the
// stored tracks' collection and the merchant's orders, WAYBILL_ORDERS). The SDK reads WeChat's answer before
// we do; weChatAnswer/sdkBody.ts recovers the body as the SDK let it be seen,
// so both transports hand the same body to the one reader.
//
// The SDK has no per-call timeout, never closes a connection it gave up on, and
// reads any answer whole before parsing it. So each attempt runs in its own
// async context, and the SDK's network layer (cloudbaseNetwork.d.ts) is wrapped:
// a request made inside an attempt is refused when its answer is too large, and
// destroyed when the attempt ends without having read it to its end.
import { AsyncLocalStorage } from 'async_hooks';
import type { ClientRequest, IncomingMessage } from 'http';
import cloud = require('wx-server-sdk');
import sdkNetwork = require('@cloudbase/node-sdk/dist/utils/request-core');
import {
  answerTooLarge,
  MAX_ANSWER_BYTES,
  UpstreamFailure,
  type WeChatAnswer,
  type WeChatApiName,
  type WeChatTransport,
} from './transportPort';
import { settleWithin } from './settleWithin';
import { readWeChatAnswer } from './weChatAnswer/readAnswer';
import { bodyOfSdkAnswer, bodyOfSdkFailure } from './weChatAnswer/sdkBody';
import { peek } from './weChatAnswer/values';
import { OrderBookFailure, type OrderBookOf } from './orderOwnership';
import { storedTrackOf, type TrackNews } from './storedTrack';
import { StoreFailure, type TrackStore, type TrackStoreOf } from './trackStore';

// Module scope runs once per cold start: init only, nothing that waits.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
// @cloudbase/node-sdk's own switch (its only use) for a warning it prints 3 s after any database
// request that has not succeeded, failed ones included (its timer is cleared on success only): a
// second, often wrong, line per call. The function's one log line says what the database did.
process.env.SILENCE = 'true';

export function callerOpenid(): string | undefined {
  const openid: unknown = cloud.getWXContext().OPENID;
  return typeof openid === 'string' && openid !== '' ? openid : undefined;
}

const SDK_CALLS: Readonly<Record<WeChatApiName, (query: object) => Promise<unknown>>> = {
  getOrder: (query) => cloud.openapi.logistics.getOrder(query),
  getPath: (query) => cloud.openapi.logistics.getPath(query),
};

/** One attempt of a cloud call: the requests it has not read to their end, and whether its answer was too large. */
interface Attempt {
  unfinished: Set<ClientRequest>;
  tooLarge: boolean;
}

interface AttemptContext {
  run<R>(attempt: Attempt, work: () => R): R;
  getStore(): Attempt | undefined;
}

// AsyncLocalStorage is in Node 12.17 and later (the tests run 12.22, 16 and 20). On an older
// runtime the cloud call behaves as the bare SDK does, rather than the function failing to load.
const attempts: AttemptContext =
  typeof AsyncLocalStorage === 'function'
    ? new AsyncLocalStorage<Attempt>()
    : { run: (_attempt, work) => work(), getStore: () => undefined };

const sdkRequest = sdkNetwork.request;
sdkNetwork.request = (options, callback) => {
  const attempt = attempts.getStore();
  if (attempt === undefined) return sdkRequest(options, callback); // not a logistics call of ours
  let called = false;
  const callOnce: sdkNetwork.RequestCallback = (error, response, body) => {
    if (called) return;
    called = true;
    if (error === null || error === undefined) attempt.unfinished.delete(request); // read to its end: the connection is free
    callback(error, response, body);
  };
  const request = sdkRequest(options, callOnce);
  attempt.unfinished.add(request);
  request.on('response', (response: IncomingMessage) => {
    const refuse = (): void => {
      attempt.tooLarge = true;
      request.destroy();
      callOnce(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
    };
    // Refused by its declared length before a byte is read, or as soon as it is read past the limit.
    if (Number(response.headers['content-length']) > MAX_ANSWER_BYTES) return refuse();
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES && !attempt.tooLarge) refuse();
    });
  });
  return request;
};

/** The SDK's answer, or a timeout when the attempt's time is up first. */
function beforeDeadline<T>(api: WeChatApiName, work: Promise<T>, deadlineAt: number): Promise<T> {
  const ms = Math.max(0, deadlineAt - Date.now());
  return settleWithin(work, ms, () => new UpstreamFailure('timeout', undefined, `${api}: no answer within ${ms} ms`));
}

/** Runs one SDK call as an attempt: what it still has open is closed when it settles, or at `deadlineAt` if that comes first. */
function closedBy<T>(deadlineAt: number, call: () => Promise<T>): Promise<T> {
  const attempt: Attempt = { unfinished: new Set(), tooLarge: false };
  const close = (): void => attempt.unfinished.forEach((request) => request.destroy());
  const timer = setTimeout(close, Math.max(0, deadlineAt - Date.now()));
  return attempts.run(attempt, call).finally(() => {
    clearTimeout(timer);
    close();
  });
}

/** The SDK converts the camelCase query to WeChat's snake_case itself. */
export const cloudTransport: WeChatTransport = async (api, query, { attemptDeadlineAt }): Promise<WeChatAnswer> => {
  const attempt: Attempt = { unfinished: new Set(), tooLarge: false };
  const answered = attempts.run(attempt, () => SDK_CALLS[api]({ ...query }));
  let body: unknown;
  try {
    body = bodyOfSdkAnswer(api, await beforeDeadline(api, answered, attemptDeadlineAt));
  } catch (error) {
    if (attempt.tooLarge) throw answerTooLarge(api);
    if (error instanceof UpstreamFailure) throw error;
    body = bodyOfSdkFailure(api, error);
  } finally {
    // Answered or not, the attempt is over: a connection still waiting for its answer goes with it.
    for (const request of attempt.unfinished) request.destroy();
  }
  return readWeChatAnswer(api, body);
};

// ---- The caller's source and the cloud database (the stored track) ----

/** Who invoked the function (wx_client, wx_devtools, scf, ... joined by commas when chained); '' when the platform says nothing. */
export function callerSource(): string {
  const source: unknown = cloud.getWXContext().SOURCE;
  return typeof source === 'string' ? source : '';
}

let database: ReturnType<typeof cloud.database> | undefined;

/** What the SDK threw, as a StoreFailure: it reports a missing collection, a refusal and a network failure alike, by code only. */
function storeFailureOf(error: unknown): StoreFailure {
  const errCode = peek(error, 'errCode');
  return new StoreFailure('refused', typeof errCode === 'number' ? errCode : undefined);
}

async function asStoreCall<T>(deadlineAt: number, work: () => Promise<T>): Promise<T> {
  try {
    return await closedBy(deadlineAt, work);
  } catch (error) {
    if (error instanceof StoreFailure) throw error;
    // closedBy ends the call at the deadline, and the SDK reports that as a failed request: it is the deadline's.
    throw Date.now() >= deadlineAt ? new StoreFailure('timeout') : storeFailureOf(error);
  }
}

export const cloudTrackStore: TrackStoreOf = (collection): TrackStore => {
  database ??= cloud.database();
  const db = database;
  const tracks = () => db.collection(collection);
  return {
    read: (id, deadlineAt) =>
      asStoreCall(deadlineAt, async () => {
        // where() answers an empty list for a missing document; doc(id).get() would throw a bare string.
        const data: unknown = peek(await tracks().where({ _id: id }).limit(1).get(), 'data');
        if (!Array.isArray(data) || data.length === 0) return null;
        const stored = storedTrackOf(data[0]);
        if (stored === undefined) throw new StoreFailure('unreadable');
        return stored;
      }),
    insert: (id, news: TrackNews, deadlineAt) =>
      asStoreCall(deadlineAt, async () => {
        await tracks().add({ data: { _id: id, ...news, confirmedAt: db.serverDate() } });
      }),
    updateIf: (id, expected, fields, deadlineAt) =>
      asStoreCall(deadlineAt, async () => {
        const data: Record<string, unknown> = { ...fields };
        if (fields.events !== undefined) data.confirmedAt = db.serverDate();
        const condition = { _id: id, totalEvents: expected.totalEvents, version: expected.version ?? db.command.exists(false) };
        const result = await tracks().where(condition).update({ data });
        const updated: unknown = peek(peek(result, 'stats'), 'updated');
        return typeof updated === 'number' && updated > 0;
      }),
  };
};

// ---- The merchant's orders (the order check) ----

/** wx-server-sdk's codes for TCB's DATABASE_COLLECTION_NOT_EXIST and DATABASE_PERMISSION_DENIED. */
const COLLECTION_NOT_EXIST = -502005;
const PERMISSION_DENIED = -502003;

function orderBookFailureOf(error: unknown): OrderBookFailure {
  const errCode = peek(error, 'errCode');
  if (errCode === COLLECTION_NOT_EXIST) return new OrderBookFailure('noCollection', errCode);
  if (errCode === PERMISSION_DENIED) return new OrderBookFailure('noPermission', errCode);
  return new OrderBookFailure('down', typeof errCode === 'number' ? errCode : undefined);
}

export const cloudOrderBook: OrderBookOf = ({ collection, orderIdField, ownerField }) => {
  database ??= cloud.database();
  const db = database;
  return {
    isOwnedBy: async (orderId, openid, deadlineAt) => {
      let data: unknown;
      try {
        // One document of this order and this owner, and only its _id: the order's own fields (addresses) are not read.
        const answer = await closedBy(deadlineAt, async () =>
          db
            .collection(collection)
            .where({ [orderIdField]: orderId, [ownerField]: openid })
            .field({ _id: true })
            .limit(1)
            .get(),
        );
        data = peek(answer, 'data');
      } catch (error) {
        // closedBy ends the read at the deadline, and the SDK reports that as a dropped connection: it is the deadline's.
        throw Date.now() >= deadlineAt ? new OrderBookFailure('timeout') : orderBookFailureOf(error);
      }
      if (!Array.isArray(data)) throw new OrderBookFailure('down');
      return data.length > 0;
    },
  };
};
