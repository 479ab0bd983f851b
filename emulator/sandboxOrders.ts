// The emulator's data set: sandbox orders as WeChat would store them after
// addOrder, each with its track (what getPath answers). Every person, phone
// number and address here is made up (示例 = "example"); the label pages and
// track messages are still treated like real personal data by the code that
// handles them.

export interface Party {
  name: string;
  mobile: string;
  province: string;
  city: string;
  area: string;
  address: string;
}

/** One getPath event: action_time (Unix seconds), action_type, action_msg. */
export interface SandboxEvent {
  time: number;
  type: number;
  message: string;
}

export interface SandboxOrder {
  orderId: string;
  deliveryId: string;
  /** The carrier's name as printed on the label. */
  deliveryName: string;
  waybillId: string;
  /** 0 = normal, 1 = cancelled. */
  orderStatus: number;
  waybillData: ReadonlyArray<{ key: string; value: string }>;
  /** The user the order was created for (addOrder's openid). */
  openid: string;
  sender: Party;
  receiver: Party;
  goods: string;
  /** Oldest first, as a carrier reports them; getPath answers them in no particular order. */
  track: readonly SandboxEvent[];
  /** Events not reported yet: each advance (WeChat's test_update_order) adds the next one to the track. */
  upcoming?: readonly SandboxEvent[];
}

/** Unix seconds of a wall-clock time in China Standard Time (UTC+8), e.g. at('2026-11-20 09:15'). */
function at(chinaTime: string): number {
  return Date.parse(`${chinaTime.replace(' ', 'T')}:00+08:00`) / 1000;
}

const SENDER: Party = {
  name: '示例商店',
  mobile: '13800000001',
  province: '广东省',
  city: '深圳市',
  area: '南山区',
  address: '示例路 1 号 示例大厦 8 楼',
};

/** The user the sandbox orders were created for. */
export const BUYER_OPENID = 'oEMULATOR_BUYER_0001';

export const DEFAULT_ORDER_ID = 'TEST_ORDER_0001';

