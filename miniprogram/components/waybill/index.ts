// <waybill-card>: one waybill, its track, its errors in Chinese and (for the
// merchant's admins) its label, for any page. Properties in (order id,
// carrier, optional waybill id, whether to show the track, the label's print
// type), events out (loading, load, error, copy); it keeps no global state.
// It asks as soon as it has an order id and a carrier, again when they change,
// and when the host calls refresh() (pull-down) or its page is shown again;
// while a call is in flight it never sends a second one for the same request.
import type { GetWaybillRequest, Waybill } from '../../contract/getWaybillContract';
import { readAudience, type Audience } from './audience';
import { fetchWaybill, type FailureView, type WaybillOutcome } from './fetchWaybill';
import { unexpectedResult } from './failureView';
import { COPY_FAILED_TEXT } from './userText';
import { toWaybillView, type WaybillView } from './waybillView';

type Phase = 'idle' | 'loading' | 'success' | 'error';

/** `detail` of the `load` event. */
export interface WaybillLoadDetail {
  waybill: Waybill;
}

/** `detail` of the `error` event: the typed call's outcome, minus the waybill it does not have. */
export type WaybillErrorDetail = Exclude<WaybillOutcome, { kind: 'waybill' }>;

/** `detail` of the `copy` event: the waybill id, and whether WeChat took it (a failure also shows a toast). */
export interface WaybillCopyDetail {
  waybillId: string;
  copied: boolean;
}

/** `detail` of the `loading` event: the request now in flight. */
export interface WaybillLoadingDetail {
  request: GetWaybillRequest;
}

/** The component's public methods, for `this.selectComponent('#id') as WaybillCard`. */
export interface WaybillCard {
  /** Asks again for the current request (pull-down); resolves when the answer is shown. Sends nothing while a call is in flight. */
  refresh(): Promise<void>;
  /** Drops the call in flight: its answer will not be shown. */
  cancel(): void;
}

/** What the component keeps without rendering it (so it stays out of setData). */
interface Session {
  audience: Audience;
  /** Numbers the calls; only the current one's answer is shown. */
  ticket: number;
  /** The request (as a key) that the shown or pending answer belongs to; '' when there is none. */
  asked: string;
  /** The current call, while it is in flight. */
  pending: Promise<void> | null;
  /** Whether the shown answer is worth asking again when the page is shown again. */
  refreshOnShow: boolean;
}

const sessions = new WeakMap<object, Session>();

function sessionOf(card: object): Session {
  let session = sessions.get(card);
  if (session === undefined) {
    session = { audience: readAudience(), ticket: 0, asked: '', pending: null, refreshOnShow: false };
    sessions.set(card, session);
  }
  return session;
}

interface Properties {
  orderId: string;
  deliveryId: string;
  waybillId: string;
  showTrack: boolean;
  printType: number;
}

