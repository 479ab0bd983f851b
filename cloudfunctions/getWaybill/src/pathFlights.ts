// One getPath call at a time per waybill and user on one instance: callers that
// ask while a call is in flight share its answer instead of sending their own
// (fifty people opening one parcel's page at once cost one call). The call
// stops retrying only when every caller sharing it has left.
import type { RetryOutcome } from './callWithRetries';
import type { WeChatAnswer } from './transportPort';

type PathCall = (abandoned: () => boolean) => Promise<RetryOutcome<WeChatAnswer>>;

interface Flight {
  outcome: Promise<RetryOutcome<WeChatAnswer>>;
  /** Callers still waiting for it. */
  members: { count: number };
}

export interface FlightTicket {
  outcome: Promise<RetryOutcome<WeChatAnswer>>;
  /** The call was already in flight, started by another caller (with its own deadline). */
  joined: boolean;
  /** This caller no longer wants the answer. */
  leave(): void;
}

export class PathFlights {
  private readonly flights = new Map<string, Flight>();

  /** Joins the call in flight under `key`, or starts one with `call`. */
  join(key: string, call: PathCall): FlightTicket {
    let flight = this.flights.get(key);
    const joined = flight !== undefined;
    if (flight === undefined) {
      const members = { count: 0 };
      const outcome = call(() => members.count === 0).finally(() => {
        if (this.flights.get(key) === started) this.flights.delete(key);
      });
      outcome.catch(() => undefined); // a bug rejects it; every member awaits it, but all may have left
      const started: Flight = { outcome, members };
      this.flights.set(key, started);
      flight = started;
    }
    const { outcome, members } = flight;
    members.count += 1;
    let left = false;
    return {
      outcome,
      joined,
      leave: () => {
        if (left) return;
        left = true;
        members.count -= 1;
      },
    };
  }

  /** Calls in flight now (for tests). */
  get size(): number {
    return this.flights.size;
  }
}
