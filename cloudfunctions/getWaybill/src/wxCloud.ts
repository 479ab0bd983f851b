// The one module that touches wx-server-sdk: initialisation, the caller's
// identity, and the cloud-call transport. The SDK reads WeChat's answer before
// we do; weChatAnswer/sdkBody.ts recovers the body as the SDK let it be seen,
// so both transports hand the same body to the one reader.
//
// The SDK has no per-call timeout, never closes a connection it gave up on, and
// reads any answer whole before parsing it. So each attempt runs in its own
// async context, and the SDK's network layer (cloudbaseNetwork.d.ts) is wrapped:
// a request made inside an attempt is refused when its answer is too large, and
// destroyed when the attempt ends without having read it to its end.
import { AsyncLocalStorage } from 'async_hooks';
import type { ClientRequest, IncomingMessage } from 'http';
import cloud = require('wx-server-sdk');
import sdkNetwork = require('@cloudbase/node-sdk/dist/utils/request-core');
import {
  answerTooLarge,
  MAX_ANSWER_BYTES,
  UpstreamFailure,
  type WeChatAnswer,
  type WeChatApiName,
  type WeChatTransport,
} from './transportPort';
import { readWeChatAnswer } from './weChatAnswer/readAnswer';
import { bodyOfSdkAnswer, bodyOfSdkFailure } from './weChatAnswer/sdkBody';

// Module scope runs once per cold start: init only, nothing that waits.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export function callerOpenid(): string | undefined {
  const openid: unknown = cloud.getWXContext().OPENID;
  return typeof openid === 'string' && openid !== '' ? openid : undefined;
}

const SDK_CALLS: Readonly<Record<WeChatApiName, (query: object) => Promise<unknown>>> = {
  getOrder: (query) => cloud.openapi.logistics.getOrder(query),
  getPath: (query) => cloud.openapi.logistics.getPath(query),
};

/** One attempt of a cloud call: the requests it has not read to their end, and whether its answer was too large. */
interface Attempt {
  unfinished: Set<ClientRequest>;
  tooLarge: boolean;
}

interface AttemptContext {
  run<R>(attempt: Attempt, work: () => R): R;
  getStore(): Attempt | undefined;
}

// AsyncLocalStorage is in Node 12.17 and later (the tests run 12.22, 16 and 20). On an older
// runtime the cloud call behaves as the bare SDK does, rather than the function failing to load.
const attempts: AttemptContext =
  typeof AsyncLocalStorage === 'function'
    ? new AsyncLocalStorage<Attempt>()
    : { run: (_attempt, work) => work(), getStore: () => undefined };

const sdkRequest = sdkNetwork.request;
sdkNetwork.request = (options, callback) => {
  const attempt = attempts.getStore();
  if (attempt === undefined) return sdkRequest(options, callback); // not a logistics call of ours
  let called = false;
  const callOnce: sdkNetwork.RequestCallback = (error, response, body) => {
    if (called) return;
    called = true;
    if (error === null || error === undefined) attempt.unfinished.delete(request); // read to its end: the connection is free
    callback(error, response, body);
  };
  const request = sdkRequest(options, callOnce);
  attempt.unfinished.add(request);
  request.on('response', (response: IncomingMessage) => {
    const refuse = (): void => {
      attempt.tooLarge = true;
      request.destroy();
      callOnce(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
    };
    // Refused by its declared length before a byte is read, or as soon as it is read past the limit.
    if (Number(response.headers['content-length']) > MAX_ANSWER_BYTES) return refuse();
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES && !attempt.tooLarge) refuse();
    });
  });
  return request;
};

/** The SDK's answer, or a timeout when the attempt's time is up first. */
function beforeDeadline<T>(api: WeChatApiName, work: Promise<T>, deadlineAt: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    const ms = Math.max(0, deadlineAt - Date.now());
    timer = setTimeout(() => reject(new UpstreamFailure('timeout', undefined, `${api}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The SDK converts the camelCase query to WeChat's snake_case itself. */
export const cloudTransport: WeChatTransport = async (api, query, { attemptDeadlineAt }): Promise<WeChatAnswer> => {
  const attempt: Attempt = { unfinished: new Set(), tooLarge: false };
  const answered = attempts.run(attempt, () => SDK_CALLS[api]({ ...query }));
  let body: unknown;
  try {
    body = bodyOfSdkAnswer(api, await beforeDeadline(api, answered, attemptDeadlineAt));
  } catch (error) {
    if (attempt.tooLarge) throw answerTooLarge(api);
    if (error instanceof UpstreamFailure) throw error;
    body = bodyOfSdkFailure(api, error);
  } finally {
    // Answered or not, the attempt is over: a connection still waiting for its answer goes with it.
    for (const request of attempt.unfinished) request.destroy();
  }
  return readWeChatAnswer(api, body);
};