export const SANDBOX_ORDERS: readonly SandboxOrder[] = [
  {
    orderId: DEFAULT_ORDER_ID,
    deliveryId: 'TEST',
    deliveryName: '测试快递',
    waybillId: 'TEST_WB_0001',
    orderStatus: 0,
    waybillData: [{ key: 'TEST_mark', value: '测试-01' }],
    openid: BUYER_OPENID,
    sender: SENDER,
    receiver: {
      name: '张小明',
      mobile: '13800000002',
      province: '北京市',
      city: '北京市',
      area: '海淀区',
      address: '示例街道 12 号院 3 号楼 502',
    },
    goods: '书籍 x2',
    track: [
      { time: at('2026-11-20 09:15'), type: 100001, message: '【测试网点】已揽收' },
      { time: at('2026-11-20 18:40'), type: 200001, message: '快件已到达【测试转运中心】' },
      { time: at('2026-11-21 06:05'), type: 200001, message: '快件已从【测试转运中心】发出，下一站【北京海淀营业部】' },
      { time: at('2026-11-21 08:30'), type: 300002, message: '快递员示例（13800000009）正在派送' },
      { time: at('2026-11-21 14:02'), type: 300003, message: '已签收，签收人：本人' },
    ],
  },
  {
    orderId: 'SF_ORDER_0001',
    deliveryId: 'SF',
    deliveryName: '顺丰速运',
    waybillId: 'SF1400000000001',
    orderStatus: 0,
    waybillData: [
      { key: 'SF_bagAddr', value: '755WE' },
      { key: 'SF_mark', value: '755WE-022A' },
    ],
    openid: BUYER_OPENID,
    sender: SENDER,
    receiver: {
      name: '李晓华',
      mobile: '13800000003',
      province: '上海市',
      city: '上海市',
      area: '浦东新区',
      address: '示例大道 88 弄 6 号 1201',
    },
    goods: '茶叶 x1',
    track: [
      { time: at('2026-11-27 16:20'), type: 100001, message: '顺丰速运 已收取快件' },
      { time: at('2026-11-27 16:20'), type: 100003, message: '已分配快递员' },
      { time: at('2026-11-27 22:47'), type: 200001, message: '快件在【深圳宝安转运中心】完成分拣，准备发往【上海浦东转运中心】' },
    ],
    upcoming: [
      { time: at('2026-11-28 09:30'), type: 200001, message: '快件到达【上海浦东转运中心】' },
      { time: at('2026-11-28 13:10'), type: 300002, message: '快递员示例（13800000008）正在派送' },
      { time: at('2026-11-28 17:45'), type: 300003, message: '已签收，签收人：前台' },
    ],
  },
  {
    orderId: 'ZTO_ORDER_0001',
    deliveryId: 'ZTO',
    deliveryName: '中通快递',
    waybillId: '75300000000001',
    orderStatus: 0,
    waybillData: [
      { key: 'ZTO_bagAddr', value: '杭州中转 07' },
      { key: 'ZTO_mark', value: '300-B05 12' },
    ],
    openid: BUYER_OPENID,
    sender: SENDER,
    receiver: {
      name: '王芳芳',
      mobile: '13800000004',
      province: '浙江省',
      city: '杭州市',
      area: '西湖区',
      address: '示例路 256 号 示例小区 9 幢',
    },
    goods: '衣服 x3',
    track: [
      { time: at('2026-11-25 10:00'), type: 100001, message: '【杭州西湖】已揽收' },
      { time: at('2026-11-25 20:11'), type: 300001, message: '快件已进入【杭州中转部】（一个微信未写入文档的节点）' },
      { time: at('2026-11-26 07:45'), type: 400002, message: '快件滞留：收件地址不详，等待联系收件人' },
    ],
  },
  {
    orderId: 'TEST_ORDER_CANCELLED',
    deliveryId: 'TEST',
    deliveryName: '测试快递',
    waybillId: 'TEST_WB_0002',
    orderStatus: 1,
    waybillData: [{ key: 'TEST_mark', value: '测试-02' }],
    openid: BUYER_OPENID,
    sender: SENDER,
    receiver: { name: '赵子龙', mobile: '13800000005', province: '四川省', city: '成都市', area: '武侯区', address: '示例巷 7 号' },
    goods: '文具 x5',
    track: [
      { time: at('2026-11-18 11:00'), type: 100002, message: '揽件失败：寄件人不在' },
      { time: at('2026-11-18 11:30'), type: 400001, message: '订单已取消' },
    ],
  },
  {
    orderId: 'EMS_ORDER_0001',
    deliveryId: 'EMS',
    deliveryName: '中国邮政速递物流',
    waybillId: '1100000000001',
    orderStatus: 0,
    waybillData: [], // EMS is reported to send an empty waybill_data
    openid: BUYER_OPENID,
    sender: SENDER,
    receiver: {
      name: '陈静',
      mobile: '13800000006',
      province: '湖北省',
      city: '武汉市',
      area: '洪山区',
      address: '示例街 3 号 示例公寓 1 单元 101',
    },
    goods: '电子配件 x1',
    track: [], // just created: the carrier has reported nothing yet
    upcoming: [
      { time: at('2026-12-01 10:20'), type: 100001, message: '【武汉示例营业部】已收寄' },
      { time: at('2026-12-01 21:05'), type: 200001, message: '快件离开【武汉处理中心】，发往【北京处理中心】' },
    ],
  },
];

/**
 * The merchant's own cloud database as the emulator starts it: an `orders`
 * collection holding each sandbox order, owned (`_openid`, as when the buyer's
 * mini program added it) by the user it was created for, and an empty
 * `waybillTracks` collection for the stored tracks.
 */
export function sandboxCollections(): Record<string, Array<Record<string, unknown>>> {
  return {
    orders: SANDBOX_ORDERS.map((order) => ({
      _id: `order-${order.orderId}`,
      _openid: order.openid,
      orderNo: order.orderId,
      deliveryId: order.deliveryId,
      waybillId: order.waybillId,
      goods: order.goods,
    })),
    waybillTracks: [],
  };
}