/** The request the properties describe, or null while the order id or the carrier is still empty. */
function requestOf(properties: Properties): GetWaybillRequest | null {
  if (properties.orderId === '' || properties.deliveryId === '') return null;
  const request: GetWaybillRequest = { orderId: properties.orderId, deliveryId: properties.deliveryId };
  if (properties.waybillId !== '') request.waybillId = properties.waybillId;
  if (properties.printType === 0 || properties.printType === 1) request.printType = properties.printType;
  if (properties.showTrack) request.includeTrack = true;
  return request;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

Component({
  properties: {
    orderId: { type: String, value: '' },
    deliveryId: { type: String, value: '' },
    /** Optional: '' means not given. */
    waybillId: { type: String, value: '' },
    showTrack: { type: Boolean, value: true },
    /** 1 一联单, 0 二联单; any other value leaves it to WeChat (二联单). */
    printType: { type: Number, value: -1 },
    /** The host shows the `error` event's `field` under its form field (as the demo page does): the card then says 按提示修改标红的内容. */
    markFields: { type: Boolean, value: false },
  },

  data: {
    phase: 'idle' as Phase,
    view: null as WaybillView | null,
    failure: null as FailureView | null,
  },

  observers: {
    'orderId, deliveryId, waybillId, showTrack, printType'() {
      this.follow();
    },
  },

  lifetimes: {
    attached() {
      this.follow();
    },
    detached() {
      this.drop();
    },
  },

  pageLifetimes: {
    show() {
      // Back on the page (from another page, or WeChat brought to the front): the parcel may have moved.
      const session = sessionOf(this);
      if (session.refreshOnShow && session.pending === null) void this.refresh();
    },
  },

  methods: {
    /** Starts a call when the request the properties describe is not the one already asked. */
    follow() {
      const session = sessionOf(this);
      const request = requestOf(this.data as unknown as Properties);
      const key = request === null ? '' : JSON.stringify(request);
      if (key === session.asked) return;
      this.drop();
      session.asked = key;
      if (request === null) {
        if (this.data.phase !== 'idle') this.setData({ phase: 'idle', view: null, failure: null });
        return;
      }
      void this.ask(request, false);
    },

    refresh(): Promise<void> {
      const session = sessionOf(this);
      if (session.pending !== null) return session.pending;
      const request = requestOf(this.data as unknown as Properties);
      if (request === null) return Promise.resolve();
      session.asked = JSON.stringify(request);
      return this.ask(request, this.data.phase === 'success');
    },

    /** Drops the answer of the call in flight; the card shows nothing until it is asked again (refresh, new properties, the page shown again). */
    cancel() {
      const session = sessionOf(this);
      const wasAsking = this.drop();
      if (!wasAsking) return;
      session.asked = '';
      session.refreshOnShow = true;
      if (this.data.phase === 'loading') this.setData({ phase: 'idle', view: null, failure: null });
    },

    /** Forgets the call in flight, if any, so that its answer is ignored; true when there was one. */
    drop(): boolean {
      const session = sessionOf(this);
      session.ticket += 1;
      const wasAsking = session.pending !== null;
      session.pending = null;
      return wasAsking;
    },

    /** `keepView`: the shown waybill stays while the same request is asked again (a refresh). */
    ask(request: GetWaybillRequest, keepView: boolean): Promise<void> {
      const session = sessionOf(this);
      session.ticket += 1;
      const ticket = session.ticket;
      session.refreshOnShow = false;
      if (!keepView) this.setData({ phase: 'loading', view: null, failure: null });
      this.triggerEvent('loading', { request } satisfies WaybillLoadingDetail);
      const pending = fetchWaybill(request, { audience: session.audience, marksFields: this.data.markFields }).then((outcome) => {
        if (ticket !== session.ticket) return; // a newer call, a changed request or cancel() replaced this one
        session.pending = null;
        this.showOutcome(outcome);
      });
      session.pending = pending;
      return pending;
    },

    showOutcome(outcome: WaybillOutcome) {
      const session = sessionOf(this);
      if (outcome.kind === 'waybill') {
        let view: WaybillView;
        try {
          view = toWaybillView(outcome.waybill, session.audience);
        } catch {
          // Shaped like a waybill but not one this component can draw: an older or different function.
          this.showOutcome({ kind: 'callFailed', problem: 'unexpectedResult', text: unexpectedResult(session.audience) });
          return;
        }
        session.refreshOnShow = true;
        this.setData({ phase: 'success', view, failure: null });
        this.triggerEvent('load', { waybill: outcome.waybill } satisfies WaybillLoadDetail);
        return;
      }
      session.refreshOnShow = outcome.text.retry;
      this.setData({ phase: 'error', view: null, failure: outcome.text });
      this.triggerEvent('error', outcome satisfies WaybillErrorDetail);
    },

    onRetry() {
      void this.refresh();
    },

    copyWaybillId() {
      const view = this.data.view;
      if (view === null || view.waybillId === '') return;
      const waybillId = view.waybillId;
      const audience = sessionOf(this).audience;
      let told = false;
      const tell = (copied: boolean): void => {
        if (told) return;
        told = true;
        if (!copied) {
          wx.showToast({
            title: audience === 'developer' ? COPY_FAILED_TEXT.developer : COPY_FAILED_TEXT.user,
            icon: 'none',
            duration: 2500,
          });
        }
        this.triggerEvent('copy', { waybillId, copied } satisfies WaybillCopyDetail);
      };
      // WeChat shows its own "内容已复制" toast on success. A failure (errno 112 when 剪切板 is not
      // declared in the privacy guide) comes through fail, or as a rejected promise on some base libraries.
      try {
        const pending: unknown = wx.setClipboardData({ data: waybillId, success: () => tell(true), fail: () => tell(false) });
        if (isThenable(pending)) pending.then(undefined, () => tell(false));
      } catch {
        tell(false);
      }
    },
  },
});
