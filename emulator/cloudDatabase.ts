// The cloud database as `cloud.database()` in wx-server-sdk 4.0.2 reaches it:
// the database.* actions @cloudbase/database posts to the service endpoint
// (JSON bodies whose queries and documents are EJSON strings), answered the
// way TCB answers them. Matching, sorting, projection and update operators are
// mingo's (MongoDB's semantics, a kept library); this file adds only what TCB
// adds around them: collections that must exist, serverDate, transactions on
// single documents, and an optional JSON file so that several runs share state.
//
// Transactions behave like MongoDB's: reads see committed data and the
// transaction's own writes; the first transaction to write a document holds it
// until it ends, and a transaction writing a document that another holds, or
// that changed after it started, gets DATABASE_TRANSACTION_CONFLICT and is
// aborted. A write outside any transaction waits for the holder to end.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BSONRegExp, EJSON } from 'bson';
import { find, update } from 'mingo';

type Doc = Record<string, unknown>;

/** TCB's JSON answer to one action: `code` and `message` when it failed. */
type DatabaseAnswer = Record<string, unknown>;

interface CloudDatabaseOptions {
  /** Collections and their documents on a fresh start (a file's own collections win). */
  seed?: Readonly<Record<string, readonly Doc[]>>;
  /** Load from and save to this JSON file (EJSON), so that runs share state; in memory only when absent. */
  file?: string;
  /** The clock of db.serverDate(); injectable for tests. */
  now?: () => number;
}

export interface CloudDatabase {
  /** Answers one action, e.g. ('database.getDocument', the request's JSON body). */
  answer(action: string, params: Record<string, unknown>): Promise<DatabaseAnswer>;
  /** A collection's committed documents (copies), or undefined when it does not exist. */
  documents(collection: string): Doc[] | undefined;
  /** Creates a collection, or empties one that exists; undefined removes it. */
  setCollection(collection: string, documents: readonly Doc[] | undefined): void;
  /** Emulator state kept in the same file as the collections (the sandbox parcels' progress). */
  readonly extra: Record<string, unknown>;
  /** Writes the file now (after changing `extra`). */
  save(): void;
  close(): void;
}

/** How long an open transaction lives before the database aborts it (MongoDB's default is 60 s). */
const TRANSACTION_LIFETIME_MS = 30_000;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** TCB's codes and messages for the platform errors the emulator plays (wx-server-sdk maps the codes to -502005, -502003, and -501001 for a conflict). */
export const PLATFORM_ERRORS = {
  missingCollection: {
    code: 'DATABASE_COLLECTION_NOT_EXIST',
    message: '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us.',
  },
  noPermission: { code: 'DATABASE_PERMISSION_DENIED', message: 'Permission denied' },
  conflict: { code: 'DATABASE_TRANSACTION_CONFLICT', message: 'database transaction conflict' },
} as const;

class DatabaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const platformError = (kind: keyof typeof PLATFORM_ERRORS): DatabaseError =>
  new DatabaseError(PLATFORM_ERRORS[kind].code, PLATFORM_ERRORS[kind].message);

interface Stored {
  /** null: removed, kept so that a transaction that read it sees the conflict. */
  doc: Doc | null;
  /** The commit that wrote it. */
  seq: number;
}

interface Transaction {
  id: string;
  startSeq: number;
  /** Keyed like `locks`. */
  writes: Map<string, { collection: string; id: unknown; doc: Doc | null }>;
  ended: Promise<void>;
  end(): void;
  timer: ReturnType<typeof setTimeout>;
}

const keyOf = (collection: string, id: unknown): string => `${collection}\u0000${typeof id}:${String(id)}`;

/** EJSON text from the SDK as plain values: regular expressions as RegExp, serverDate as the server's time. */
function parseEjson(text: unknown, now: number): unknown {
  if (typeof text !== 'string' || text === '') return {};
  const revive = (value: unknown): unknown => {
    if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^gimsuy]/g, ''));
    if (Array.isArray(value)) return value.map(revive);
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
    const record = value as Record<string, unknown>;
    const serverDate = record.$tcb_server_date as { offset?: unknown } | undefined;
    if (serverDate !== undefined) return new Date(now + (typeof serverDate.offset === 'number' ? serverDate.offset : 0));
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, revive(inner)]));
  };
  try {
    return revive(EJSON.parse(text, { relaxed: true }));
  } catch (error) {
    throw new DatabaseError('INVALID_PARAM', `not EJSON: ${(error as Error).message}`);
  }
}

