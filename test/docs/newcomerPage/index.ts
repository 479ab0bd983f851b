// A page written from docs/integrate.md alone, as a newcomer would: copied into
// pages/shipment/ of a copy of the mini program by test/docs/integrate.test.ts.
import type { WaybillCard, WaybillErrorDetail, WaybillLoadDetail } from '../../components/waybill/index';

Component({
  data: { orderId: '', found: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orderId: query.orderId ?? '' });
    },
    onPullDownRefresh() {
      const card = this.selectComponent('#card') as unknown as WaybillCard;
      void card.refresh().then(() => wx.stopPullDownRefresh());
    },
    onLoaded(event: WechatMiniprogram.CustomEvent<WaybillLoadDetail>) {
      this.setData({ found: `找到运单 ${event.detail.waybill.waybillId}` });
    },
    onFailed(event: WechatMiniprogram.CustomEvent<WaybillErrorDetail>) {
      this.setData({ found: event.detail.text.title });
    },
  },
});
