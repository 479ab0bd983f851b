// A stand-in for the merchant's orders collection (WAYBILL_ORDERS), for the
// service tests (functionHarness): documents of (order id, owner), a delay per
// lookup and an injected fault. The built function meets the emulator's
// database instead.
import type { OrderBook } from '../../cloudfunctions/getWaybill/src/orderOwnership';
import { standInDelay } from './deferred';

export interface MemoryOrderBook extends OrderBook {
  /** Each order document as [order id, owner's OPENID]. */
  orders: Array<[orderId: string, owner: string]>;
  /** Lookups as they started. */
  lookups: number;
  /** Milliseconds each lookup takes (default 0: the next turn of the event loop). */
  delayMs: number;
  /** Makes a lookup fail: return what to throw (an OrderBookFailure, or anything for a bug), undefined to answer. */
  fault?: (lookup: number) => unknown;
}

export function memoryOrderBook(orders: Array<[string, string]> = []): MemoryOrderBook {
  const book: MemoryOrderBook = {
    orders,
    lookups: 0,
    delayMs: 0,
    isOwnedBy: async (orderId, openid) => {
      const lookup = ++book.lookups;
      await standInDelay(book.delayMs);
      const fault = book.fault?.(lookup);
      if (fault !== undefined) throw fault;
      return book.orders.some(([id, owner]) => id === orderId && owner === openid);
    },
  };
  return book;
}
