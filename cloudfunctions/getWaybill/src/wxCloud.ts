// The one module that touches wx-server-sdk: initialisation, the caller's
// identity and source, the cloud-call transport, and the cloud database: the
// stored tracks' collection and the merchant's orders (WAYBILL_ORDERS). The SDK reads WeChat's answer before
// we do: it throws for a truthy errcode, turns keys to camelCase, and hands back
// the bytes of an answer whose content type is not JSON's. This module gives the
// reader the body as the SDK let it see it, so both transports read alike.
import cloud = require('wx-server-sdk');
import { OrderBookFailure, type OrderBookOf } from './orderOwnership';
import { readWeChatAnswer } from './readWeChatAnswer';
import { storedTrackOf, type TrackNews } from './storedTrack';
import { StoreFailure, type TrackStore, type TrackStoreOf } from './trackStore';
import { badResponse, UpstreamFailure, type WeChatAnswer, type WeChatApiName, type WeChatTransport } from './weChatApi';
import { snakeCaseKeys, TooDeep } from './weChatKeys';

// Module scope runs once per cold start: init only, nothing that waits.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export function callerOpenid(): string | undefined {
  const openid: unknown = cloud.getWXContext().OPENID;
  return typeof openid === 'string' && openid !== '' ? openid : undefined;
}

/** A property of something the SDK threw, without letting a throwing getter escape. */
function peek(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The body behind an error the SDK threw: WeChat's errcode (or the platform's), or a failure of its own. */
function bodyOfFailure(api: WeChatApiName, error: unknown): unknown {
  // The SDK's own code choked on the answer (a JSON null, a body nested too deep): it was not WeChat's answer.
  if (error instanceof TypeError || error instanceof RangeError) throw badResponse(api, 'wx-server-sdk could not read the answer');
  const errCode = peek(error, 'errCode');
  if (errCode === undefined) throw error; // not the SDK's: a bug, reported as INTERNAL
  const errMsg = peek(error, 'errMsg');
  if (typeof errMsg === 'string' && errMsg.includes('response body is invalid json')) throw badResponse(api, 'the answer is not JSON');
  return { errcode: errCode };
}

/** The body behind what the SDK resolved: WeChat's fields back in snake_case, without the SDK's errMsg/errCode. */
function bodyOfAnswer(api: WeChatApiName, answer: unknown): unknown {
  if (answer === null || typeof answer !== 'object') throw badResponse(api, 'wx-server-sdk resolved something that is not an object');
  // An answer whose content type is not JSON's (an HTML gateway page, an empty answer) comes back as its bytes.
  if (peek(answer, 'buffer') instanceof Uint8Array) throw badResponse(api, 'the answer is not JSON');
  const { errMsg: _errMsg, errCode: _errCode, ...fields } = answer as Record<string, unknown>;
  try {
    return snakeCaseKeys(fields);
  } catch (error) {
    if (error instanceof TooDeep) throw badResponse(api, 'the answer is nested too deep');
    throw error;
  }
}

const SDK_CALLS: Readonly<Record<WeChatApiName, (query: object) => Promise<unknown>>> = {
  getOrder: (query) => cloud.openapi.logistics.getOrder(query),
  getPath: (query) => cloud.openapi.logistics.getPath(query),
};

/** The SDK converts the camelCase query to WeChat's snake_case itself. */
export const cloudTransport: WeChatTransport = async (api, query): Promise<WeChatAnswer> => {
  let body: unknown;
  try {
    body = bodyOfAnswer(api, await SDK_CALLS[api]({ ...query }));
  } catch (error) {
    if (error instanceof UpstreamFailure) throw error;
    body = bodyOfFailure(api, error);
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

async function asStoreCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreFailure) throw error;
    throw storeFailureOf(error);
  }
}

export const cloudTrackStore: TrackStoreOf = (collection): TrackStore => {
  database ??= cloud.database();
  const db = database;
  const tracks = () => db.collection(collection);
  return {
    read: (id) =>
      asStoreCall(async () => {
        // where() answers an empty list for a missing document; doc(id).get() would throw a bare string.
        const data: unknown = peek(await tracks().where({ _id: id }).limit(1).get(), 'data');
        if (!Array.isArray(data) || data.length === 0) return null;
        const stored = storedTrackOf(data[0]);
        if (stored === undefined) throw new StoreFailure('unreadable');
        return stored;
      }),
    insert: (id, news: TrackNews) =>
      asStoreCall(async () => {
        await tracks().add({ data: { _id: id, ...news, confirmedAt: db.serverDate() } });
      }),
    updateIf: (id, expected, fields) =>
      asStoreCall(async () => {
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
    isOwnedBy: async (orderId, openid) => {
      let data: unknown;
      try {
        // One document of this order and this owner, and only its _id: the order's own fields (addresses) are not read.
        const answer = await db
          .collection(collection)
          .where({ [orderIdField]: orderId, [ownerField]: openid })
          .field({ _id: true })
          .limit(1)
          .get();
        data = peek(answer, 'data');
      } catch (error) {
        throw orderBookFailureOf(error);
      }
      if (!Array.isArray(data)) throw new OrderBookFailure('down');
      return data.length > 0;
    },
  };
};
