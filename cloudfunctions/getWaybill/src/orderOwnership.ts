// Whether the caller owns the order, asked of the merchant's own orders in the
// cloud database (WAYBILL_ORDERS). WeChat does not promise that getOrder checks
// the openid against the order, so with this setting on a non-admin sees an
// order only when the merchant's records say it is theirs. The answer is
// owner or not: "not yours" and "no such order" are one answer, so nothing
// here (result or log) tells a stranger which orders exist. Whatever keeps the
// database from answering fails closed. wxCloud.ts implements the port with
// wx-server-sdk; tests with fakes.
import type { CallerRole } from './accessPolicy';
import type { OrderCheckSettings } from './databaseSettings';
import { beforeDeadline, StoreFailure } from './trackStore';

/** The merchant's orders collection, as the settings name it. */
export interface OrderBook {
  /** True when a document has this order id and this owner; rejects with an OrderBookFailure. */
  /** Whether the order is the buyer's; what is still open at `deadlineAt`, when the check gives up, is closed. */
  isOwnedBy(orderId: string, openid: string, deadlineAt: number): Promise<boolean>;
}

export type OrderBookOf = (settings: Extract<OrderCheckSettings, { kind: 'on' }>) => OrderBook;

/** Why the database gave no answer: the collection or the permission is missing, or it failed, or it was too slow. */
export type OrderBookTrouble = 'noCollection' | 'noPermission' | 'down' | 'timeout';

export class OrderBookFailure extends Error {
  constructor(
    readonly trouble: OrderBookTrouble,
    /** The platform's code, where it gave one. */
    readonly errCode?: number,
  ) {
    super(`order book: ${trouble}${errCode === undefined ? '' : ` (${errCode})`}`);
    this.name = 'OrderBookFailure';
  }
}

/** Also `setting`: WAYBILL_ORDERS is set but unreadable; `noDatabase`: the function runs without a cloud database. */
export type OrderCheckTrouble = OrderBookTrouble | 'setting' | 'noDatabase';

/** What the check came to; `order` is the log line's word for it. */
export type OrderCheck =
  { order: 'owner' } | { order: 'unchecked' } | { order: 'stranger' } | { order: 'unavailable'; trouble: OrderCheckTrouble };

export const UNCHECKED: OrderCheck = { order: 'unchecked' };

/** The first retry waits 50 ms, then doubling: a dropped connection is often back by then. */
const RETRY_BASE_MS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function askOrderBook(book: OrderBook, orderId: string, openid: string, deadlineAt: number): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await beforeDeadline(book.isOwnedBy(orderId, openid, deadlineAt), deadlineAt);
    } catch (thrown) {
      // The deadline is the stored track's helper's: its timeout is this check's timeout.
      const failure = thrown instanceof StoreFailure && thrown.kind === 'timeout' ? new OrderBookFailure('timeout') : thrown;
      // A missing collection or permission needs the merchant, not another try; a bug is not retried either.
      if (!(failure instanceof OrderBookFailure) || failure.trouble !== 'down') throw failure;
      const delay = RETRY_BASE_MS * 2 ** (attempt - 1);
      if (Date.now() + delay >= deadlineAt) throw failure;
      await sleep(delay);
    }
  }
}

/**
 * Whether the caller may see `orderId`, by the settings: unchecked for admins
 * and when the check is off. Rejects only for a bug (the service reports it as
 * INTERNAL); the database's trouble is `unavailable`.
 */
export async function checkOwnership(
  settings: OrderCheckSettings,
  book: OrderBook | undefined,
  caller: { role: CallerRole; openid: string | undefined },
  orderId: string,
  deadlineAt: number,
): Promise<OrderCheck> {
  if (caller.role === 'admin' || settings.kind === 'off') return UNCHECKED;
  if (settings.kind === 'unreadable') return { order: 'unavailable', trouble: 'setting' };
  if (book === undefined) return { order: 'unavailable', trouble: 'noDatabase' };
  if (caller.openid === undefined) return { order: 'stranger' };
  try {
    return (await askOrderBook(book, orderId, caller.openid, deadlineAt)) ? { order: 'owner' } : { order: 'stranger' };
  } catch (failure) {
    if (failure instanceof OrderBookFailure) return { order: 'unavailable', trouble: failure.trouble };
    throw failure;
  }
}
