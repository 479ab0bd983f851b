// The emulator's cloud database driven by the real wx-server-sdk 4.0.2:
// `cloud.database()` in this process, pointed at the emulator's service
// endpoint the way the built function is (cloudEnv), so every request and
// answer goes through the SDK's own serializers and error mapping.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import cloud = require('wx-server-sdk');
import { applyEnv } from '../../emulator/cloudCallCodec';
import { startEmulatorServer, type DatabaseFault, type EmulatorServer } from '../../emulator/emulatorServer';
import { BUYER_OPENID, SANDBOX_ORDERS } from '../../emulator/sandboxOrders';
import { ADMIN } from '../support/people';

type Doc = Record<string, unknown>;
interface SdkError {
  errCode: number;
  errMsg: string;
}

const SERVER_NOW = Date.parse('2026-12-01T08:00:00Z');
let server: EmulatorServer;
let restoreEnv: () => void;
cloud.init({ env: 'emulator-env' });
const db = cloud.database();
const _ = db.command;
// The SDK takes an offset in ms; its typings do not say so.
const serverDate = db.serverDate as (options?: { offset: number }) => ReturnType<typeof db.serverDate>;

beforeAll(async () => {
  server = await startEmulatorServer({ now: () => SERVER_NOW });
  // SILENCE: the SDK's 3 s slow-request warning timer would outlive a dropped connection.
  restoreEnv = applyEnv({ ...server.cloudEnv({ openid: ADMIN }), SILENCE: 'true' });
});
afterAll(async () => {
  restoreEnv();
  await server.close();
});

let collectionName: string;
let seq = 0;
beforeEach(() => {
  collectionName = `things${++seq}`;
  server.database.store.setCollection(collectionName, [
    { _id: 'a', n: 1, tag: 'x', list: [] },
    { _id: 'b', n: 5, tag: 'y', list: [] },
    { _id: 'c', n: 9, tag: 'z', list: [] },
  ]);
  server.database.fault = undefined;
  server.database.latencyMs = 0;
});
const things = () => db.collection(collectionName);
const stored = (id: string): Doc | undefined => server.database.store.documents(collectionName)?.find((doc) => doc._id === id);
const failure = (promise: unknown): Promise<SdkError> =>
  (promise as Promise<unknown>).then(
    () => Promise.reject(new Error('expected the SDK to reject')),
    (error: SdkError) => error,
  );

describe('documents', () => {
  test('add stores the document; doc().get() returns it with its dates, and serverDate is the server clock', async () => {
    const sent = new Date('2026-11-30T01:02:03Z');
    const added = (await things().add({ data: { n: 42, sent, at: db.serverDate(), later: serverDate({ offset: 1000 }) } })) as {
      _id: string;
    };
    expect(added._id).toMatch(/^[0-9a-f]{32}$/);
    const got = (await things().doc(added._id).get()) as { data: Doc };
    expect(got.data).toEqual({ _id: added._id, n: 42, sent, at: new Date(SERVER_NOW), later: new Date(SERVER_NOW + 1000) });
  });

  test('doc().get() of a missing document rejects, as the SDK does by default', async () => {
    const error = await failure(things().doc('nope').get());
    expect(String(error)).toContain('does not exist');
  });

  test('where() with _.gt and _.in, orderBy and limit', async () => {
    const got = (await things()
      .where({ n: _.gt(2), tag: _.in(['y', 'z']) })
      .orderBy('n', 'desc')
      .limit(1)
      .get()) as { data: Doc[] };
    expect(got.data.map((doc) => doc._id)).toEqual(['c']);
    const all = (await things()
      .where({ n: _.gt(2) })
      .orderBy('n', 'asc')
      .get()) as { data: Doc[] };
    expect(all.data.map((doc) => doc._id)).toEqual(['b', 'c']);
  });

  test('count() counts the matches', async () => {
    expect(
      await things()
        .where({ n: _.lt(6) })
        .count(),
    ).toMatchObject({ total: 2 });
  });

  test('update applies _.set, _.inc and _.push; a document that is not there is updated 0 times', async () => {
    const result = await things()
      .doc('a')
      .update({ data: { tag: _.set('new'), n: _.inc(2), list: _.push(['p', 'q']), at: db.serverDate() } });
    expect(result).toMatchObject({ stats: { updated: 1 } });
    expect(stored('a')).toEqual({ _id: 'a', n: 3, tag: 'new', list: ['p', 'q'], at: new Date(SERVER_NOW) });
    expect(
      await things()
        .doc('nope')
        .update({ data: { n: 1 } }),
    ).toMatchObject({ stats: { updated: 0 } });
    expect(stored('nope')).toBeUndefined();
  });

  test('where().update updates every match; a condition matching nothing updates none', async () => {
    expect(
      await things()
        .where({ n: _.gte(5) })
        .update({ data: { tag: 'big' } }),
    ).toMatchObject({ stats: { updated: 2 } });
    expect([stored('a')?.tag, stored('b')?.tag, stored('c')?.tag]).toEqual(['x', 'big', 'big']);
    expect(
      await things()
        .where({ n: _.gt(100) })
        .update({ data: { tag: 'huge' } }),
    ).toMatchObject({ stats: { updated: 0 } });
  });

  test('set() replaces a document whole, and creates one that is not there', async () => {
    expect(
      await things()
        .doc('a')
        .set({ data: { only: true } }),
    ).toMatchObject({ stats: { updated: 1, created: 0 } });
    expect(stored('a')).toEqual({ _id: 'a', only: true });
    expect(
      await things()
        .doc('new')
        .set({ data: { n: 7 } }),
    ).toMatchObject({ stats: { created: 1 } });
    expect(stored('new')).toEqual({ _id: 'new', n: 7 });
  });

  test('remove() by document and by condition', async () => {
    expect(await things().doc('a').remove()).toMatchObject({ stats: { removed: 1 } });
    expect(
      await things()
        .where({ n: _.gt(1) })
        .remove(),
    ).toMatchObject({ stats: { removed: 2 } });
    expect(server.database.store.documents(collectionName)).toEqual([]);
  });

  test('modifyAndReturnDoc answers the updated document', async () => {
    const answer = await server.database.store.answer('database.modifyAndReturnDoc', {
      collectionName,
      query: JSON.stringify({ _id: 'b' }),
      data: JSON.stringify({ $inc: { n: 1 } }),
    });
    expect(answer).toMatchObject({ data: { updated: 1, doc: expect.stringContaining('"n":{"$numberInt":"6"}') } });
  });
});