const asDoc = (value: unknown, what: string): Doc => {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new DatabaseError('INVALID_PARAM', `${what} must be an object`);
  return value as Doc;
};

const toEjson = (doc: Doc): string => EJSON.stringify(doc, { relaxed: false });

export function createCloudDatabase(options: CloudDatabaseOptions = {}): CloudDatabase {
  const now = options.now ?? Date.now;
  const collections = new Map<string, Map<unknown, Stored>>();
  const transactions = new Map<string, Transaction>();
  const locks = new Map<string, Transaction>();
  let seq = 0;
  let extra: Record<string, unknown> = {};

  const fill = (name: string, docs: readonly Doc[]): void => {
    collections.set(name, new Map(docs.map((doc) => [doc._id, { doc: structuredClone(doc), seq: 0 }])));
  };
  if (options.file !== undefined && fs.existsSync(options.file)) {
    const saved = parseEjson(fs.readFileSync(options.file, 'utf8'), now()) as {
      collections?: Record<string, Doc[]>;
      extra?: Record<string, unknown>;
    };
    for (const [name, docs] of Object.entries(saved.collections ?? {})) fill(name, docs);
    extra = saved.extra ?? {};
  }
  for (const [name, docs] of Object.entries(options.seed ?? {})) if (!collections.has(name)) fill(name, docs);

  function save(): void {
    if (options.file === undefined) return;
    const snapshot = Object.fromEntries([...collections].map(([name, docs]) => [name, live(docs)]));
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    const temporary = `${options.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, EJSON.stringify({ collections: snapshot, extra }, undefined, 1, { relaxed: true }));
    fs.renameSync(temporary, options.file);
  }

  function live(docs: Map<unknown, Stored>): Doc[] {
    const out: Doc[] = [];
    for (const stored of docs.values()) if (stored.doc !== null) out.push(stored.doc);
    return out;
  }

  function collectionOf(name: unknown): Map<unknown, Stored> {
    const docs = typeof name === 'string' ? collections.get(name) : undefined;
    if (docs === undefined) throw platformError('missingCollection');
    return docs;
  }

  function transactionOf(id: unknown): Transaction | undefined {
    if (id === undefined || id === null || id === '') return undefined;
    const transaction = transactions.get(String(id));
    if (transaction === undefined)
      throw new DatabaseError('DATABASE_REQUEST_FAILED', 'transaction not found: it committed, aborted or expired');
    return transaction;
  }

  /** The documents a reader sees: committed ones, overlaid with the transaction's own writes. */
  function visible(name: string, docs: Map<unknown, Stored>, transaction: Transaction | undefined): Doc[] {
    if (transaction === undefined) return live(docs);
    const own = [...transaction.writes.values()].filter((write) => write.collection === name);
    if (own.length === 0) return live(docs);
    const overlaid = new Map([...docs].map(([id, stored]) => [id, stored.doc]));
    for (const write of own) overlaid.set(write.id, write.doc);
    return [...overlaid.values()].filter((doc): doc is Doc => doc !== null);
  }

  function endTransaction(transaction: Transaction): void {
    clearTimeout(transaction.timer);
    transactions.delete(transaction.id);
    for (const [key, holder] of locks) if (holder === transaction) locks.delete(key);
    transaction.end();
  }

  /** Takes the document for the transaction, or aborts it with a conflict. */
  function claim(transaction: Transaction, name: string, docs: Map<unknown, Stored>, id: unknown): void {
    const key = keyOf(name, id);
    const holder = locks.get(key);
    if ((holder !== undefined && holder !== transaction) || (docs.get(id)?.seq ?? 0) > transaction.startSeq) {
      endTransaction(transaction);
      throw platformError('conflict');
    }
    locks.set(key, transaction);
  }

  /** A transaction holding one of these documents, if any. */
  const heldIds = (name: string, targets: Doc[]): Transaction | undefined =>
    targets.map((doc) => locks.get(keyOf(name, doc._id))).find((held) => held !== undefined);

  /** Outside a transaction: waits until no transaction holds any of the documents `pick` chooses, then returns them. */
  async function unheld(name: string, pick: () => Doc[]): Promise<Doc[]> {
    let targets = pick();
    for (let holder = heldIds(name, targets); holder !== undefined; holder = heldIds(name, targets)) {
      await holder.ended;
      targets = pick();
    }
    return targets;
  }

  function write(name: string, docs: Map<unknown, Stored>, id: unknown, doc: Doc | null, transaction: Transaction | undefined): void {
    if (transaction !== undefined) {
      claim(transaction, name, docs, id);
      transaction.writes.set(keyOf(name, id), { collection: name, id, doc });
      return;
    }
    seq++;
    if (doc === null && transactions.size === 0) docs.delete(id);
    else docs.set(id, { doc, seq });
  }

  /** The documents an action is about: all matches, or the first when `multi` is false (a doc() action sends false). */
  async function targets(name: string, docs: Map<unknown, Stored>, params: Record<string, unknown>, transaction: Transaction | undefined) {
    const query = asDoc(parseEjson(params.query, now()), 'query');
    const pick = (): Doc[] => {
      const found = find(visible(name, docs, transaction), query).all() as Doc[];
      return params.multi === false ? found.slice(0, 1) : found;
    };
    return { query, found: transaction === undefined ? await unheld(name, pick) : pick() };
  }

  /** The next version of `doc` under `data`: update operators (merge), or the whole new content (set). */
  function changed(doc: Doc, data: Doc, replace: boolean): Doc | null {
    if (replace) {
      const next = { ...data, _id: doc._id };
      return toEjson(next) === toEjson(doc) ? null : next;
    }
    const next = structuredClone(doc);
    return update(next, data, undefined, undefined, { cloneMode: 'deep' }).length > 0 ? next : null;
  }

  const actions: Record<string, (params: Record<string, unknown>) => Promise<DatabaseAnswer> | DatabaseAnswer> = {
    'database.startTransaction'() {
      let end = (): void => undefined;
      const ended = new Promise<void>((resolve) => (end = resolve));
      const transaction: Transaction = {
        id: randomBytes(12).toString('hex'),
        startSeq: seq,
        writes: new Map(),
        ended,
        end,
        timer: undefined as never,
      };
      transaction.timer = setTimeout(() => endTransaction(transaction), TRANSACTION_LIFETIME_MS);
      transaction.timer.unref();
      transactions.set(transaction.id, transaction);
      return { transactionId: transaction.id };
    },
    'database.commitTransaction'(params) {
      const transaction = transactionOf(params.transactionId);
      if (transaction === undefined) throw new DatabaseError('INVALID_PARAM', 'transactionId is required');
      seq++;
      for (const { collection, id, doc } of transaction.writes.values()) collectionOf(collection).set(id, { doc, seq });
      endTransaction(transaction);
      save();
      return {};
    },
    'database.abortTransaction'(params) {
      // Aborting one that already ended (a conflict aborts it) answers ok, as the SDK's rollback expects.
      const transaction = transactions.get(String(params.transactionId));
      if (transaction !== undefined) endTransaction(transaction);
      return {};
    },
    'database.addCollection'(params) {
      if (typeof params.collectionName !== 'string' || params.collectionName === '')
        throw new DatabaseError('INVALID_PARAM', 'collectionName is required');
      if (collections.has(params.collectionName)) throw new DatabaseError('DATABASE_COLLECTION_ALREADY_EXIST', 'collection already exists');
      collections.set(params.collectionName, new Map());
      save();
      return {};
    },
    async 'database.insertDocument'(params) {
      const name = String(params.collectionName);
      const docs = collectionOf(name);
      const transaction = transactionOf(params.transactionId);
      const items = (Array.isArray(params.data) ? params.data : []).map((item) => asDoc(parseEjson(item, now()), 'data'));
      for (const doc of items) doc._id ??= randomBytes(16).toString('hex');
      // Outside a transaction, an id that a transaction is inserting waits for it to end, as MongoDB's insert does.
      if (transaction === undefined)
        for (let held = heldIds(name, items); held !== undefined; held = heldIds(name, items)) await held.ended;
      for (const doc of items) {
        if (visible(name, docs, transaction).some((other) => other._id === doc._id)) {
          const key = JSON.stringify(doc._id);
          throw new DatabaseError(
            'DATABASE_REQUEST_FAILED',
            `E11000 duplicate key error collection: ${name} index: _id_ dup key: { _id: ${key} }`,
          );
        }
        write(name, docs, doc._id, doc, transaction);
      }
      if (transaction === undefined) save();
      return { data: { insertedIds: items.map((doc) => doc._id) } };
    },
    'database.getDocument'(params) {
      const name = String(params.collectionName);
      const query = asDoc(parseEjson(params.query, now()), 'query');
      const projection = params.projection === undefined ? undefined : asDoc(parseEjson(params.projection, now()), 'projection');
      const cursor = find(visible(name, collectionOf(name), transactionOf(params.transactionId)), query, projection);
      if (params.order !== undefined) cursor.sort(asDoc(parseEjson(params.order, now()), 'order'));
      const offset = typeof params.offset === 'number' ? params.offset : 0;
      const limit = Math.min(typeof params.limit === 'number' && params.limit > 0 ? params.limit : DEFAULT_LIMIT, MAX_LIMIT);
      const list = (cursor.skip(offset).limit(limit).all() as Doc[]).map(toEjson);
      return { data: { list, limit, offset } };
    },
    'database.calculateDocument'(params) {
      const name = String(params.collectionName);
      const query = asDoc(parseEjson(params.query, now()), 'query');
      return { data: { total: find(visible(name, collectionOf(name), undefined), query).all().length } };
    },
    async 'database.modifyDocument'(params) {
      const name = String(params.collectionName);
      const docs = collectionOf(name);
      const transaction = transactionOf(params.transactionId);
      const data = asDoc(parseEjson(params.data, now()), 'data');
      const replace = params.merge === false;
      const { query, found } = await targets(name, docs, params, transaction);
      let updated = 0;
      for (const doc of found) {
        const next = changed(doc, data, replace);
        if (next !== null) {
          write(name, docs, doc._id, next, transaction);
          updated++;
        }
      }
      let upsertId: unknown;
      if (found.length === 0 && params.upsert === true) {
        upsertId = query._id ?? randomBytes(16).toString('hex');
        const created = replace ? { ...data, _id: upsertId } : { _id: upsertId };
        if (!replace) update(created, data);
        write(name, docs, upsertId, created, transaction);
      }
      if (transaction === undefined) save();
      return { data: upsertId === undefined ? { updated } : { updated, upsert_id: upsertId } };
    },
    async 'database.modifyAndReturnDoc'(params) {
      const name = String(params.collectionName);
      const docs = collectionOf(name);
      const transaction = transactionOf(params.transactionId);
      const data = asDoc(parseEjson(params.data, now()), 'data');
      const [doc] = (await targets(name, docs, { ...params, multi: false }, transaction)).found;
      if (doc === undefined) return { data: { updated: 0, doc: null } };
      const next = changed(doc, data, false);
      if (next !== null) write(name, docs, doc._id, next, transaction);
      if (transaction === undefined) save();
      return { data: { updated: next === null ? 0 : 1, doc: toEjson(next ?? doc) } };
    },
    async 'database.removeDocument'(params) {
      const name = String(params.collectionName);
      const docs = collectionOf(name);
      const transaction = transactionOf(params.transactionId);
      const { found } = await targets(name, docs, params, transaction);
      for (const doc of found) write(name, docs, doc._id, null, transaction);
      if (transaction === undefined) save();
      return { data: { deleted: found.length } };
    },
  };

  return {
    async answer(action, params) {
      const requestId = randomBytes(8).toString('hex');
      try {
        const run = Object.prototype.hasOwnProperty.call(actions, action) ? actions[action] : undefined;
        if (run === undefined) throw new DatabaseError('INVALID_ACTION', `the emulator does not serve ${action}`);
        return { ...(await run(params)), requestId };
      } catch (error) {
        if (error instanceof DatabaseError) return { code: error.code, message: error.message, requestId };
        return { code: 'DATABASE_REQUEST_FAILED', message: (error as Error).message, requestId };
      }
    },
    documents: (name) => {
      const docs = collections.get(name);
      return docs === undefined ? undefined : structuredClone(live(docs));
    },
    setCollection(name, docs) {
      if (docs === undefined) collections.delete(name);
      else fill(name, docs);
      save();
    },
    extra,
    save,
    close() {
      for (const transaction of [...transactions.values()]) endTransaction(transaction);
    },
  };
}
