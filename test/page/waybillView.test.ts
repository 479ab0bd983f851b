// The page's pure parts: the view model of a waybill, and what a failure reads as.
import type { Waybill } from '../../miniprogram/contract/getWaybillContract';
import { cloudInitOptions } from '../../miniprogram/cloudEnv';
import { carrierName } from '../../miniprogram/pages/waybill/carriers';
import { fromRejectedCall, fromWaybillError } from '../../miniprogram/pages/waybill/failureView';
import { labelForRichText, toWaybillView } from '../../miniprogram/pages/waybill/waybillView';

function waybill(overrides: Partial<Waybill> = {}): Waybill {
  return {
    orderId: 'o-1',
    deliveryId: 'ZTO',
    waybillId: 'ZT1',
    orderStatus: 0,
    status: 'normal',
    waybillData: [
      { key: 'ZTO_mark', value: '300-A1 02', label: '三段码' },
      { key: 'ZTO_new', value: 'x' },
    ],
    labelHtml: null,
    labelWithheld: true,
    ...overrides,
  };
}

describe('toWaybillView', () => {
  test('keeps only what the page shows, rows in WeChat’s order with label or key', () => {
    expect(toWaybillView(waybill())).toEqual({
      waybillId: 'ZT1',
      carrier: '中通 ZTO',
      statusText: '正常',
      statusTone: 'normal',
      rows: [
        { name: '三段码', value: '300-A1 02' },
        { name: 'ZTO_new', value: 'x' },
      ],
      labelState: 'withheld',
    });
  });

  test('the label is carried once, as rich-text can render it', () => {
    const view = toWaybillView(
      waybill({
        labelWithheld: false,
        labelHtml: '<html><head><style>p{}</style></head><body class="b"><p>收件人</p><script>x()</script></body></html>',
      }),
    );
    expect(view.labelState).toBe('shown');
    expect(view.labelHtml).toBe('<p>收件人</p>');
  });

  test('a label with nothing rich-text can show reads as absent', () => {
    const view = toWaybillView(waybill({ labelWithheld: false, labelHtml: '<html><head><title>t</title></head><body> </body></html>' }));
    expect(view.labelState).toBe('absent');
    expect(view).not.toHaveProperty('labelHtml');
  });

  test('why a label is missing comes from the contract', () => {
    expect(toWaybillView(waybill({ labelWithheld: false, labelUnavailable: 'invalid' })).labelState).toBe('invalid');
    expect(toWaybillView(waybill({ labelWithheld: false })).labelState).toBe('absent');
  });

  test('status words are the API’s own: 正常, 已取消, or the unknown number', () => {
    expect(toWaybillView(waybill({ orderStatus: 1, status: 'cancelled' })).statusText).toBe('已取消');
    expect(toWaybillView(waybill({ orderStatus: -1, status: 'unknown' })).statusText).toBe('未知状态（-1）');
  });
});

describe('labelForRichText', () => {
  test('a fragment without a body keeps its markup, minus head, style and script', () => {
    expect(labelForRichText('<head><title>x</title></head><style>a{}</style><div>A</div><SCRIPT src=x></SCRIPT>')).toBe('<div>A</div>');
  });
});

describe('carrierName', () => {
  test('a listed carrier reads in Chinese, any other by its id', () => {
    expect(carrierName('JTSD')).toBe('极兔 JTSD');
    expect(carrierName('ZJS')).toBe('ZJS');
  });
});

describe('failure messages', () => {
  test('a function error keeps its message, code and retryability', () => {
    expect(
      fromWaybillError({ code: 'NOT_CONFIGURED', message: 'Add logistics.getOrder to config.json.', retryable: false, errCode: -604101 }),
    ).toEqual({
      message: 'Add logistics.getOrder to config.json.',
      detail: 'NOT_CONFIGURED · -604101',
      retryable: false,
    });
  });

  test.each([
    [
      'function not deployed',
      { errCode: -501000, errMsg: 'cloud.callFunction:fail [ResourceNotFound] FunctionName parameter could not be found.' },
      '还没有部署',
    ],
    ['no cloud environment', { errMsg: "Cloud API isn't enabled, please call wx.cloud.init prior to any cloud API call" }, '云开发环境'],
    ['cloud not opened', { errCode: -601034, errMsg: 'cloud.callFunction:fail 没有权限，请先开通云开发或者云托管' }, '云开发环境'],
    ['function timed out', { errMsg: 'cloud.callFunction:fail Invoking task timed out after 3 seconds' }, '超时'],
    ['no network', new Error('cloud.callFunction:fail request:fail'), '网络'],
    ['anything else', 'boom', '无法调用'],
  ])('a rejected call names the likely cause: %s', (_cause, reason, words) => {
    const failure = fromRejectedCall(reason);
    expect(failure.message).toContain(words);
    expect(failure.retryable).toBe(true);
  });

  test('the technical detail is kept short', () => {
    expect(fromRejectedCall({ errMsg: 'x'.repeat(1000) }).detail.length).toBeLessThanOrEqual(160);
  });
});

describe('cloudInitOptions', () => {
  test('no env id means WeChat’s default environment; a pinned id is passed on; users are traced', () => {
    expect(cloudInitOptions('')).toEqual({ traceUser: true });
    expect(cloudInitOptions('prod-1a2b')).toEqual({ env: 'prod-1a2b', traceUser: true });
  });
});