describe('platform errors and faults, as the SDK reports them', () => {
  test('a collection that does not exist: -502005', async () => {
    const error = await failure(db.collection('noSuchCollection').where({}).get());
    expect(error.errCode).toBe(-502005);
    expect(error.errMsg).toContain('Db or Table not exist');
    expect((await failure(db.collection('noSuchCollection').add({ data: { n: 1 } }))).errCode).toBe(-502005);
  });

  test.each<[DatabaseFault, number]>([
    ['noPermission', -502003],
    ['missingCollection', -502005],
    ['down', -501001],
    ['http503', -1], // the SDK parses the gateway's HTML page as JSON and fails with -1
  ])('fault %s: %d, and only on the collection named', async (kind, errCode) => {
    server.database.fault = { kind, collection: collectionName };
    expect((await failure(things().doc('a').get())).errCode).toBe(errCode);
    expect(await db.collection('orders').count()).toMatchObject({ total: SANDBOX_ORDERS.length });
  });

  test('latency delays each database action, not openapi calls', async () => {
    server.database.latencyMs = 300;
    const started = Date.now();
    await things().doc('a').get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(server.database.actions.at(-1)).toMatchObject({ action: 'database.getDocument', collection: collectionName });
  });
});

describe('transactions', () => {
  test('runTransaction reads its own writes and commits them together', async () => {
    const result = await db.runTransaction(
      async (transaction: ReturnType<typeof db.startTransaction> extends Promise<infer T> ? T : never) => {
        const a = (await transaction.collection(collectionName).doc('a').get()) as { data: Doc };
        await transaction
          .collection(collectionName)
          .doc('a')
          .update({ data: { n: _.inc(10) } });
        await transaction.collection(collectionName).add({ data: { _id: 'd', copied: a.data.n } });
        const again = (await transaction.collection(collectionName).doc('a').get()) as { data: Doc };
        expect(stored('a')?.n).toBe(1); // not visible outside before the commit
        return again.data.n;
      },
    );
    expect(result).toBe(11);
    expect([stored('a')?.n, stored('d')?.copied]).toEqual([11, 1]);
  });

  test('two transactions writing one document: the first commits, the second gets a conflict (-501001) and changes nothing', async () => {
    const first = await db.startTransaction();
    const second = await db.startTransaction();
    await first
      .collection(collectionName)
      .doc('a')
      .update({ data: { n: 100 } });
    const error = await failure(
      second
        .collection(collectionName)
        .doc('a')
        .update({ data: { n: 200 } }),
    );
    expect(error.errCode).toBe(-501001);
    expect(error.errMsg).toContain('database transaction conflict');
    await first.commit();
    expect(stored('a')?.n).toBe(100);
    // The conflict ended the second transaction: it cannot commit what it wrote.
    await expect(second.commit()).rejects.toBeDefined();
    expect(stored('a')?.n).toBe(100);
  });

  test('runTransaction against a held document rejects with the conflict and leaves the holder to commit', async () => {
    const holder = await db.startTransaction();
    await holder
      .collection(collectionName)
      .doc('b')
      .update({ data: { n: _.inc(1) } });
    const error = await failure(
      db.runTransaction(async (transaction: typeof holder) =>
        transaction
          .collection(collectionName)
          .doc('b')
          .update({ data: { n: 0 } }),
      ),
    );
    expect(error.errCode).toBe(-501001);
    await holder.commit();
    expect(stored('b')?.n).toBe(6);
  });

  test('a document changed after the transaction started conflicts, even once the change is committed', async () => {
    const late = await db.startTransaction();
    await things()
      .doc('c')
      .update({ data: { n: 10 } });
    expect(
      (
        await failure(
          late
            .collection(collectionName)
            .doc('c')
            .update({ data: { n: 0 } }),
        )
      ).errCode,
    ).toBe(-501001);
    expect(stored('c')?.n).toBe(10);
  });

  test('a write outside any transaction waits for the holder, then applies on top of its commit', async () => {
    const holder = await db.startTransaction();
    await holder
      .collection(collectionName)
      .doc('a')
      .update({ data: { n: 50 } });
    const plain = things()
      .doc('a')
      .update({ data: { n: _.inc(1) } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stored('a')?.n).toBe(1);
    await holder.commit();
    await plain;
    expect(stored('a')?.n).toBe(51);
  });

  test('concurrent read-compare-write transactions, each retried on conflict, end at the highest version', async () => {
    type Transaction = Awaited<ReturnType<typeof db.startTransaction>>;
    const versions = [...Array(24).keys()].map((i) => ((i * 7) % 12) + 1); // 1..12, shuffled, each twice
    let conflicts = 0;
    const push = async (version: number): Promise<void> => {
      for (;;) {
        try {
          await db.runTransaction(async (transaction: Transaction) => {
            const doc = transaction.collection(collectionName).doc('a');
            const current = (await doc.get()) as { data: Doc };
            if ((current.data.n as number) < version) await doc.set({ data: { n: version } });
          });
          return;
        } catch (error) {
          if ((error as SdkError).errCode !== -501001) throw error;
          conflicts++;
        }
      }
    };
    await Promise.all(versions.map(push));
    expect(stored('a')).toEqual({ _id: 'a', n: 12 });
    expect(conflicts).toBeGreaterThan(0); // they did run at once
  });

  test('an add outside a transaction waits for a transaction adding the same id, then finds it taken (-502001)', async () => {
    const holder = await db.startTransaction();
    await holder.collection(collectionName).add({ data: { _id: 'new', by: 'transaction' } });
    const plain = failure(things().add({ data: { _id: 'new', by: 'plain' } }));
    await holder.commit();
    expect(await plain).toMatchObject({ errCode: -502001, errMsg: expect.stringContaining('duplicate key') });
    expect(stored('new')).toEqual({ _id: 'new', by: 'transaction' });
  });

  test('an aborted transaction leaves nothing behind', async () => {
    const transaction = await db.startTransaction();
    await transaction.collection(collectionName).doc('a').remove();
    await transaction.rollback();
    expect(stored('a')).toMatchObject({ n: 1 });
  });
});

describe('the seed and the file', () => {
  test('orders holds each sandbox order, owned by its buyer; waybillTracks starts empty', async () => {
    const orders = (await db.collection('orders').where({ _openid: BUYER_OPENID }).limit(1000).get()) as { data: Doc[] };
    expect(orders.data.map((doc) => doc.orderNo).sort()).toEqual(SANDBOX_ORDERS.map((order) => order.orderId).sort());
    expect(await db.collection('orders').where({ _openid: ADMIN }).count()).toMatchObject({ total: 0 });
    expect(await db.collection('waybillTracks').count()).toMatchObject({ total: 0 });
  });

  test('with databaseFile, a second emulator sees what the first stored', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emulator-db-'));
    const file = path.join(dir, 'emulator-db.json');
    const servers: EmulatorServer[] = [];
    try {
      servers.push(await startEmulatorServer({ databaseFile: file, now: () => SERVER_NOW }));
      const restore = applyEnv(servers[0].cloudEnv({ openid: ADMIN }));
      try {
        await db
          .collection('waybillTracks')
          .doc('TEST:TEST_WB_0001')
          .set({ data: { version: 3, at: db.serverDate() } });
      } finally {
        restore();
      }
      await servers[0].close();
      servers.push(await startEmulatorServer({ databaseFile: file }));
      const [track] = servers[1].database.store.documents('waybillTracks') ?? [];
      expect({ ...track, at: (track.at as Date).getTime() }).toEqual({ _id: 'TEST:TEST_WB_0001', version: 3, at: SERVER_NOW });
      expect(servers[1].database.store.documents('orders')).toHaveLength(SANDBOX_ORDERS.length);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
