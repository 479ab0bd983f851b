// The emulator's data set: sandbox orders as WeChat would store them after
// addOrder. Every person, phone number and address here is made up
// (示例 = "example"); the label pages are still treated like real personal data
// by the code that handles them.

export interface Party {
  name: string;
  mobile: string;
  province: string;
  city: string;
  area: string;
  address: string;
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
}

const SENDER: Party = {
  name: '示例商店',
  mobile: '13800000001',
  province: '广东省',
  city: '深圳市',
  area: '南山区',
  address: '示例路 1 号 示例大厦 8 楼',
};

const BUYER_OPENID = 'oEMULATOR_BUYER_0001';

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
  },
];
