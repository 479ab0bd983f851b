// The emulator playing WeChat's test_update_order: a sandbox parcel moves on by
// one event, getPath answers it from then on, and the add_express_path push is
// built the way WeChat sends it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulatorServer, type EmulatorServer } from '../../emulator/emulatorServer';
import { BUYER_OPENID } from '../../emulator/sandboxOrders';

const NOW = Date.parse('2026-12-02T03:04:05Z');
const servers: EmulatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
const start = async (databaseFile?: string): Promise<EmulatorServer> => {
  const server = await startEmulatorServer({ now: () => NOW, databaseFile });
  servers.push(server);
  return server;
};

/** getPath over the emulator's HTTPS API: the messages, sorted (getPath answers in no order). */
async function pathMessages(server: EmulatorServer, deliveryId: string, waybillId: string): Promise<string[]> {
  const post = async (url: string, body: object): Promise<Record<string, unknown>> =>
    (await fetch(`${server.baseUrl}${url}`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;
  const { access_token: token } = await post('/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid: server.appid,
    secret: server.secret,
  });
  const answer = await post(`/cgi-bin/express/business/path/get?access_token=${String(token)}`, {
    delivery_id: deliveryId,
    waybill_id: waybillId,
  });
  const items = answer.path_item_list as Array<{ action_time: number; action_msg: string }>;
  return items.map((item) => item.action_msg).sort();
}

test('the push is the whole history as WeChat sends it, and getPath gains the new event', async () => {
  const server = await start();
  expect(await pathMessages(server, 'SF', 'SF1400000000001')).toHaveLength(3);
  const push = server.advanceParcel('SF_ORDER_0001');
  expect(push).toEqual({
    ToUserName: 'gh_000000000000',
    FromUserName: BUYER_OPENID,
    CreateTime: Math.floor(NOW / 1000),
    MsgType: 'event',
    Event: 'add_express_path',
    DeliveryID: 'SF',
    WayBillId: 'SF1400000000001',
    OrderId: 'SF_ORDER_0001',
    Version: 4,
    Count: 4,
    Actions: expect.any(Array),
  });
  expect(push.Actions.map((action) => action.ActionType)).toEqual([100001, 100003, 200001, 200001]);
  expect(push.Actions.at(-1)?.ActionMsg).toBe('快件到达【上海浦东转运中心】');
  expect(await pathMessages(server, 'SF', 'SF1400000000001')).toEqual(push.Actions.map((action) => action.ActionMsg).sort());
});

test('each advance grows the version by one, until the parcel has nothing left to report', async () => {
  const server = await start();
  const versions = [1, 2].map(() => server.advanceParcel('EMS_ORDER_0001').Version);
  expect(versions).toEqual([1, 2]);
  expect(() => server.advanceParcel('EMS_ORDER_0001')).toThrow('EMS_ORDER_0001 has no more events to report (these can: SF_ORDER_0001)');
  expect(() => server.advanceParcel('TEST_ORDER_0001')).toThrow('has no more events');
  expect(() => server.advanceParcel('NO_SUCH_ORDER')).toThrow('NO_SUCH_ORDER is not a sandbox order');
});

test('with a database file, the next run goes on from where the last one left the parcel', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'emulator-parcels-'));
  try {
    const first = await start(path.join(dir, 'db.json'));
    first.advanceParcel('SF_ORDER_0001');
    await first.close();
    const second = await start(path.join(dir, 'db.json'));
    expect(await pathMessages(second, 'SF', 'SF1400000000001')).toHaveLength(4);
    expect(second.advanceParcel('SF_ORDER_0001').Version).toBe(5);
    const fresh = await start();
    expect(fresh.advanceParcel('SF_ORDER_0001').Version).toBe(4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
